package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Agency;
import org.entente.server.testing.Databases;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.Assumptions;

/**
 * Removing a peer while one of its runs writes: the run's row must not outlive the peer, nor make
 * the removal fail. A CI run on PostgreSQL failed in {@code DELETE FROM peers}: a sync run had
 * recorded one of the peer's collections between the removal's delete of them and its delete of the
 * peer, and the peer's row was still referenced.
 */
class PeerRemovalTest {

    @EachDatabase
    void aPeerRemovedWhileARunRecordsOneOfItsCollectionsGoesWithIt(TestNode node) throws Exception {
        // SQLite runs one writer at a time, so nothing can come between the removal's deletes
        Assumptions.assumeTrue(
                node.dialect() == Dialect.POSTGRESQL,
                "needs writers side by side: PostgreSQL only");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Agency local = node.agency("local");
        String partner = local.organisation("partner", "removal partner " + tag, "SG");
        String token = local.token("removal-" + tag, partner, "partner");
        // neither pull nor push, and nobody listens: no run of its own gets far
        String peer = local.deadPeer("removal-" + tag, partner, token, false);

        CompletableFuture<Agency.Answer> removal;
        try (Connection run = node.node().database().dataSource().getConnection()) {
            run.setAutoCommit(false);
            try (PreparedStatement st =
                    run.prepareStatement(
                            "INSERT INTO peer_collections (peer_id, remote_id, can_read, can_write,"
                                    + " push_after, feedback_after, listed_at)"
                                    + " VALUES (?, ?, 1, 1, 0, 0, 0)")) {
                st.setString(1, peer);
                st.setString(2, UUID.randomUUID().toString());
                st.executeUpdate();
            }
            removal =
                    CompletableFuture.supplyAsync(
                            () ->
                                    local.call(
                                            "DELETE",
                                            "/api/v1/peers/" + peer,
                                            null,
                                            "application/json"));
            Databases.awaitASessionWaitingOnALock(
                    node.node().database(), "the removal to wait for the run's transaction");
            run.commit();
        }
        Agency.Answer removed = removal.get(60, TimeUnit.SECONDS);
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(rows(node, "SELECT count(*) FROM peers WHERE id = ?", peer)).isZero();
        assertThat(rows(node, "SELECT count(*) FROM peer_collections WHERE peer_id = ?", peer))
                .isZero();
        assertThat(local.call("GET", "/api/v1/peers/" + peer, null, "application/json").status())
                .isEqualTo(404);
    }

    private static long rows(TestNode node, String sql, String id) {
        return node.node().database().jdbc().sql(sql).param(id).query(Long.class).single();
    }
}
