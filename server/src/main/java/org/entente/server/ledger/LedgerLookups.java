package org.entente.server.ledger;

import static org.entente.server.ledger.LedgerDao.COLUMNS;
import static org.entente.server.ledger.LedgerDao.ENTRY;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;

/**
 * Single entries of the ledger looked up by what they hold (their position, the object they name),
 * for the console and tests; the chain's appends, scans and exports are {@link LedgerDao}'s.
 */
final class LedgerLookups {
    private final Database db;

    /** {@link #spanned} in this database's dialect. */
    private final String spannedSql;

    LedgerLookups(Database db) {
        this.db = Objects.requireNonNull(db, "db");
        this.spannedSql = spanned(db.dialect());
    }

    /**
     * The newest entries from {@code since} on that name {@code objectId}: as their object, or in
     * the listing of a page entry (which holds the id as {@code {"id":"<id>",}} in its one
     * canonical spelling: docs/ledger.md; a listing SQLite stores packed is searched in Java once
     * read back into that spelling, docs/adr/0041).
     *
     * <p>Only the listings that may hold the object are read (docs/adr/0027): those of the page
     * entries whose span covers the {@code date_added} of one of the object's stored versions, in
     * any collection, newest first and a batch at a time until {@code limit} are found, and those
     * of the page entries written before spans were kept. The entries that name the object in their
     * own fields are found through their index. Each part is its own simple query, looked up by
     * position, so that no plan the database caches for it can turn into a scan of the listings.
     */
    List<LedgerEntry> naming(String objectId, long since, int limit) {
        StringBuilder like = new StringBuilder("%{\"id\":\"");
        for (char c : objectId.toCharArray()) {
            if (c == '%' || c == '_' || c == '!') {
                like.append('!');
            }
            like.append(c);
        }
        // NB: behind a CAST, as in Labels: SQLite compiles a statement again each time a bare
        // parameter used as a LIKE pattern is bound
        String needle = like.append("\",%").toString();
        String named = "{\"id\":\"" + objectId + "\",";
        List<LedgerEntry> found = new ArrayList<>();
        found.addAll(
                db.jdbc()
                        .sql(
                                "SELECT "
                                        + COLUMNS
                                        + " FROM ledger_entries WHERE object_id = :id"
                                        + " AND at >= :since ORDER BY seq DESC LIMIT CAST(:n AS INTEGER)")
                        .param("id", objectId)
                        .param("since", since)
                        .param("n", limit)
                        .query(ENTRY)
                        .list());
        List<Long> spanned =
                db.jdbc().sql(spannedSql).param("id", objectId).query(Long.class).list();
        int listed = 0;
        for (int from = 0; from < spanned.size() && listed < limit; from += BATCH) {
            List<LedgerEntry> batch =
                    new ArrayList<>(
                            db.jdbc()
                                    .sql(
                                            "SELECT "
                                                    + COLUMNS
                                                    + " FROM ledger_entries WHERE seq IN (:seqs)"
                                                    + " AND at >= :since"
                                                    + " AND (detail LIKE CAST(:needle AS TEXT) ESCAPE '!'"
                                                    + " OR listing IS NOT NULL)")
                                    .param("seqs", batch(spanned, from))
                                    .param("since", since)
                                    .param("needle", needle)
                                    .query(ENTRY)
                                    .list());
            // a packed listing (docs/adr/0041) is searched once read back into its text
            batch.removeIf(e -> !e.draft().detail().orElseThrow().contains(named));
            found.addAll(batch);
            listed += batch.size();
        }
        long unspanned = unspannedBefore();
        // entries before the mark were written before spans were kept (V13), and so before
        // listings were packed (V16): their listings are text
        if (unspanned > 1) {
            found.addAll(
                    db.jdbc()
                            .sql(
                                    "SELECT "
                                            + COLUMNS
                                            + " FROM ledger_entries WHERE seq < :unspanned"
                                            + " AND at >= :since"
                                            + " AND kind IN ('DISCLOSED_PAGE', 'RECEIVED_PAGE')"
                                            + " AND detail LIKE CAST(:needle AS TEXT) ESCAPE '!'"
                                            + " ORDER BY seq DESC LIMIT CAST(:n AS INTEGER)")
                            .param("unspanned", unspanned)
                            .param("since", since)
                            .param("needle", needle)
                            .param("n", limit)
                            .query(ENTRY)
                            .list());
        }
        found.sort(Comparator.comparingLong(LedgerEntry::seq).reversed());
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }

    /**
     * The page entries whose span covers one of {@code :id}'s stored versions, newest first.
     *
     * <p>Each width class is probed apart (docs/adr/0030): a span of class {@code c} that covers
     * {@code date_added} d starts between {@code d - (2^c - 1)} and d, so each probe reads the
     * index of {@code (width_class, added_from, …)} between two bounds, and the lookup reads about
     * the spans near d instead of every span that started before it (all of them for the newest
     * objects: 23–33 ms at 300,000 page entries, docs/benchmarks.md, "Session 16"). The classes are
     * the 64 rows of {@code classes}, each with its reach {@code 2^c - 1}.
     *
     * <p>The objects table is read first, by the object's id, whatever the planner's statistics
     * say: SQLite keeps a {@code CROSS JOIN}'s order. Planned from no statistics (a pooled
     * connection that loaded them before the node was filled has none), a plain join scanned every
     * span and each span's range of objects instead (docs/benchmarks.md, "Session 15").
     *
     * <p>PostgreSQL, which cannot tell how many classes the recursive query makes, joined them to a
     * sequential scan of every span (40 ms at 300,000 spans, slower than the one-sided index), and
     * did so again when the spans were a {@code LATERAL} subquery that it pulled up into the join.
     * There each class's spans are a {@code LATERAL} subquery kept out of the join by {@code OFFSET
     * 0}, which it plans as an index scan between the two bounds, once per class (0.2 ms).
     */
    static String spanned(Dialect dialect) {
        String spans =
                dialect == Dialect.SQLITE
                        ? """
                         CROSS JOIN ledger_page_spans s
                         WHERE s.width_class = k.width_class
                           AND s.added_from >= o.date_added - k.reach
                           AND s.added_from <= o.date_added
                           AND s.added_to >= o.date_added
                           AND\s"""
                        : """
                         CROSS JOIN LATERAL (
                               SELECT seq FROM ledger_page_spans
                                WHERE width_class = k.width_class
                                  AND added_from >= o.date_added - k.reach
                                  AND added_from <= o.date_added
                                  AND added_to >= o.date_added
                               OFFSET 0) s
                         WHERE\s""";
        return """
                WITH RECURSIVE classes (width_class, reach) AS (
                        SELECT 0, CAST(0 AS BIGINT)
                     UNION ALL
                        SELECT width_class + 1, reach * 2 + 1 FROM classes WHERE width_class < 63)
                SELECT DISTINCT s.seq
                  FROM objects o
                 CROSS JOIN classes k
                """
                + spans
                + """
                o.collection_seq IN (SELECT seq FROM collections)
                   AND o.stix_id = :id
                 ORDER BY s.seq DESC
                """;
    }

    /** How many spanned page entries' listings are read per query. */
    private static final int BATCH = 100;

    /**
     * {@link #BATCH} positions from {@code from} on, the last repeated to fill a short batch: one
     * statement text whatever the number, so that the lookups do not push the node's other
     * statements out of a connection's cache (docs/adr/0026).
     */
    private static List<Long> batch(List<Long> spanned, int from) {
        List<Long> batch =
                new ArrayList<>(spanned.subList(from, Math.min(spanned.size(), from + BATCH)));
        Long last = batch.get(batch.size() - 1);
        while (batch.size() < BATCH) {
            batch.add(last);
        }
        return batch;
    }

    /**
     * The position before which page entries were written without a span (by a release before
     * docs/adr/0027); 1 on a ledger that has none.
     */
    private long unspannedBefore() {
        return db.jdbc()
                .sql("SELECT seq FROM ledger_spans_from WHERE id = 1")
                .query(Long.class)
                .single();
    }

    Optional<LedgerEntry> entry(long seq) {
        return db.jdbc()
                .sql("SELECT " + COLUMNS + " FROM ledger_entries WHERE seq = :seq")
                .param("seq", seq)
                .query(ENTRY)
                .optional();
    }

    private static IllegalStateException headRowMissing() {
        return new IllegalStateException(
                "the ledger's head row is missing: the database was tampered with or damaged");
    }

    /** The global head's position and hash, from its row alone. */
    Ledger.Position position() {
        return db.jdbc()
                .sql("SELECT seq, hash FROM ledger_head WHERE id = 1")
                .query((rs, n) -> new Ledger.Position(rs.getLong("seq"), rs.getString("hash")))
                .optional()
                .orElseThrow(LedgerLookups::headRowMissing);
    }

    /** The global head with the time of its entry, through the head row and the primary key. */
    Ledger.Head head() {
        return db.jdbc()
                .sql(
                        """
                        SELECT h.seq, h.hash, e.at
                          FROM ledger_head h
                          LEFT JOIN ledger_entries e ON e.seq = h.seq
                         WHERE h.id = 1
                        """)
                .query(
                        (rs, n) -> {
                            long at = rs.getLong("at");
                            boolean none = rs.wasNull();
                            return new Ledger.Head(
                                    rs.getLong("seq"),
                                    rs.getString("hash"),
                                    none
                                            ? java.util.OptionalLong.empty()
                                            : java.util.OptionalLong.of(at));
                        })
                .optional()
                .orElseThrow(LedgerLookups::headRowMissing);
    }

    /**
     * Every organisation's head with the time of its last entry: one row per organisation that has
     * a chain, read through the head table and the (org_id, org_seq) index.
     */
    Map<String, Ledger.OrgHead> orgHeads() {
        Map<String, Ledger.OrgHead> heads = new LinkedHashMap<>();
        db.jdbc()
                .sql(
                        """
                        SELECT h.org_id, h.org_seq, h.org_hash, e.at
                          FROM ledger_org_heads h
                          LEFT JOIN ledger_entries e
                            ON e.org_id = h.org_id AND e.org_seq = h.org_seq
                         ORDER BY h.org_id
                        """)
                .query(
                        rs -> {
                            long at = rs.getLong("at");
                            heads.put(
                                    rs.getString("org_id"),
                                    new Ledger.OrgHead(
                                            rs.getLong("org_seq"),
                                            rs.getString("org_hash"),
                                            rs.wasNull()
                                                    ? java.util.OptionalLong.empty()
                                                    : java.util.OptionalLong.of(at)));
                        });
        return heads;
    }
}
