package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Agency.area;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Agency;
import org.entente.server.testing.NodeProcess;
import org.entente.server.testing.Slow;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The loop the brief promises: Singapore shares an indicator, Japan's node pulls it, finds it in
 * Japan's own network logs, and the sighting its detection makes goes back to Singapore, as the
 * area's feedback rule says (anonymised), while a sighting of Japan's own indicator stays home.
 */
@Slow
class DetectionFeedbackTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void aSightingOfAPartnersIndicatorInOurLogsGoesBackToThePartner() {
        CompletableFuture<NodeProcess> sgStart =
                CompletableFuture.supplyAsync(
                        () ->
                                NodeProcess.start(
                                        "sg", Dialect.SQLITE, "CSA Singapore", "SG", Map.of()));
        CompletableFuture<NodeProcess> jpStart =
                CompletableFuture.supplyAsync(
                        () ->
                                NodeProcess.start(
                                        "jp", Dialect.SQLITE, "NISC Japan", "JP", Map.of()));
        try (NodeProcess sgNode = sgStart.join();
                NodeProcess jpNode = jpStart.join()) {
            Agency sg = sgNode.agency();
            Agency jp = jpNode.agency();
            sg.organisation("partner", "NISC Japan", "JP");
            sg.agreement(
                    "SG-JP cybersecurity MOC",
                    "NISC Japan",
                    area("information-exchange", "both", "amber", "none", true));
            String tokenAtSg = sg.token("nisc-node", "NISC Japan", "partner");
            jp.organisation("partner", "CSA Singapore", "SG");
            jp.agreement(
                    "JP-SG cybersecurity MOC",
                    "CSA Singapore",
                    area("information-exchange", "receive", "amber", "none", true, true));
            jp.peer(
                    "sg",
                    "CSA Singapore",
                    sgNode.base(),
                    tokenAtSg,
                    Optional.of(sgNode.identity().certificatePem()),
                    true,
                    true);

            String shared = Samples.id("indicator");
            sg.post("threat-intel", List.of(Samples.indicator(shared, "c2", Tlp.AMBER)));
            String own = Samples.id("indicator");
            while (address(own).equals(address(shared))) {
                own = Samples.id("indicator");
            }
            jp.post("threat-intel", List.of(Samples.indicator(own, "jp own", Tlp.GREEN)));
            Agency.await(
                    PATIENCE,
                    "Japan holds Singapore's indicator",
                    () -> jp.versions("threat-intel").stream().anyMatch(v -> v.startsWith(shared)));

            // Japan's proxy and flow logs: one connection to Singapore's C2, one to its own
            String events =
                    flow("10.2.0.5", address(shared)) + "\n" + flow("10.2.0.6", address(own));
            JsonNode found = jp.api("POST", "/api/v1/detection/events?flush=true", events);
            assertThat(found.get("matches")).hasSize(2);
            assertThat(found.get("sightings_stored").intValue()).isEqualTo(2);

            Agency.await(
                    PATIENCE,
                    "the sighting of Singapore's indicator reaches Singapore",
                    () ->
                            sg.objects("threat-intel").stream()
                                    .anyMatch(o -> o.get("type").stringValue().equals("sighting")));
            List<JsonNode> back =
                    sg.objects("threat-intel").stream()
                            .filter(o -> o.get("type").stringValue().equals("sighting"))
                            .toList();
            assertThat(back).hasSize(1);
            JsonNode sighting = back.get(0);
            assertThat(sighting.get("sighting_of_ref").stringValue()).isEqualTo(shared);
            assertThat(sighting.get("count").intValue()).isEqualTo(1);
            assertThat(sighting.has("created_by_ref")).as("anonymised").isFalse();
            assertThat(sighting.has("where_sighted_refs")).as("anonymised").isFalse();
            assertThat(sighting.get("object_marking_refs").get(0).stringValue())
                    .isEqualTo(Tlp.AMBER.markingId());
            // Japan keeps both sightings, its own unsent
            assertThat(
                            jp.objects("threat-intel").stream()
                                    .filter(o -> o.get("type").stringValue().equals("sighting"))
                                    .map(o -> o.get("sighting_of_ref").stringValue()))
                    .containsExactlyInAnyOrder(shared, own);
        }
    }

    private static String address(String indicatorId) {
        return "203.0.113." + Math.abs(indicatorId.hashCode() % 250);
    }

    private static String flow(String source, String destination) {
        return "{\"ts\":\"2026-11-27T10:00:00Z\",\"src_ip\":\""
                + source
                + "\",\"dst_ip\":\""
                + destination
                + "\",\"dst_port\":443,\"bytes\":5120}";
    }
}
