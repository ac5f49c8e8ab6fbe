package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Agency.area;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.entente.server.Node;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.store.ObjectQuery;
import org.entente.server.testing.Agency;
import org.entente.server.testing.NodeProcess;
import org.entente.server.testing.Slow;
import org.entente.stix.Tlp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Singapore's and Japan's nodes, each in a process of its own over real HTTPS pinned to the other's
 * certificate, exchange under their memorandum on their own schedule: what the agreement allows
 * flows and nothing else, versions and revocations follow, Japan's sightings go back anonymised,
 * everything is in both ledgers once, health and metrics say so, and a suspension or an expiry
 * stops the flow on the next page.
 */
@Slow
class ExchangeTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int PAGE = 100;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void twoAgenciesExchangeWhatTheirAgreementAllowsAndStopWhenItStops(Dialect dialect) {
        CompletableFuture<NodeProcess> sgStart =
                CompletableFuture.supplyAsync(
                        () -> NodeProcess.start("sg", dialect, "CSA Singapore", "SG", Map.of()));
        CompletableFuture<NodeProcess> jpStart =
                CompletableFuture.supplyAsync(
                        () ->
                                NodeProcess.start(
                                        "jp",
                                        dialect,
                                        "NISC Japan",
                                        "JP",
                                        Map.of(
                                                "entente.federation.page-size",
                                                "" + PAGE,
                                                "entente.federation.max-objects-per-second",
                                                "400")));
        try (NodeProcess sgNode = sgStart.join();
                NodeProcess jpNode = jpStart.join();
                Node sgDb = sgNode.open();
                Node jpDb = jpNode.open()) {
            Agency sg = sgNode.agency();
            Agency jp = jpNode.agency();

            // each side records its side of the memorandum
            sg.organisation("partner", "NISC Japan", "JP");
            sg.agreement(
                    "SG-JP cybersecurity MOC",
                    "NISC Japan",
                    area("information-exchange", "share", "amber", "none", true),
                    area("awareness", "share", "green", "community", false));
            String tokenAtSg = sg.token("nisc-node", "NISC Japan", "partner");
            jp.organisation("partner", "CSA Singapore", "SG");
            String[] jpAreas = {
                area("information-exchange", "receive", "amber", "none", true, true),
                area("awareness", "receive", "green", "community", false)
            };
            String jpAgreement = jp.agreement("JP-SG cybersecurity MOC", "CSA Singapore", jpAreas);
            jp.peer(
                    "sg",
                    "CSA Singapore",
                    sgNode.base(),
                    tokenAtSg,
                    Optional.of(sgNode.identity().certificatePem()),
                    true,
                    true);

            // Singapore publishes one object of each TLP, then versions and a revocation
            String clear = Samples.id("indicator");
            String green = Samples.id("indicator");
            String amber = Samples.id("indicator");
            sg.post(
                    "threat-intel",
                    List.of(
                            Samples.indicator(clear, "clear", Tlp.CLEAR),
                            Samples.indicator(green, "green", Tlp.GREEN),
                            Samples.indicator(amber, "amber", Tlp.AMBER),
                            Samples.indicator(Samples.id("indicator"), "strict", Tlp.AMBER_STRICT),
                            Samples.indicator(Samples.id("indicator"), "red", Tlp.RED),
                            Samples.indicator(Samples.id("indicator"), "unmarked", null)));
            String advisory = Samples.id("indicator");
            sg.post(
                    "advisories",
                    List.of(
                            Samples.indicator(advisory, "advisory clear", Tlp.CLEAR),
                            Samples.indicator(
                                    Samples.id("indicator"), "advisory amber", Tlp.AMBER)));
            sg.post(
                    "threat-intel",
                    List.of(
                            Samples.indicator(
                                    clear, "clear v2", Tlp.CLEAR, "2024-06-01T00:00:00.000Z", ""),
                            Samples.indicator(
                                    green,
                                    "green revoked",
                                    Tlp.GREEN,
                                    "2024-06-01T00:00:00.000Z",
                                    ",\"revoked\":true")));
            Set<String> expected =
                    Set.of(
                            clear + "|2024-01-01T00:00:00.000Z",
                            clear + "|2024-06-01T00:00:00.000Z",
                            green + "|2024-01-01T00:00:00.000Z",
                            green + "|2024-06-01T00:00:00.000Z",
                            amber + "|2024-01-01T00:00:00.000Z");
            Agency.await(
                    PATIENCE,
                    "Japan holds what the MOC shares",
                    () ->
                            jp.versions("threat-intel").equals(expected)
                                    && jp.versions("advisories").size() == 1);
            assertThat(jp.versions("advisories"))
                    .containsExactly(advisory + "|2024-01-01T00:00:00.000Z");
            JsonNode latest =
                    jp.taxii("/taxii2/api/collections/threat-intel/objects/" + green + "/")
                            .get("objects")
                            .get(0);
            assertThat(latest.get("revoked").booleanValue()).as("the revocation came").isTrue();

            // Japan's sighting of Singapore's indicator goes back, anonymised; its own does not
            String jpIdentity = jp.localIdentity();
            String sighting = Samples.id("sighting");
            String jpOwn = Samples.id("indicator");
            jp.post(
                    "threat-intel",
                    List.of(
                            Samples.sighting(sighting, amber, Tlp.GREEN, jpIdentity, jpIdentity),
                            Samples.indicator(jpOwn, "jp own", Tlp.GREEN)));
            Agency.await(
                    PATIENCE,
                    "the sighting reaches Singapore",
                    () ->
                            sg.objects("threat-intel").stream()
                                    .anyMatch(o -> o.get("id").stringValue().equals(sighting)));
            JsonNode back =
                    sg.objects("threat-intel").stream()
                            .filter(o -> o.get("id").stringValue().equals(sighting))
                            .findFirst()
                            .orElseThrow();
            assertThat(back.has("created_by_ref")).isFalse();
            assertThat(back.has("where_sighted_refs")).isFalse();
            assertThat(back.get("sighting_of_ref").stringValue()).isEqualTo(amber);
            assertThat(sg.versions("threat-intel")).noneMatch(v -> v.startsWith(jpOwn));

            // Singapore hands Japan's sighting back to Japan (a partner reads back what it sent);
            // Japan's next pull holds it as its own, come back: no second copy, nothing received
            jp.sync("sg");
            assertThat(
                            jpDb.database()
                                    .jdbc()
                                    .sql("SELECT COUNT(*) FROM objects WHERE stix_id = :id")
                                    .param("id", sighting)
                                    .query(Long.class)
                                    .single())
                    .as("Japan's sighting, stored once")
                    .isEqualTo(1);

            // both ledgers hold each object that moved, once
            assertThat(Agency.ledger(jpDb, "RECEIVED")).isEqualTo(6);
            assertThat(Agency.ledger(sgDb, "DISCLOSED")).isEqualTo(6);
            assertThat(Agency.ledger(jpDb, "DISCLOSED")).isEqualTo(1);
            assertThat(Agency.ledger(sgDb, "RECEIVED")).isEqualTo(1);

            JsonNode health = jp.health("sg");
            assertThat(health.get("state").stringValue()).isEqualTo("ok");
            assertThat(health.get("objects_received").longValue()).isEqualTo(6);
            assertThat(health.get("objects_sent").longValue()).isEqualTo(1);
            assertThat(health.get("last_success").isString()).isTrue();
            assertThat(health.get("lag_seconds").isNumber()).isTrue();
            String metrics = jp.call("GET", "/actuator/prometheus", null, "text/plain").body();
            assertThat(metrics)
                    .containsPattern(
                            "entente_federation_objects_total\\{direction=\"received\","
                                    + "outcome=\"stored\",peer=\"sg\"} 6\\.0")
                    .contains("entente_federation_lag_seconds{peer=\"sg\"}")
                    .contains("entente_federation_last_success_timestamp_seconds{peer=\"sg\"}");

            // a suspension on our side stops the pull on the next page; resuming lets it finish
            // counted as Japan's readers see the collection: Japan's own sighting, which Singapore
            // may send back to it, is kept apart in Singapore's lineage (ADR 0009) whenever it
            // comes, and is not part of the stream
            long before = seen(jpDb, "threat-intel");
            sg.post("threat-intel", greens(3000));
            Agency.await(
                    PATIENCE,
                    "the stream has begun",
                    () -> seen(jpDb, "threat-intel") > before + 300);
            jp.suspend(jpAgreement);
            long suspendedAt = micros(jpNode.clock().instant());
            long stopped = stopsAfterThePageInFlight(jp, jpDb, suspendedAt);
            assertThat(stopped).isLessThan(before + 3000);
            assertThat(jp.health("sg").get("events").toString()).contains("suspended");
            jp.resume(jpAgreement);
            Agency.await(
                    PATIENCE,
                    "the rest arrives after resuming",
                    () -> seen(jpDb, "threat-intel") == before + 3000);

            // an expiry passing mid-stream stops it the same way: Japan's clock is moved past it
            Instant expiry = jpNode.clock().instant().plus(Duration.ofHours(1));
            jp.api(
                    "PUT",
                    "/api/v1/agreements/" + jpAgreement,
                    "{\"kind\":\"moc\",\"title\":\"JP-SG cybersecurity MOC\","
                            + "\"effective_from\":\"2020-01-01\",\"expires_at\":\""
                            + expiry
                            + "\",\"parties\":[\"CSA Singapore\"],\"areas\":["
                            + String.join(",", jpAreas)
                            + "]}");
            long beforeExpiry = seen(jpDb, "threat-intel");
            sg.post("threat-intel", greens(3000));
            Agency.await(
                    PATIENCE,
                    "the stream has begun again",
                    () -> seen(jpDb, "threat-intel") > beforeExpiry + 300);
            jpNode.clock()
                    .advance(Duration.between(jpNode.clock().instant(), expiry).plusMinutes(1));
            long expired = stopsAfterThePageInFlight(jp, jpDb, micros(jpNode.clock().instant()));
            assertThat(expired).isGreaterThan(beforeExpiry).isLessThan(beforeExpiry + 3000);
            assertThat(jp.health("sg").get("events").toString()).contains("expired");
            assertThat(Agency.ledger(jpDb, "RECEIVED")).isEqualTo(expired - 1);
        }
    }

    /**
     * After the agreement stopped being in force at {@code since}: the run going on (if any) stores
     * at most the page it had admitted before, and no run after it stores anything. Returns how
     * many objects Japan holds then.
     */
    private static long stopsAfterThePageInFlight(Agency jp, Node jpDb, long since) {
        // a sync now waits for the run going on, then runs once more: that one must stop at once
        jp.sync("sg");
        long stopped = seen(jpDb, "threat-intel");
        jp.sync("sg");
        assertThat(seen(jpDb, "threat-intel"))
                .as("nothing is received once the agreement is not in force")
                .isEqualTo(stopped);
        assertThat(receivedSince(jpDb, since))
                .as("received after the agreement stopped: at most the page already admitted")
                .isLessThanOrEqualTo(PAGE);
        return stopped;
    }

    private static long receivedSince(Node db, long micros) {
        return Agency.versions(db, "RECEIVED", micros).size();
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** The versions of a collection the local agency's own readers see. */
    private static long seen(Node node, String alias) {
        Collection c = node.catalog().find(node.settings().apiRoot(), alias).orElseThrow();
        return node.disclosures().operatorManifest(ObjectQuery.all(c.id(), 10_000)).items().size();
    }

    private static List<String> greens(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Samples.indicator(Samples.id("indicator"), "stream " + i, Tlp.GREEN));
        }
        return out;
    }
}
