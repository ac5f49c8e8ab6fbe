package org.entente.server.federation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.entente.server.db.Database;

/**
 * The collections each peer opens to us, the collection of ours each maps to, and the cursors:
 * where pulling resumes, how far our objects and our feedback were pushed. A cursor moves only from
 * where the caller read it, in the transaction that stores or records what the move covers, so a
 * concurrent run of the same peer fails ({@link ConcurrentSync}) instead of skipping or repeating.
 */
public final class PeerCollectionDao {
    private final Database db;

    public PeerCollectionDao(Database db) {
        this.db = db;
    }

    private static PeerCollection collection(ResultSet rs) throws SQLException {
        return new PeerCollection(
                rs.getString("peer_id"),
                rs.getString("remote_id"),
                Optional.ofNullable(rs.getString("remote_alias")),
                Optional.ofNullable(rs.getString("remote_title")),
                rs.getInt("can_read") != 0,
                rs.getInt("can_write") != 0,
                Optional.ofNullable(rs.getString("local_collection")),
                new PeerCollection.PullCursor(
                        Optional.ofNullable(rs.getString("pull_after")),
                        Optional.ofNullable(rs.getString("pull_next"))),
                rs.getLong("push_after"),
                PeerDao.optionalLong(rs, rs.findColumn("push_pending")),
                rs.getLong("feedback_after"));
    }

    public List<PeerCollection> collections(String peerId) {
        return db.jdbc()
                .sql("SELECT * FROM peer_collections WHERE peer_id = :p ORDER BY remote_id")
                .param("p", peerId)
                .query((rs, n) -> collection(rs))
                .list();
    }

    /** A collection as the peer lists it now, and the collection of ours it maps to. */
    public record Listed(
            String remoteId,
            Optional<String> alias,
            Optional<String> title,
            boolean canRead,
            boolean canWrite,
            Optional<String> localCollection) {}

    /**
     * Records the peer's collection list: new collections start with empty cursors (everything
     * eligible is pulled and pushed), known ones keep theirs and their mapping, those no longer
     * listed can no longer be read or written.
     */
    public void saveListing(String peerId, List<Listed> listed, long now) {
        db.inTransaction(
                () -> {
                    db.jdbc()
                            .sql(
                                    "UPDATE peer_collections SET can_read = 0, can_write = 0"
                                            + " WHERE peer_id = :p")
                            .param("p", peerId)
                            .update();
                    for (Listed l : listed) {
                        int updated =
                                db.jdbc()
                                        .sql(
                                                """
                                                UPDATE peer_collections SET remote_alias = :alias,
                                                       remote_title = :title, can_read = :r,
                                                       can_write = :w, listed_at = :now,
                                                       local_collection = COALESCE(local_collection,
                                                                                   :local)
                                                 WHERE peer_id = :p AND remote_id = :id
                                                """)
                                        .param("alias", l.alias().orElse(null))
                                        .param("title", l.title().orElse(null))
                                        .param("r", l.canRead() ? 1 : 0)
                                        .param("w", l.canWrite() ? 1 : 0)
                                        .param("now", now)
                                        .param("local", l.localCollection().orElse(null))
                                        .param("p", peerId)
                                        .param("id", l.remoteId())
                                        .update();
                        if (updated == 0) {
                            db.jdbc()
                                    .sql(
                                            """
                                            INSERT INTO peer_collections
                                                (peer_id, remote_id, remote_alias, remote_title,
                                                 can_read, can_write, local_collection, push_after,
                                                 feedback_after, listed_at)
                                            VALUES (:p, :id, :alias, :title, :r, :w, :local,
                                                    0, 0, :now)
                                            """)
                                    .param("p", peerId)
                                    .param("id", l.remoteId())
                                    .param("alias", l.alias().orElse(null))
                                    .param("title", l.title().orElse(null))
                                    .param("r", l.canRead() ? 1 : 0)
                                    .param("w", l.canWrite() ? 1 : 0)
                                    .param("local", l.localCollection().orElse(null))
                                    .param("now", now)
                                    .update();
                        }
                    }
                });
    }

    /**
     * Moves a pull cursor from {@code from} to {@code to} in the caller's transaction, which also
     * stores the objects the move covers. Fails when the cursor is no longer at {@code from}:
     * another node or process pulled the same page meanwhile, and this transaction must roll back.
     */
    public void advancePull(
            String peerId,
            String remoteId,
            PeerCollection.PullCursor from,
            PeerCollection.PullCursor to) {
        int moved =
                db.jdbc()
                        .sql(
                                """
                                UPDATE peer_collections SET pull_after = :after, pull_next = :next
                                 WHERE peer_id = :p AND remote_id = :id
                                   AND COALESCE(pull_after, '') = :fromAfter
                                   AND COALESCE(pull_next, '') = :fromNext
                                """)
                        .param("after", to.after().orElse(null))
                        .param("next", to.next().orElse(null))
                        .param("p", peerId)
                        .param("id", remoteId)
                        .param("fromAfter", from.after().orElse(""))
                        .param("fromNext", from.next().orElse(""))
                        .update();
        if (moved != 1) {
            throw new ConcurrentSync(
                    "the pull cursor of "
                            + remoteId
                            + " moved meanwhile: another process pulled the same page");
        }
    }

    /** Notes, in a transaction of its own, that a page up to {@code upTo} is being sent. */
    public void pushPending(String peerId, String remoteId, long upTo) {
        db.inTransaction(
                () ->
                        db.jdbc()
                                .sql(
                                        "UPDATE peer_collections SET push_pending = :upTo"
                                                + " WHERE peer_id = :p AND remote_id = :id")
                                .param("upTo", upTo)
                                .param("p", peerId)
                                .param("id", remoteId)
                                .update());
    }

    /**
     * Moves the push cursor from {@code from} to {@code to} and clears the pending page, in the
     * caller's transaction.
     */
    public void advancePush(String peerId, String remoteId, long from, long to) {
        int moved =
                db.jdbc()
                        .sql(
                                """
                                UPDATE peer_collections SET push_after = :to, push_pending = NULL
                                 WHERE peer_id = :p AND remote_id = :id AND push_after = :from
                                """)
                        .param("to", to)
                        .param("p", peerId)
                        .param("id", remoteId)
                        .param("from", from)
                        .update();
        if (moved != 1) {
            throw new ConcurrentSync(
                    "the push cursor of "
                            + remoteId
                            + " moved meanwhile: another process pushed the same page");
        }
    }

    /** Moves the feedback cursor, in the caller's transaction. */
    public void advanceFeedback(String peerId, String remoteId, long from, long to) {
        int moved =
                db.jdbc()
                        .sql(
                                """
                                UPDATE peer_collections SET feedback_after = :to
                                 WHERE peer_id = :p AND remote_id = :id AND feedback_after = :from
                                """)
                        .param("to", to)
                        .param("p", peerId)
                        .param("id", remoteId)
                        .param("from", from)
                        .update();
        if (moved != 1) {
            throw new ConcurrentSync(
                    "the feedback cursor of " + remoteId + " moved meanwhile: another process ran");
        }
    }
}
