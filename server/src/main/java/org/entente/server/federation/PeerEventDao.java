package org.entente.server.federation;

import java.util.List;
import java.util.Optional;
import org.entente.server.db.Database;

/** What happened with each peer, its latest events kept. */
public final class PeerEventDao {
    private final Database db;

    public PeerEventDao(Database db) {
        this.db = db;
    }

    /** How many events are kept per peer. */
    static final int EVENTS_KEPT = 500;

    /** Records events and forgets the oldest beyond {@link #EVENTS_KEPT}; own transaction. */
    public void record(List<PeerEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<PeerEvent> kept =
                events.size() > EVENTS_KEPT
                        ? events.subList(events.size() - EVENTS_KEPT, events.size())
                        : events;
        db.inTransaction(
                () -> {
                    db.template()
                            .batchUpdate(
                                    """
                                    INSERT INTO peer_events (peer_id, at, kind, remote_id,
                                                             object_id, message)
                                    VALUES (?, ?, ?, ?, ?, ?)
                                    """,
                                    kept.stream()
                                            .map(
                                                    e ->
                                                            new Object[] {
                                                                e.peerId(),
                                                                e.at(),
                                                                e.kind().name(),
                                                                e.remoteId().orElse(null),
                                                                e.objectId().orElse(null),
                                                                e.message()
                                                            })
                                            .toList());
                    for (String peer : kept.stream().map(PeerEvent::peerId).distinct().toList()) {
                        db.jdbc()
                                .sql(
                                        """
                                        DELETE FROM peer_events WHERE peer_id = :p AND at <
                                          (SELECT MIN(at) FROM (SELECT at FROM peer_events
                                            WHERE peer_id = :p ORDER BY at DESC LIMIT :keep) k)
                                        """)
                                .param("p", peer)
                                .param("keep", EVENTS_KEPT)
                                .update();
                    }
                });
    }

    /** The latest events of a peer, newest first. */
    public List<PeerEvent> latest(String peerId, int limit) {
        return db.jdbc()
                .sql(
                        "SELECT * FROM peer_events WHERE peer_id = :p ORDER BY at DESC"
                                + " LIMIT :limit")
                .param("p", peerId)
                .param("limit", limit)
                .query(
                        (rs, n) ->
                                new PeerEvent(
                                        rs.getString("peer_id"),
                                        rs.getLong("at"),
                                        PeerEvent.Kind.valueOf(rs.getString("kind")),
                                        Optional.ofNullable(rs.getString("remote_id")),
                                        Optional.ofNullable(rs.getString("object_id")),
                                        rs.getString("message")))
                .list();
    }
}
