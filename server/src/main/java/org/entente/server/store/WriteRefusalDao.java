package org.entente.server.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.entente.server.db.Database;

/**
 * Objects another organisation sent to this node that it refused, and why, its latest kept per
 * organisation: what the dashboard counts as refused on writes to us. A pull from a peer records
 * its refusals as the peer's events instead, so nothing is counted twice.
 */
public final class WriteRefusalDao {
    /** How many refusals are kept per organisation. */
    public static final int KEPT = 500;

    /** What a reason's text says in place of the object it was about. */
    public static final String OBJECT = "<id>";

    private final Database db;

    public WriteRefusalDao(Database db) {
        this.db = db;
    }

    /**
     * Records the failures among {@code outcomes} as refusals of the organisation's writes, at most
     * the last {@link #KEPT} of them, and forgets the organisation's oldest beyond {@link #KEPT}.
     * Call inside the transaction that writes the outcomes' status lines.
     */
    public void record(String organisationId, long atMicros, List<StatusDetail> outcomes) {
        List<StatusDetail> failures = outcomes.stream().filter(StatusDetail::isFailure).toList();
        if (failures.isEmpty()) {
            return;
        }
        List<StatusDetail> kept =
                failures.size() > KEPT
                        ? failures.subList(failures.size() - KEPT, failures.size())
                        : failures;
        db.template()
                .batchUpdate(
                        """
                        INSERT INTO write_refusals (organisation_id, at, object_id, message)
                        VALUES (?, ?, ?, ?)
                        """,
                        kept.stream()
                                .map(
                                        d ->
                                                new Object[] {
                                                    organisationId,
                                                    atMicros,
                                                    d.id(),
                                                    d.message().orElse("")
                                                })
                                .toList());
        db.jdbc()
                .sql(
                        """
                        DELETE FROM write_refusals WHERE organisation_id = :o AND at <
                          (SELECT MIN(at) FROM (SELECT at FROM write_refusals
                            WHERE organisation_id = :o ORDER BY at DESC LIMIT CAST(:keep AS INTEGER)) k)
                        """)
                .param("o", organisationId)
                .param("keep", KEPT)
                .update();
    }

    /**
     * The refusals recorded from {@code sinceMicros} on, per organisation (by name): how many, and
     * the {@code top} most frequent reasons, grouped in the database with the object each named
     * written {@link #OBJECT}. The table holds at most about {@link #KEPT} per organisation, so the
     * statement reads a bounded number of rows however much was sent.
     */
    public List<RefusedWrites> since(long sinceMicros, int top) {
        if (top < 0) {
            throw new IllegalArgumentException("top must not be negative, not " + top);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, List<RefusalReason>> reasons = new LinkedHashMap<>();
        db.jdbc()
                .sql(
                        """
                        SELECT r.organisation_id, o.name, r.reason, COUNT(*) AS n
                          FROM (SELECT organisation_id,
                                       COALESCE(REPLACE(message, object_id, :object), message)
                                         AS reason
                                  FROM write_refusals
                                 WHERE at >= :since) r
                          JOIN organisations o ON o.id = r.organisation_id
                         GROUP BY r.organisation_id, o.name, r.reason
                         ORDER BY o.name, r.organisation_id, n DESC, r.reason
                        """)
                .param("object", OBJECT)
                .param("since", sinceMicros)
                .query(
                        rs -> {
                            String org = rs.getString("organisation_id");
                            long n = rs.getLong("n");
                            names.putIfAbsent(org, rs.getString("name"));
                            counts.merge(org, n, Long::sum);
                            List<RefusalReason> kept =
                                    reasons.computeIfAbsent(org, k -> new ArrayList<>());
                            if (kept.size() < top) {
                                kept.add(new RefusalReason(rs.getString("reason"), n));
                            }
                        });
        List<RefusedWrites> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            out.add(
                    new RefusedWrites(
                            e.getKey(),
                            names.get(e.getKey()),
                            e.getValue(),
                            reasons.get(e.getKey())));
        }
        return out;
    }
}
