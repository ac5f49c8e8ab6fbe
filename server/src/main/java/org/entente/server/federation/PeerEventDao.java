package org.entente.server.federation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entente.server.db.Database;
import org.entente.server.store.RefusalReason;

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
                                            WHERE peer_id = :p ORDER BY at DESC LIMIT CAST(:keep AS INTEGER)) k)
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
                                + " LIMIT CAST(:limit AS INTEGER)")
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

    /**
     * The refusals recorded from {@code sinceMicros} on, per peer and kind ({@link
     * PeerEvent.Kind#REFUSED}, {@link PeerEvent.Kind#REJECTED}): how many, and the {@code top} most
     * frequent reasons. A reason is the message with the object it names written as {@link
     * PeerEvent#OBJECT} wherever it occurs, grouped in the database, so that the rows read are the
     * groups, not the events; the table holds at most {@link #EVENTS_KEPT} events per peer, so the
     * statement reads a bounded number of rows however much flowed.
     */
    public List<Refusals> refusals(long sinceMicros, int top) {
        if (top < 0) {
            throw new IllegalArgumentException("top must not be negative, not " + top);
        }
        Map<List<String>, List<RefusalReason>> reasons = new LinkedHashMap<>();
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        db.jdbc()
                .sql(
                        """
                        SELECT r.peer_id, r.kind, r.reason, COUNT(*) AS n
                          FROM (SELECT peer_id, kind,
                                       COALESCE(REPLACE(message, object_id, :object), message)
                                         AS reason
                                  FROM peer_events
                                 WHERE kind IN ('REFUSED', 'REJECTED') AND at >= :since) r
                         GROUP BY r.peer_id, r.kind, r.reason
                         ORDER BY r.peer_id, r.kind, n DESC, r.reason
                        """)
                .param("object", PeerEvent.OBJECT)
                .param("since", sinceMicros)
                .query(
                        rs -> {
                            List<String> key =
                                    List.of(rs.getString("peer_id"), rs.getString("kind"));
                            long n = rs.getLong("n");
                            counts.merge(key, n, Long::sum);
                            List<RefusalReason> kept =
                                    reasons.computeIfAbsent(key, k -> new ArrayList<>());
                            if (kept.size() < top) {
                                PeerEvent.Kind kind = PeerEvent.Kind.valueOf(key.get(1));
                                kept.add(
                                        new RefusalReason(
                                                PeerEvent.reasonOf(kind, rs.getString("reason")),
                                                n));
                            }
                        });
        List<Refusals> out = new ArrayList<>();
        for (Map.Entry<List<String>, Long> e : counts.entrySet()) {
            out.add(
                    new Refusals(
                            e.getKey().get(0),
                            PeerEvent.Kind.valueOf(e.getKey().get(1)),
                            e.getValue(),
                            reasons.getOrDefault(e.getKey(), List.of())));
        }
        return out;
    }
}
