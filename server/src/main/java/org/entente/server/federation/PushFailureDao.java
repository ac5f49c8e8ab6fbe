package org.entente.server.federation;

import java.util.List;
import org.entente.server.db.Database;

/** Objects of ours that peers refused, with how often they were sent and when they go again. */
public final class PushFailureDao {
    private final Database db;

    public PushFailureDao(Database db) {
        this.db = db;
    }

    /**
     * Records a refusal to retry at its {@code nextAttemptAt} (empty: given up), the first at
     * {@code now}; in the caller's transaction.
     */
    public void save(PushFailure f, long now) {
        String m = f.message();
        Long next = f.nextAttemptAt().isPresent() ? f.nextAttemptAt().getAsLong() : null;
        int updated =
                db.jdbc()
                        .sql(
                                """
                                UPDATE peer_push_failures SET message = :m, attempts = :a,
                                       next_attempt_at = :next
                                 WHERE peer_id = :p AND remote_id = :r AND stix_id = :id
                                   AND version = :v
                                """)
                        .param("m", m)
                        .param("a", f.attempts())
                        .param("next", next)
                        .param("p", f.peerId())
                        .param("r", f.remoteId())
                        .param("id", f.stixId())
                        .param("v", f.version())
                        .update();
        if (updated == 0) {
            db.jdbc()
                    .sql(
                            """
                            INSERT INTO peer_push_failures (peer_id, remote_id, stix_id, version,
                                                            message, attempts, next_attempt_at,
                                                            first_failed_at)
                            VALUES (:p, :r, :id, :v, :m, :a, :next, :now)
                            """)
                    .param("p", f.peerId())
                    .param("r", f.remoteId())
                    .param("id", f.stixId())
                    .param("v", f.version())
                    .param("m", m)
                    .param("a", f.attempts())
                    .param("next", next)
                    .param("now", now)
                    .update();
        }
    }

    /** A refused object the peer now accepted; caller's transaction. */
    public void succeeded(String peerId, String remoteId, String stixId, String version) {
        db.jdbc()
                .sql(
                        """
                        DELETE FROM peer_push_failures
                         WHERE peer_id = :p AND remote_id = :r AND stix_id = :id AND version = :v
                        """)
                .param("p", peerId)
                .param("r", remoteId)
                .param("id", stixId)
                .param("v", version)
                .update();
    }

    /** Refusals whose retry is due. */
    public List<PushFailure> due(String peerId, String remoteId, long now, int limit) {
        return db.jdbc()
                .sql(
                        """
                        SELECT * FROM peer_push_failures
                         WHERE peer_id = :p AND remote_id = :r AND next_attempt_at IS NOT NULL
                           AND next_attempt_at <= :now
                         ORDER BY next_attempt_at LIMIT CAST(:limit AS INTEGER)
                        """)
                .param("p", peerId)
                .param("r", remoteId)
                .param("now", now)
                .param("limit", limit)
                .query(
                        (rs, n) ->
                                new PushFailure(
                                        rs.getString("peer_id"),
                                        rs.getString("remote_id"),
                                        rs.getString("stix_id"),
                                        rs.getString("version"),
                                        rs.getString("message"),
                                        rs.getInt("attempts"),
                                        PeerDao.optionalLong(rs, rs.findColumn("next_attempt_at"))))
                .list();
    }

    /** A peer's refusals, oldest first. */
    public List<PushFailure> list(String peerId) {
        return db.jdbc()
                .sql(
                        "SELECT * FROM peer_push_failures WHERE peer_id = :p"
                                + " ORDER BY first_failed_at, stix_id")
                .param("p", peerId)
                .query(
                        (rs, n) ->
                                new PushFailure(
                                        rs.getString("peer_id"),
                                        rs.getString("remote_id"),
                                        rs.getString("stix_id"),
                                        rs.getString("version"),
                                        rs.getString("message"),
                                        rs.getInt("attempts"),
                                        PeerDao.optionalLong(rs, rs.findColumn("next_attempt_at"))))
                .list();
    }
}
