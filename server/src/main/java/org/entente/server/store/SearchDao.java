package org.entente.server.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;

/**
 * The console's reads across collections, and the full-text index behind them (docs/adr/0015).
 * Every read takes, for each collection, the {@link Visibility} the policy gave the reader there,
 * and puts it in the SQL beside the search: nothing outside it is read, counted or skipped over in
 * Java. The index is written by {@link SearchIndexer} alone, off the write path of ingest, through
 * {@link SearchIndex}.
 */
public final class SearchDao {
    /**
     * Below this many documents holding a search's words, PostgreSQL fetches them all through the
     * full-text index and sorts them; from it on, it walks the documents newest first.
     */
    public static final int RARE = 2_000;

    private final Database db;
    private final ObjectDao objects;
    private final boolean sqlite;
    private final SearchIndex index;

    public SearchDao(Database db, ObjectDao objects) {
        this.db = db;
        this.objects = objects;
        this.sqlite = db.dialect() == Dialect.SQLITE;
        this.index = new SearchIndex(db, objects);
    }

    /** The index's writes, for {@link SearchIndexer}. */
    SearchIndex index() {
        return index;
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
                                            + ") ORDER BY date_added DESC LIMIT CAST(:s_n AS INTEGER)")
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
                            + ") ORDER BY {order} LIMIT CAST(:s_n AS INTEGER)";
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
                            + ") ORDER BY {order} LIMIT CAST(:s_n AS INTEGER)";
        }
        String template = sql;
        Function<String, List<Found>> run =
                order ->
                        db.jdbc()
                                .sql(template.replace("{order}", order))
                                .params(params)
                                .query(
                                        (rs, n) -> {
                                            StoredObject o =
                                                    ObjectDao.row(rs, objects.body(rs, 18));
                                            int seq = rs.getInt(20);
                                            return new Found(ids.get(seq), seq, rs.getLong(19), o);
                                        })
                                .list();
        List<Found> rows;
        if (sqlite) {
            rows = run.apply("w.rowid DESC");
        } else {
            rows = db.inTransaction(() -> postgresSearch(params, run));
        }
        boolean more = rows.size() > q.limit();
        List<Found> items = more ? rows.subList(0, q.limit()) : rows;
        Optional<SearchQuery.Cursor> next =
                more
                        ? Optional.of(
                                new SearchQuery.Cursor(true, items.get(items.size() - 1).key(), 0))
                        : Optional.empty();
        return new Results(items, next);
    }

    /**
     * PostgreSQL's side of a search, in the caller's transaction. Its planner cannot tell a rare
     * word from a common one: a word outside the statistics' most common elements is guessed to
     * match about one document in a thousand, so it walks the documents newest first and filters,
     * which stops at once for a common word and reads the whole table for a word few documents or
     * none hold (700 ms at a million objects). The rarity is counted first instead, through the GIN
     * index and up to {@link #RARE}: a rarer query's documents are all fetched through the index
     * and sorted (an order on an expression, which no index offers, keeps the walk off); a commoner
     * one walks newest first, where a page's worth of hits comes soon. Both plans are made for the
     * words at hand: the generic plan PostgreSQL settles on for a prepared statement after a few
     * runs would guess for any words alike.
     */
    private List<Found> postgresSearch(
            Map<String, Object> params, Function<String, List<Found>> run) {
        db.jdbc().sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
        params.put("s_rare", RARE);
        long hits =
                db.jdbc()
                        .sql(
                                "SELECT count(*) FROM (SELECT 1 FROM search_docs WHERE words @@"
                                        + " to_tsquery('simple', :s_q) AND doc < :s_k"
                                        + " LIMIT CAST(:s_rare AS INTEGER)) h")
                        .params(params)
                        .query(Long.class)
                        .single();
        return run.apply(hits < RARE ? "d.doc + 0 DESC" : "d.doc DESC");
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
                                + ") ORDER BY date_added DESC LIMIT CAST(:s_n AS INTEGER)")
                .params(params)
                .query((rs, n) -> ObjectDao.row(rs, objects.body(rs, 18)))
                .list();
    }

    /** How many versions of a collection the index has not reached (for tests and the bench). */
    public long behind(String collectionId) {
        int seq = objects.seq(collectionId);
        return db.jdbc()
                .sql("SELECT COUNT(*) FROM objects WHERE collection_seq = :c AND date_added > :m")
                .param("c", seq)
                .param("m", index.mark(seq))
                .query(Long.class)
                .single();
    }
}
