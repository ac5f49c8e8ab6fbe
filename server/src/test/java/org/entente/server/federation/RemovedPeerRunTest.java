package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Agency;
import org.entente.server.testing.Databases;
import org.entente.server.testing.Pki;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * An admin removes a peer while one of its runs waits on it. On SQLite the run found its pull
 * cursor gone and said that another process had pulled the same page; on PostgreSQL its next write
 * failed on a foreign key and was logged as a failure of this node, with a stack trace. The run
 * must store nothing more against a peer that is gone, and end as the run of a removed peer: a
 * report that says so, and no warning in the node's log.
 */
class RemovedPeerRunTest {

    /** A node that syncs only when asked, so that each run's report can be read. */
    private static TestNode node(Dialect dialect) {
        return TestNode.start(
                dialect,
                Databases.fresh(dialect),
                "entente.organisation=CSA Singapore",
                "entente.federation.enabled=false");
    }

    /** What the federation's classes log while {@code action} runs, INFO and above. */
    private static List<ILoggingEvent> logged(Callable<?> action) throws Exception {
        Logger federation = (Logger) LoggerFactory.getLogger("org.entente.server.federation");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Level before = federation.getLevel();
        federation.setLevel(Level.INFO); // the tests' nodes log WARN and above
        logged.start();
        federation.addAppender(logged);
        try {
            action.call();
        } finally {
            federation.detachAppender(logged);
            federation.setLevel(before);
        }
        return List.copyOf(logged.list);
    }

    /** Asserts that no line is a warning or an error, and that {@code expected} is one of them. */
    private static void quietSaying(List<ILoggingEvent> logged, String expected) {
        assertThat(logged)
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage)
                .isEmpty();
        assertThat(logged).extracting(ILoggingEvent::getFormattedMessage).contains(expected);
    }

    private static final String REMOVED =
            "peer 'removed' was removed while it was syncing; the run ended there";

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aPeerRemovedWhileItsRunWaitsOnItEndsTheRunQuietly(Dialect dialect) throws Exception {
        Path certs = Files.createTempDirectory("entente-removed-peer-");
        String late = Samples.id("indicator");
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch removed = new CountDownLatch(1);
        FakePeer.Behaviour waitsForTheRemoval =
                (q, n) -> {
                    asked.countDown();
                    try {
                        if (!removed.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the peer was never removed");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return FakePeer.Answer.page(
                            FakePeer.envelope(
                                    false,
                                    null,
                                    List.of(Samples.indicator(late, "late", Tlp.CLEAR))),
                            Map.of("X-TAXII-Date-Added-Last", "2024-05-01T00:00:00.000000Z"));
                };
        try (TestNode node = node(dialect);
                FakePeer fake = new FakePeer(Pki.create(certs, "removed"), waitsForTheRemoval)) {
            Agency us = node.agency("sg");
            us.organisation("partner", "Removed Partner", "JP");
            us.agreement(
                    "MOC removed",
                    "Removed Partner",
                    Agency.area("information-exchange", "receive", "amber", "none", false));
            String peer =
                    us.peer(
                                    "removed",
                                    "Removed Partner",
                                    fake.base(),
                                    FakePeer.TOKEN,
                                    Optional.of(fake.identity().certificatePem()),
                                    true,
                                    false)
                            .get("id")
                            .stringValue();
            List<ILoggingEvent> logged;
            try {
                logged =
                        logged(
                                () -> {
                                    CompletableFuture<JsonNode> run =
                                            CompletableFuture.supplyAsync(() -> us.sync("removed"));
                                    assertThat(asked.await(60, TimeUnit.SECONDS))
                                            .as("the run asks the peer")
                                            .isTrue();
                                    Agency.Answer gone =
                                            us.call(
                                                    "DELETE",
                                                    "/api/v1/peers/" + peer,
                                                    null,
                                                    "application/json");
                                    assertThat(gone.status()).as(gone.body()).isEqualTo(204);
                                    removed.countDown();
                                    JsonNode report = run.get(60, TimeUnit.SECONDS);
                                    assertThat(report.get("outcome").stringValue())
                                            .isEqualTo("DISABLED");
                                    assertThat(report.get("failure").stringValue())
                                            .isEqualTo(REMOVED);
                                    return report;
                                });
            } finally {
                removed.countDown();
            }
            assertThat(us.objects("threat-intel"))
                    .as("the page that came after the removal is not stored")
                    .noneMatch(o -> o.get("id").stringValue().equals(late));
            quietSaying(logged, REMOVED);
            assertThat(us.call("GET", "/api/v1/peers/" + peer, null, "application/json").status())
                    .isEqualTo(404);
        }
    }

    /**
     * The removal comes after the run's last write and before the run records its events: they have
     * no peer to be recorded against, which is logged as such, not warned of as a failure to record
     * them.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRunWhosePeerIsRemovedAsItEndsRecordsNothingAndWarnsOfNothing(Dialect dialect)
            throws Exception {
        try (TestNode node = node(dialect)) {
            Agency us = node.agency("sg");
            String partner = us.organisation("partner", "Gone Partner", "JP");
            // this test never runs the peer: it ends a run of it
            String id = us.deadPeer("gone", partner, us.token("gone", partner, "partner"), false);
            Peer peer = node.bean(PeerDao.class).find(id).orElseThrow();
            Runs runs = node.bean(Runs.class);
            LeaseOwner owner = LeaseOwner.once();
            assertThat(runs.start(peer, owner)).isTrue();
            Events events = new Events(peer.id(), node.clock());
            events.error(
                    Optional.empty(),
                    new PeerFailure(PeerFailure.Kind.SERVER_ERROR, "what the run saw"));
            Agency.Answer gone = us.call("DELETE", "/api/v1/peers/" + id, null, "application/json");
            assertThat(gone.status()).as(gone.body()).isEqualTo(204);

            quietSaying(
                    logged(
                            () -> {
                                runs.end(peer, owner, false, false, events.list());
                                return null;
                            }),
                    "peer gone was removed as its run ended: its events went with it");
            assertThat(
                            node.node()
                                    .database()
                                    .jdbc()
                                    .sql("SELECT count(*) FROM peer_events WHERE peer_id = ?")
                                    .param(id)
                                    .query(Long.class)
                                    .single())
                    .isZero();
        }
    }
}
