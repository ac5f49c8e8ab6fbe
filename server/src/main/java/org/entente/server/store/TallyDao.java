package org.entente.server.store;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entente.stix.Tlp;

/**
 * Counts of the latest versions of objects (what a TAXII read returns by default), grouped in the
 * database, under conditions the policy makes: a dry run of an agreement asks how many objects each
 * party would receive without reading them (docs/adr/0014-dry-run-counts-in-sql.md).
 */
public final class TallyDao {
    private final ObjectDao objects;

    public TallyDao(ObjectDao objects) {
        this.objects = objects;
    }

    /**
     * One group of latest versions.
     *
     * @param outcome the value of the caller's first expression on the group's rows
     * @param today the value of the caller's second expression on them
     */
    public record Tally(
            String collectionId, Tlp tlp, String type, int outcome, int today, long count) {
        public Tally {
            Objects.requireNonNull(collectionId, "collectionId");
            Objects.requireNonNull(tlp, "tlp");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * The latest versions of the collections that {@code visibility} admits, counted by collection,
     * effective TLP, type and the values of two integer expressions on the objects table. The
     * conditions' parameters must not share names unless their values are equal (build each with
     * its own {@link Condition.Params} prefix).
     */
    public List<Tally> tally(
            List<String> collectionIds, Visibility visibility, Condition outcome, Condition today) {
        Map<Integer, String> bySeq = seqs(collectionIds);
        if (bySeq.isEmpty() || visibility instanceof Visibility.None) {
            return List.of();
        }
        Condition within = ObjectDao.condition(visibility);
        Map<String, Object> params = new HashMap<>();
        put(params, within);
        put(params, outcome);
        put(params, today);
        params.put("tally_seqs", List.copyOf(bySeq.keySet()));
        // NB: grouped over a subquery's named columns, not the expressions themselves: PostgreSQL
        // numbers each bound parameter apart, so an expression repeated in GROUP BY with its own
        // parameters is not the selected one
        String sql =
                "SELECT collection_seq, t, ty, o, d, COUNT(*) FROM (SELECT collection_seq,"
                        + " effective_tlp AS t, stix_type AS ty, ("
                        + outcome.sql()
                        + ") AS o, ("
                        + today.sql()
                        + ") AS d FROM objects WHERE collection_seq IN (:tally_seqs)"
                        + " AND is_last = 1 AND ("
                        + within.sql()
                        + ")) x GROUP BY collection_seq, t, ty, o, d";
        List<Tally> out = new ArrayList<>();
        objects.db()
                .jdbc()
                .sql(sql)
                .params(params)
                .query(
                        (ResultSet rs) -> {
                            out.add(
                                    new Tally(
                                            bySeq.get(rs.getInt(1)),
                                            Tlp.valueOf(rs.getString(2)),
                                            rs.getString(3),
                                            rs.getInt(4),
                                            rs.getInt(5),
                                            rs.getLong(6)));
                        });
        return out;
    }

    /**
     * What the policy judges them by, for at most {@code limit} latest versions of the collections
     * that {@code visibility} admits, the most recently added first.
     */
    public List<ObjectFacts> latestFacts(
            List<String> collectionIds, Visibility visibility, int limit) {
        Map<Integer, String> bySeq = seqs(collectionIds);
        if (bySeq.isEmpty() || visibility instanceof Visibility.None) {
            return List.of();
        }
        Condition seen = ObjectDao.condition(visibility);
        Map<String, Object> params = new HashMap<>();
        put(params, seen);
        params.put("tally_seqs", List.copyOf(bySeq.keySet()));
        params.put("tally_limit", limit);
        return objects.db()
                .jdbc()
                .sql(
                        "SELECT "
                                + ObjectDao.COLUMNS
                                + " FROM objects WHERE collection_seq IN (:tally_seqs)"
                                + " AND is_last = 1 AND ("
                                + seen.sql()
                                + ") ORDER BY date_added DESC LIMIT CAST(:tally_limit AS INTEGER)")
                .params(params)
                .query((rs, n) -> ObjectDao.row(rs, new byte[0]).facts())
                .list();
    }

    private Map<Integer, String> seqs(List<String> collectionIds) {
        Map<Integer, String> bySeq = new HashMap<>();
        for (String id : collectionIds) {
            int seq = objects.seq(id);
            if (seq >= 0) {
                bySeq.put(seq, id);
            }
        }
        return bySeq;
    }

    private static void put(Map<String, Object> params, Condition c) {
        for (Map.Entry<String, Object> e : c.params().entrySet()) {
            Object before = params.put(e.getKey(), e.getValue());
            if (before != null && !before.equals(e.getValue())) {
                throw new IllegalArgumentException(
                        "two expressions give the parameter :" + e.getKey() + " different values");
            }
        }
    }
}
