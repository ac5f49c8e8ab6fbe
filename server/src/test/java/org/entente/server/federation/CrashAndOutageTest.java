package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Agency.area;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.entente.server.Node;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Agency;
import org.entente.server.testing.NodeProcess;
import org.entente.server.testing.Slow;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nodes in processes of their own killed with SIGKILL in the middle of a pull and of a push, and a
 * peer down for a while: afterwards both sides hold the same ids and versions, each once, and each
 * receipt is in the ledger once.
 */
@Slow
class CrashAndOutageTest {
    private static final int OBJECTS = 12_000;
    private static final int PAGE = 500;
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    private static NodeProcess[] pair(Dialect dialect, Map<String, String> settings) {
        CompletableFuture<NodeProcess> sg =
                CompletableFuture.supplyAsync(
                        () -> NodeProcess.start("sg", dialect, "CSA Singapore", "SG", settings));
        CompletableFuture<NodeProcess> jp =
                CompletableFuture.supplyAsync(
                        () -> NodeProcess.start("jp", dialect, "NISC Japan", "JP", settings));
        return new NodeProcess[] {sg.join(), jp.join()};
    }

    private static void post(Agency a, int n, Tlp tlp) {
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(Samples.indicator(Samples.id("indicator"), "bulk " + i, tlp));
            if (batch.size() == 4000 || i == n - 1) {
                assertThat(a.post("threat-intel", batch).get("success_count").intValue())
                        .isEqualTo(batch.size());
                batch.clear();
            }
        }
    }

    /** Both sides hold the same ids and versions, and the receiver's ledger each receipt once. */
    private static void sameOnBothSides(Agency from, Agency to, Node toDb, int expected) {
        assertThat(to.versions("threat-intel")).isEqualTo(from.versions("threat-intel"));
        assertThat(Agency.count(toDb, "threat-intel")).isEqualTo(expected);
        assertThat(Agency.ledger(toDb, "RECEIVED")).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void killDashNineInTheMiddleOfAPullLosesNothingAndDuplicatesNothing(Dialect dialect) {
        NodeProcess[] nodes = pair(dialect, Map.of("entente.federation.page-size", "" + PAGE));
        try (NodeProcess sgNode = nodes[0];
                NodeProcess jpNode = nodes[1];
                Node jpDb = jpNode.open()) {
            Agency sg = sgNode.agency();
            Agency jp = jpNode.agency();
            sg.organisation("partner", "NISC Japan", "JP");
            sg.agreement(
                    "SG-JP MOC",
                    "NISC Japan",
                    area("information-exchange", "share", "amber", "none", false));
            String token = sg.token("nisc-node", "NISC Japan", "partner");
            jp.organisation("partner", "CSA Singapore", "SG");
            jp.agreement(
                    "JP-SG MOC",
                    "CSA Singapore",
                    area("information-exchange", "receive", "amber", "none", false));
            post(sg, OBJECTS, Tlp.GREEN);

            jp.peer(
                    "sg",
                    "CSA Singapore",
                    sgNode.base(),
                    token,
                    Optional.of(sgNode.identity().certificatePem()),
                    true,
                    false);
            Agency.await(
                    PATIENCE,
                    "the pull is under way",
                    () -> Agency.count(jpDb, "threat-intel") > 2 * PAGE);
            jpNode.kill();
            long atKill = Agency.count(jpDb, "threat-intel");
            assertThat(atKill).as("killed in the middle of the pull").isLessThan(OBJECTS);

            jpNode.restart();
            Agency.await(
                    PATIENCE,
                    "the pull resumes and completes",
                    () -> Agency.count(jpDb, "threat-intel") == OBJECTS);
            sameOnBothSides(sg, jp, jpDb, OBJECTS);
            Agency.await(
                    Duration.ofSeconds(30),
                    "the counts are recorded",
                    () -> jp.health("sg").get("objects_received").longValue() == OBJECTS);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void killDashNineInTheMiddleOfAPushLosesNothingAndResendsNothingThePeerHolds(Dialect dialect) {
        NodeProcess[] nodes = pair(dialect, Map.of("entente.federation.page-size", "" + PAGE));
        try (NodeProcess sgNode = nodes[0];
                NodeProcess jpNode = nodes[1];
                Node jpDb = jpNode.open()) {
            Agency sg = sgNode.agency();
            Agency jp = jpNode.agency();
            // Singapore pushes; Japan lets it read back what it received (CLEAR goes anywhere),
            // which is how the pusher learns what Japan holds of a page whose answer it lost
            jp.organisation("partner", "CSA Singapore", "SG");
            jp.agreement(
                    "JP-SG MOC",
                    "CSA Singapore",
                    area("information-exchange", "both", "amber", "none", false));
            String token = jp.token("csa-node", "CSA Singapore", "partner");
            sg.organisation("partner", "NISC Japan", "JP");
            sg.agreement(
                    "SG-JP MOC",
                    "NISC Japan",
                    area("information-exchange", "share", "amber", "none", false));
            post(sg, OBJECTS, Tlp.CLEAR);

            sg.peer(
                    "jp",
                    "NISC Japan",
                    jpNode.base(),
                    token,
                    Optional.of(jpNode.identity().certificatePem()),
                    false,
                    true);
            Agency.await(
                    PATIENCE,
                    "the push is under way",
                    () -> Agency.count(jpDb, "threat-intel") > 2 * PAGE);
            sgNode.kill();
            assertThat(Agency.count(jpDb, "threat-intel"))
                    .as("killed in the middle of the push")
                    .isLessThan(OBJECTS);

            sgNode.restart();
            Agency.await(
                    PATIENCE,
                    "the push resumes and completes",
                    () -> Agency.count(jpDb, "threat-intel") == OBJECTS);
            sameOnBothSides(sg, jp, jpDb, OBJECTS);
            // every object posted to Japan was new there: nothing it held was sent again
            String principal = jpDb.principals().byName("csa-node").orElseThrow().id();
            long accepted =
                    jpDb.database()
                            .jdbc()
                            .sql(
                                    """
                                    SELECT COALESCE(SUM(c.success_count), 0) FROM status_chunks c
                                      JOIN statuses s ON s.id = c.status_id
                                     WHERE s.principal_id = :p
                                    """)
                            .param("p", principal)
                            .query(Long.class)
                            .single();
            assertThat(accepted).isEqualTo(OBJECTS);
        }
    }

    @Test
    void aPeerDownForAWhileThenBackGetsEverythingOnce() {
        NodeProcess[] nodes =
                pair(
                        Dialect.SQLITE,
                        Map.of(
                                "entente.federation.max-backoff", "2s",
                                "entente.federation.connect-timeout", "2s"));
        try (NodeProcess sgNode = nodes[0];
                NodeProcess jpNode = nodes[1];
                Node jpDb = jpNode.open()) {
            Agency sg = sgNode.agency();
            Agency jp = jpNode.agency();
            sg.organisation("partner", "NISC Japan", "JP");
            sg.agreement(
                    "SG-JP MOC",
                    "NISC Japan",
                    area("information-exchange", "share", "amber", "none", false));
            String token = sg.token("nisc-node", "NISC Japan", "partner");
            jp.organisation("partner", "CSA Singapore", "SG");
            jp.agreement(
                    "JP-SG MOC",
                    "CSA Singapore",
                    area("information-exchange", "receive", "amber", "none", false));
            jp.peer(
                    "sg",
                    "CSA Singapore",
                    sgNode.base(),
                    token,
                    Optional.of(sgNode.identity().certificatePem()),
                    true,
                    false);
            post(sg, 1000, Tlp.GREEN);
            Agency.await(
                    PATIENCE,
                    "the first thousand",
                    () -> Agency.count(jpDb, "threat-intel") == 1000);

            sgNode.stop();
            Agency.await(
                    Duration.ofSeconds(60),
                    "Japan notices Singapore is down and says why",
                    () -> jp.health("sg").get("consecutive_failures").intValue() >= 3);
            assertThat(jp.health("sg").get("state").stringValue()).isEqualTo("failing");
            assertThat(jp.health("sg").get("events").get(0).get("message").stringValue())
                    .contains("unreachable");

            sgNode.restart();
            post(sg, 1000, Tlp.GREEN);
            Agency.await(
                    PATIENCE,
                    "everything arrives once Singapore is back",
                    () -> Agency.count(jpDb, "threat-intel") == 2000);
            sameOnBothSides(sg, jp, jpDb, 2000);
            Agency.await(
                    Duration.ofSeconds(30),
                    "the peer is healthy again",
                    () -> jp.health("sg").get("state").stringValue().equals("ok"));
        }
    }
}
