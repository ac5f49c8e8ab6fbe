package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Agency.area;

import java.time.Duration;
import java.util.ArrayList;
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

/**
 * Three agencies in a chain, each node in its own process over pinned HTTPS: Singapore shares with
 * Japan up to AMBER+STRICT; Japan shares with Korea up to AMBER+STRICT too, but what Japan received
 * goes on only as TLP and the onward rule of the agreement it came under allow. So AMBER+STRICT
 * stops at Japan, AMBER (never to another partner agency) too, GREEN goes on where the onward rule
 * is community and not where it is none, CLEAR goes on.
 */
@Slow
class OnwardTest {
    @Test
    void aThirdAgencyGetsOnlyWhatTlpAndTheOnwardRuleLetThroughTheMiddleNode() {
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
        CompletableFuture<NodeProcess> krStart =
                CompletableFuture.supplyAsync(
                        () ->
                                NodeProcess.start(
                                        "kr", Dialect.SQLITE, "KISA Korea", "KR", Map.of()));
        try (NodeProcess sgNode = sgStart.join();
                NodeProcess jpNode = jpStart.join();
                NodeProcess krNode = krStart.join()) {
            Agency sg = sgNode.agency();
            Agency jp = jpNode.agency();
            Agency kr = krNode.agency();

            // Singapore - Japan: threat-intel goes on to the community, advisories to nobody
            sg.organisation("partner", "NISC Japan", "JP");
            sg.agreement(
                    "SG-JP MOC",
                    "NISC Japan",
                    area("information-exchange", "share", "amber+strict", "community", false),
                    area("awareness", "share", "amber+strict", "none", false));
            String jpAtSg = sg.token("nisc-node", "NISC Japan", "partner");
            jp.organisation("partner", "CSA Singapore", "SG");
            jp.agreement(
                    "JP-SG MOC",
                    "CSA Singapore",
                    area("information-exchange", "receive", "amber+strict", "community", false),
                    area("awareness", "receive", "amber+strict", "none", false));
            jp.peer(
                    "sg",
                    "CSA Singapore",
                    sgNode.base(),
                    jpAtSg,
                    Optional.of(sgNode.identity().certificatePem()),
                    true,
                    false);

            // Japan - Korea: Japan shares everything its rules allow, up to AMBER+STRICT
            jp.organisation("partner", "KISA Korea", "KR");
            jp.agreement(
                    "JP-KR MOU",
                    "KISA Korea",
                    area("information-exchange", "share", "amber+strict", "none", false),
                    area("awareness", "share", "amber+strict", "none", false));
            String krAtJp = jp.token("kisa-node", "KISA Korea", "partner");
            kr.organisation("partner", "NISC Japan", "JP");
            kr.agreement(
                    "KR-JP MOU",
                    "NISC Japan",
                    area("information-exchange", "receive", "amber+strict", "none", false),
                    area("awareness", "receive", "amber+strict", "none", false));
            kr.peer(
                    "jp",
                    "NISC Japan",
                    jpNode.base(),
                    krAtJp,
                    Optional.of(jpNode.identity().certificatePem()),
                    true,
                    false);

            List<String> threat = new ArrayList<>();
            List<String> advisories = new ArrayList<>();
            for (Tlp t : List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT)) {
                threat.add(Samples.indicator(Samples.id("indicator"), "threat " + t.label(), t));
                advisories.add(
                        Samples.indicator(Samples.id("indicator"), "advisory " + t.label(), t));
            }
            // Japan's own AMBER indicator goes to Korea under Japan's own agreement
            String jpAmber = Samples.id("indicator");
            jp.post("threat-intel", List.of(Samples.indicator(jpAmber, "jp amber", Tlp.AMBER)));
            sg.post("threat-intel", threat);
            sg.post("advisories", advisories);

            Agency.await(
                    Duration.ofSeconds(90),
                    "Japan holds all Singapore shared",
                    () ->
                            jp.versions("threat-intel").size() == 5
                                    && jp.versions("advisories").size() == 4);
            Agency.await(
                    Duration.ofSeconds(60),
                    "Korea holds what may go on",
                    () ->
                            names(kr, "threat-intel")
                                            .containsAll(
                                                    List.of(
                                                            "threat TLP:CLEAR",
                                                            "threat TLP:GREEN",
                                                            "jp amber"))
                                    && names(kr, "advisories").contains("advisory TLP:CLEAR"));
            // once more, by hand, on both hops: nothing else comes
            jp.sync("sg");
            kr.sync("jp");
            assertThat(names(kr, "threat-intel"))
                    .containsExactlyInAnyOrder("threat TLP:CLEAR", "threat TLP:GREEN", "jp amber");
            assertThat(names(kr, "advisories")).containsExactly("advisory TLP:CLEAR");
        }
    }

    private static List<String> names(Agency a, String collection) {
        List<String> out = new ArrayList<>();
        a.objects(collection).forEach(o -> out.add(o.get("name").stringValue()));
        return out;
    }
}
