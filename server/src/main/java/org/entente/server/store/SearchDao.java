package org.entente.server.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;

/**
 * The console's reads across collections, and the full-text index behind them (docs/adr/0015).
 * Every read takes, for each collection, the {@link Visibility} the policy gave the reader there,
 * and puts it in the SQL beside the search: nothing outside it is read, counted or skipped over in
 * Java. The index is written by {@link SearchIndexer} alone, off the write path of ingest.
 */
public final class SearchDao {
    private final Database db;
    private final ObjectDao objects;
    private final boolean sqlite;

    public SearchDao(Database db, ObjectDao objects) {
        this.db = db;
        this.objects = objects;
        this.sqlite = db.dialect() == Dialect.SQLITE;
    }

    /** A collection the reader may read, and what of it. */
    public record Readable(String collectionId, Visibility visibility) {
        public Readable {
            Objects.requireNonNull(collectionId, "collectionId");
            Objects.requireNonNull(visibility, "visibility");
        }
    }

    /** An object version found, and its collection. */
    public record Found(String collectionId, int collectionSeq, long key, StoredObject object) {
        public Found {
            Objects.requireNonNull(collectionId, "collectionId");
            Objects.requireNonNull(object, "object");
        }
    }

    /** A page of what was found, and where the next one starts when more follow. */
    public record Results(List<Found> items, Optional<SearchQuery.Cursor> next) {
        public Results {
            items = List.copyOf(items);
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * A page of the latest versions that match, within what {@code readable} lets the reader see of
     * each collection; collections not named there are not read.
     */
    public Results find(SearchQuery q, List<Readable> readable) {
        List<Readable> read = new ArrayList<>();
        for (Readable r : readable) {
            if (!(r.visibility() instanceof Visibility.None)
                    && (q.collections().isEmpty() || q.collections().contains(r.collectionId()))
                    && objects.seq(r.collectionId()) >= 0) {
                read.add(r);
            }
        }
        if (read.isEmpty()) {
            return new Results(List.of(), Optional.empty());
        }
        return q.text().isPresent() ? search(q, read) : list(q, read);
    }

    /** The query's own conditions on the objects table, with parameter names of its own. */
    private static String filters(SearchQuery q, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder("is_last = 1");
        if (!q.types().isEmpty()) {
            sql.append(" AND stix_type IN (:s_types)");
            params.put("s_types", List.copyOf(q.types()));
        }
        if (q.tlp().isPresent()) {
            sql.append(" AND effective_tlp = :s_tlp");
            params.put("s_tlp", q.tlp().get().name());
        }
        if (q.label().isPresent()) {
            Condition.Params label = new Condition.Params("s_label_");
            String carries = Labels.carriesSql(q.label().get(), label);
            Condition c = label.condition(carries);
            sql.append(" AND ").append(c.sql());
            params.putAll(c.params());
        }
        if (q.origin().isPresent()) {
            if (q.origin().get().equals(SearchQuery.OURS)) {
                sql.append(" AND origin_org IS NULL");
            } else {
                sql.append(" AND origin_org = :s_origin");
                params.put("s_origin", q.origin().get());
            }
        }
        if (q.addedFrom().isPresent()) {
            sql.append(" AND date_added >= :s_from");
            params.put("s_from", q.addedFrom().getAsLong());
        }
        if (q.addedBefore().isPresent()) {
            sql.append(" AND date_added < :s_before");
            params.put("s_before", q.addedBefore().getAsLong());
        }
        return sql.toString();
    }

    private static void putAll(Map<String, Object> params, Map<String, Object> more) {
        for (Map.Entry<String, Object> e : more.entrySet()) {
            Object before = params.put(e.getKey(), e.getValue());
            if (before != null && !before.equals(e.getValue())) {
                throw new IllegalArgumentException(
                        "the visibility's parameter :" + e.getKey() + " is a query's name");
            }
        }
    }

    /**
     * Without words: each collection read newest first through its own index (the latest versions
     * by date_added), one query each within its visibility, and the pages merged. A collection's
     * page is the first {@code limit + 1} rows its visibility admits, so the merge only orders rows
     * every one of which the reader may see.
     */
    private Results list(SearchQuery q, List<Readable> read) {
        List<Found> all = new ArrayList<>();
        for (Readable r : read) {
            int seq = objects.seq(r.collectionId());
            Map<String, Object> params = new HashMap<>();
            String where = filters(q, params);
            params.put("s_c", seq);
            params.put("s_n", q.limit() + 1);
            if (q.after().isPresent()) {
                SearchQuery.Cursor c = q.after().get();
                // newest first by (date_added, collection): a collection numbered below the
                // cursor's still has its rows of the cursor's date_added to come
                where +=
                        seq < c.collectionSeq()
                                ? " AND date_added <= :s_k"
                                : " AND date_added < :s_k";
                params.put("s_k", c.key());
            }
            Condition seen = ObjectDao.condition(r.visibility());
            putAll(params, seen.params());
            List<Found> page =
                    db.jdbc()
                            .sql(
                                    "SELECT "
                                            + ObjectDao.COLUMNS
                                            + ", body FROM objects WHERE collection_seq = :s_c AND "
                                            + where
                                            + " AND ("
                                            + seen.sql()
                                            + ") ORDER BY date_added DESC LIMIT :s_n")
                            .params(params)
                            .query(
                                    (rs, n) -> {
                                        StoredObject o = ObjectDao.row(rs, objects.body(rs, 18));
                                        return new Found(r.collectionId(), seq, o.dateAdded(), o);
                                    })
                            .list();
            all.addAll(page);
        }
        all.sort(
                Comparator.comparingLong(Found::key)
                        .thenComparingInt(Found::collectionSeq)
                        .reversed());
        boolean more = all.size() > q.limit();
        List<Found> items = more ? all.subList(0, q.limit()) : all;
        Optional<SearchQuery.Cursor> next =
                more
                        ? Optional.of(
                                new SearchQuery.Cursor(
                                        false,
                                        items.get(items.size() - 1).key(),
                                        items.get(items.size() - 1).collectionSeq()))
                        : Optional.empty();
        return new Results(items, next);
    }

    /**
     * With words: one query over every readable collection, driven by the full-text index in the
     * order of its document numbers (newest first), each hit joined to its version and kept only
     * where that collection's visibility admits it, in the same SQL: the LIMIT counts admitted rows
     * only, and a withheld object is never read into the page, counted, or paged over.
     */
    private Results search(SearchQuery q, List<Readable> read) {
        Map<String, Object> params = new HashMap<>();
        String where = filters(q, params);
        Map<Integer, String> ids = new HashMap<>();
        // collections that share one visibility (the local agency's readers all do) share one
        // branch; each branch's parameters are renamed so that they cannot collide
        Map<Visibility, List<Integer>> groups = new IdentityHashMap<>();
        for (Readable r : read) {
            int seq = objects.seq(r.collectionId());
            ids.put(seq, r.collectionId());
            groups.computeIfAbsent(r.visibility(), v -> new ArrayList<>()).add(seq);
        }
        List<String> branches = new ArrayList<>();
        int g = 0;
        for (Map.Entry<Visibility, List<Integer>> e : groups.entrySet()) {
            Condition seen = renamed(ObjectDao.condition(e.getKey()), "s_v" + g + "_");
            params.put("s_g" + g, e.getValue());
            putAll(params, seen.params());
            branches.add("(o.collection_seq IN (:s_g" + g + ") AND (" + seen.sql() + "))");
            g++;
        }
        params.put("s_all", List.copyOf(ids.keySet()));
        params.put("s_n", q.limit() + 1);
        params.put("s_k", q.after().map(SearchQuery.Cursor::key).orElse(Long.MAX_VALUE));
        String sql;
        if (sqlite) {
            params.put("s_q", q.text().get().fts5());
            // CROSS JOIN fixes SQLite's join order: the index first, in its rowid order, so that
            // the LIMIT stops the walk after a page of admitted hits
            sql =
                    "SELECT "
                            + ObjectDao.COLUMNS
                            + ", body, d.doc, d.s_collection FROM search_words w"
                            + " CROSS JOIN search_docs d ON d.doc = w.rowid"
                            + " CROSS JOIN objects o ON o.collection_seq = d.s_collection"
                            + " AND o.date_added = d.s_added"
                            + " WHERE search_words MATCH :s_q AND w.rowid < :s_k"
                            + " AND d.s_collection IN (:s_all) AND "
                            + where
                            + " AND ("
                            + String.join(" OR ", branches)
                            + ") ORDER BY w.rowid DESC LIMIT :s_n";
        } else {
            params.put("s_q", q.text().get().tsquery());
            sql =
                    "SELECT "
                            + ObjectDao.COLUMNS
                            + ", body, d.doc, d.s_collection FROM search_docs d"
                            + " JOIN objects o ON o.collection_seq = d.s_collection"
                            + " AND o.date_added = d.s_added"
                            + " WHERE d.words @@ to_tsquery('simple', :s_q) AND d.doc < :s_k"
                            + " AND d.s_collection IN (:s_all) AND "
                            + where
                            + " AND ("
                            + String.join(" OR ", branches)
                            + ") ORDER BY d.doc DESC LIMIT :s_n";
        }
        List<Found> rows =
                db.jdbc()
                        .sql(sql)
                        .params(params)
                        .query(
                                (rs, n) -> {
                                    StoredObject o = ObjectDao.row(rs, objects.body(rs, 18));
                                    int seq = rs.getInt(20);
                                    return new Found(ids.get(seq), seq, rs.getLong(19), o);
                                })
                        .list();
        boolean more = rows.size() > q.limit();
        List<Found> items = more ? rows.subList(0, q.limit()) : rows;
        Optional<SearchQuery.Cursor> next =
                more
                        ? Optional.of(
                                new SearchQuery.Cursor(true, items.get(items.size() - 1).key(), 0))
                        : Optional.empty();
        return new Results(items, next);
    }

    private static final Pattern PARAM = Pattern.compile("(?<![:\\w]):([A-Za-z][A-Za-z0-9_]*)");

    /** The condition with its parameters renamed {@code prefix + name}. */
    static Condition renamed(Condition c, String prefix) {
        if (c.params().isEmpty()) {
            return c;
        }
        Matcher m = PARAM.matcher(c.sql());
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            m.appendReplacement(
                    sql,
                    Matcher.quoteReplacement(
                            c.params().containsKey(name) ? ":" + prefix + name : m.group()));
        }
        m.appendTail(sql);
        Map<String, Object> params = new LinkedHashMap<>();
        c.params().forEach((k, v) -> params.put(prefix + k, v));
        return new Condition(sql.toString(), params);
    }

    /**
     * The latest versions in a collection that point at {@code id} (relationships by source or
     * target, sightings by the sighted object), as far as the indexer has reached, within {@code
     * visibility}; newest first, at most {@code limit}.
     */
    public List<StoredObject> pointingAt(
            String collectionId, String id, Visibility visibility, int limit) {
        if (visibility instanceof Visibility.None) {
            return List.of();
        }
        Condition seen = ObjectDao.condition(visibility);
        Map<String, Object> params = new HashMap<>();
        params.put("s_c", objects.seq(collectionId));
        params.put("s_ref", id);
        params.put("s_n", limit);
        putAll(params, seen.params());
        return db.jdbc()
                .sql(
                        "SELECT "
                                + ObjectDao.COLUMNS
                                + ", body FROM objects WHERE collection_seq = :s_c AND is_last = 1"
                                + " AND date_added IN (SELECT date_added FROM search_refs"
                                + " WHERE collection_seq = :s_c AND ref = :s_ref) AND ("
                                + seen.sql()
                                + ") ORDER BY date_added DESC LIMIT :s_n")
                .params(params)
                .query((rs, n) -> ObjectDao.row(rs, objects.body(rs, 18)))
                .list();
    }

    // ---- the index, written by SearchIndexer alone

    /** The numbers of every collection, which the indexer walks. */
    List<Integer> collectionSeqs() {
        return db.jdbc()
                .sql("SELECT seq FROM collections ORDER BY seq")
                .query(Integer.class)
                .list();
    }

    /**
     * A figure that moves whenever an object is stored in any collection (the sum of their newest
     * date_added): the indexer's sign that ingest is busy.
     */
    long stored() {
        return db.jdbc()
                .sql("SELECT COALESCE(SUM(last_added), 0) FROM collections")
                .query(Long.class)
                .single();
    }

    /** One object version as the indexer reads it. */
    record Unindexed(long dateAdded, String type, byte[] body) {}

    /** Where a collection's index ends (0 before any version). */
    long mark(int collectionSeq) {
        return db.jdbc()
                .sql("SELECT indexed_to FROM search_marks WHERE collection_seq = :c")
                .param("c", collectionSeq)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** The versions added to a collection after {@code mark}, oldest first, at most {@code max}. */
    List<Unindexed> after(int collectionSeq, long mark, int max) {
        return db.jdbc()
                .sql(
                        "SELECT date_added, stix_type, body FROM objects"
                                + " WHERE collection_seq = :c AND date_added > :m"
                                + " ORDER BY date_added LIMIT :n")
                .param("c", collectionSeq)
                .param("m", mark)
                .param("n", max)
                .query(
                        (rs, n) ->
                                new Unindexed(rs.getLong(1), rs.getString(2), objects.body(rs, 3)))
                .list();
    }

    /** A version's words and the ids it points at, ready to write. */
    record Entry(long dateAdded, String words, List<String> refs) {
        Entry {
            refs = List.copyOf(refs);
        }
    }

    /**
     * Writes the entries of a collection read from {@code from}, and moves its mark to {@code to},
     * in one transaction; nothing when the mark is no longer {@code from} (another node sharing the
     * database indexed them first). Returns whether it wrote.
     */
    boolean write(int collectionSeq, long from, long to, List<Entry> entries) {
        return db.inTransaction(
                () -> {
                    db.jdbc()
                            .sql(
                                    "INSERT INTO search_marks (collection_seq, indexed_to)"
                                            + " VALUES (:c, 0) ON CONFLICT (collection_seq) DO NOTHING")
                            .param("c", collectionSeq)
                            .update();
                    // SQLite's writer already holds the database; PostgreSQL locks the mark's row,
                    // so that two nodes never index the same versions twice
                    long mark =
                            db.jdbc()
                                    .sql(
                                            "SELECT indexed_to FROM search_marks WHERE"
                                                    + " collection_seq = :c"
                                                    + (sqlite ? "" : " FOR UPDATE"))
                                    .param("c", collectionSeq)
                                    .query(Long.class)
                                    .single();
                    if (mark != from) {
                        return false;
                    }
                    List<Entry> worded =
                            entries.stream().filter(e -> !e.words().isEmpty()).toList();
                    if (sqlite) {
                        long first =
                                db.jdbc()
                                                .sql(
                                                        "SELECT COALESCE(MAX(doc), 0) FROM search_docs")
                                                .query(Long.class)
                                                .single()
                                        + 1;
                        batch(
                                "INSERT INTO search_docs (doc, s_collection, s_added)"
                                        + " VALUES (?, ?, ?)",
                                worded.size(),
                                (ps, i) -> {
                                    ps.setLong(1, first + i);
                                    ps.setInt(2, collectionSeq);
                                    ps.setLong(3, worded.get(i).dateAdded());
                                });
                        batch(
                                "INSERT INTO search_words (rowid, words) VALUES (?, ?)",
                                worded.size(),
                                (ps, i) -> {
                                    ps.setLong(1, first + i);
                                    ps.setString(2, worded.get(i).words());
                                });
                    } else {
                        batch(
                                "INSERT INTO search_docs (s_collection, s_added, words)"
                                        + " VALUES (?, ?, to_tsvector('simple', ?))",
                                worded.size(),
                                (ps, i) -> {
                                    ps.setInt(1, collectionSeq);
                                    ps.setLong(2, worded.get(i).dateAdded());
                                    ps.setString(3, worded.get(i).words());
                                });
                    }
                    List<long[]> refIndex = new ArrayList<>();
                    List<String> refs = new ArrayList<>();
                    for (Entry e : entries) {
                        for (String ref : e.refs()) {
                            refIndex.add(new long[] {e.dateAdded()});
                            refs.add(ref);
                        }
                    }
                    batch(
                            "INSERT INTO search_refs (collection_seq, ref, date_added)"
                                    + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                            refs.size(),
                            (ps, i) -> {
                                ps.setInt(1, collectionSeq);
                                ps.setString(2, refs.get(i));
                                ps.setLong(3, refIndex.get(i)[0]);
                            });
                    db.jdbc()
                            .sql(
                                    "UPDATE search_marks SET indexed_to = :to WHERE collection_seq = :c")
                            .param("to", to)
                            .param("c", collectionSeq)
                            .update();
                    return true;
                });
    }

    private interface Setter {
        void set(PreparedStatement ps, int i) throws SQLException;
    }

    private void batch(String sql, int size, Setter setter) {
        if (size == 0) {
            return;
        }
        db.template()
                .batchUpdate(
                        sql,
                        new BatchPreparedStatementSetter() {
                            @Override
                            public void setValues(PreparedStatement ps, int i) throws SQLException {
                                setter.set(ps, i);
                            }

                            @Override
                            public int getBatchSize() {
                                return size;
                            }
                        });
    }

    /** How many versions of a collection the index has not reached (for tests and the bench). */
    public long behind(String collectionId) {
        int seq = objects.seq(collectionId);
        return db.jdbc()
                .sql("SELECT COUNT(*) FROM objects WHERE collection_seq = :c AND date_added > :m")
                .param("c", seq)
                .param("m", mark(seq))
                .query(Long.class)
                .single();
    }
}
