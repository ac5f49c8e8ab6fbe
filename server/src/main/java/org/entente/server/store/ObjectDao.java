package org.entente.server.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;
import org.entente.stix.Tlp;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.RowMapper;

/**
 * The stored object versions of every collection. Every read takes the {@link Visibility} the
 * policy gave the reader and returns nothing outside it; the writes are in {@link ChunkWriter}.
 *
 * <p>Paging is keyset on {@code date_added}, which is unique within a collection and strictly
 * increasing in commit order: writers lock the collection row while they allocate it, so a reader
 * that has seen date_added X can never later find a newly committed object below X.
 */
public final class ObjectDao {
    private final Database db;
    private final boolean sqlite;
    private final RowMapper<StoredObject> storedObject;
    private final ConcurrentHashMap<String, Integer> seqs = new ConcurrentHashMap<>();

    public ObjectDao(Database db) {
        this.db = db;
        this.sqlite = db.dialect() == Dialect.SQLITE;
        this.storedObject = (rs, n) -> row(rs, body(rs, BODY));
    }

    Database db() {
        return db;
    }

    /**
     * The collection's number in the objects table. Fixed for the collection's life, so cached; an
     * unknown collection has none and matches nothing.
     */
    int seq(String collectionId) {
        Integer known = seqs.get(collectionId);
        if (known != null) {
            return known;
        }
        Optional<Integer> found =
                db.jdbc()
                        .sql("SELECT seq FROM collections WHERE id = :id")
                        .param("id", collectionId)
                        .query(Integer.class)
                        .optional();
        found.ifPresent(s -> seqs.put(collectionId, s));
        return found.orElse(-1);
    }

    static final String COLUMNS =
            "date_added, stix_id, version, spec_version, stix_type, tlp, effective_tlp, origin_org,"
                    + " origin_agreement, origin_area, onward_org, onward_agreement, onward_area,"
                    + " confidence, labels, shadowed, names_us";

    private static final int BODY = 18;

    // NB: columns are read by position (COLUMNS' order, body last) because looking them up by
    // name costs more than the rest of the row on a page of a thousand objects
    static StoredObject row(ResultSet rs, byte[] body) throws SQLException {
        String tlp = rs.getString(6);
        int confidence = rs.getInt(14);
        boolean noConfidence = rs.wasNull();
        return new StoredObject(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                new ObjectFacts(
                        rs.getString(5),
                        tlp == null ? Optional.empty() : Optional.of(Tlp.valueOf(tlp)),
                        Tlp.valueOf(rs.getString(7)),
                        source(rs.getString(8), rs.getString(9), rs.getString(10)),
                        source(rs.getString(11), rs.getString(12), rs.getString(13)),
                        noConfidence ? OptionalInt.empty() : OptionalInt.of(confidence),
                        Labels.parse(rs.getString(15)),
                        rs.getInt(16) != 0,
                        rs.getInt(17)),
                body);
    }

    private static Optional<ObjectFacts.Source> source(String org, String agreement, String area) {
        return org == null
                ? Optional.empty()
                : Optional.of(new ObjectFacts.Source(org, agreement, area));
    }

    // NB: sqlite-jdbc hands out the UTF-8 bytes of a TEXT column directly; PostgreSQL's driver
    // returns text as a String, so encode it
    byte[] body(ResultSet rs, int column) throws SQLException {
        return sqlite ? rs.getBytes(column) : rs.getString(column).getBytes(StandardCharsets.UTF_8);
    }

    /** A page of objects with their bodies and facts. */
    public Page<StoredObject> objects(ObjectQuery query, Visibility visibility) {
        return select(query, visibility, COLUMNS + ", body", storedObject);
    }

    /**
     * A page of objects with only what an envelope needs, for readers to whom nothing needs to be
     * told of each object (no ledger entry, no anonymising).
     */
    public Page<StoredBody> bodies(ObjectQuery query, Visibility visibility) {
        return select(
                query,
                visibility,
                "date_added, body",
                (rs, n) -> new StoredBody(rs.getLong(1), body(rs, 2)));
    }

    /** A page of manifest records (no bodies are read). */
    public Page<StoredObject> manifest(ObjectQuery query, Visibility visibility) {
        return select(query, visibility, COLUMNS, (rs, n) -> row(rs, new byte[0]));
    }

    private <T extends Enveloped> Page<T> select(
            ObjectQuery query, Visibility visibility, String columns, RowMapper<T> mapper) {
        if (visibility instanceof Visibility.None) {
            return new Page<>(List.of(), false, 0);
        }
        Where where = where(query, visibility);
        List<T> rows =
                db.jdbc()
                        .sql(
                                "SELECT "
                                        + columns
                                        + " FROM objects"
                                        + where.sql
                                        + where.orderBy
                                        + " LIMIT :limit")
                        .params(where.params)
                        .param("limit", query.limit() + 1)
                        .query(mapper)
                        .list();
        boolean more = rows.size() > query.limit();
        return Page.of(more ? rows.subList(0, query.limit()) : rows, more);
    }

    /** The latest version of an indicator or other object, with where it is held. */
    /**
     * @param tlp the TLP that governs it, read by meaning at ingest (its effective TLP)
     */
    public record Latest(
            String collectionId, String lineage, String stixId, Tlp tlp, byte[] body) {}

    /**
     * Every latest version of objects of one type across all collections, streamed (the detection
     * engine loads its indicators this way).
     */
    public void latestOfType(String type, Visibility visibility, Consumer<Latest> each) {
        if (visibility instanceof Visibility.None) {
            return;
        }
        Condition seen = condition(visibility);
        db.jdbc()
                .sql(
                        "SELECT c.id, o.lineage, o.stix_id, o.effective_tlp, o.body FROM objects o"
                                + " JOIN collections c ON c.seq = o.collection_seq"
                                + " WHERE o.stix_type = :type AND o.is_last = 1 AND ("
                                + seen.sql()
                                + ")")
                .params(seen.params())
                .param("type", type)
                .query(
                        (ResultSet rs) -> {
                            each.accept(
                                    new Latest(
                                            rs.getString(1),
                                            rs.getString(2),
                                            rs.getString(3),
                                            Tlp.valueOf(rs.getString(4)),
                                            body(rs, 5)));
                        });
    }

    /**
     * The bodies of the marking definitions with these ids held in any collection, in any lineage:
     * what a marking means is read from every definition the node holds under its id (the most
     * restrictive wins, so a definition sent later can only make objects stricter).
     */
    public Map<String, List<byte[]>> markingDefinitions(Set<String> ids) {
        Map<String, List<byte[]>> found = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) {
            db.jdbc()
                    .sql(
                            "SELECT stix_id, body FROM objects WHERE stix_type ="
                                    + " 'marking-definition' AND stix_id IN (:ids)")
                    .param("ids", all.subList(from, Math.min(all.size(), from + 500)))
                    .query(
                            (ResultSet rs) -> {
                                found.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                        .add(body(rs, 2));
                            });
        }
        return found;
    }

    /**
     * Who sent the object with this id that the collection holds (its latest version that is not
     * kept apart), if it is a received one: the node's own lookup, behind no visibility, for the
     * onward rule of our sightings of it.
     */
    public Optional<ObjectFacts.Source> receivedFrom(String collectionId, String stixId) {
        return db.jdbc()
                .sql(
                        "SELECT origin_org, origin_agreement, origin_area FROM objects"
                                + " WHERE collection_seq = :c AND stix_id = :id AND shadowed = 0"
                                + " AND is_last = 1 AND origin_org IS NOT NULL"
                                + " ORDER BY date_added LIMIT 1")
                .param("c", seq(collectionId))
                .param("id", stixId)
                .query(
                        (rs, n) ->
                                new ObjectFacts.Source(
                                        rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    /** How many object versions of a collection a reader sees. */
    public long count(String collectionId, Visibility visibility) {
        if (visibility instanceof Visibility.None) {
            return 0;
        }
        Condition seen = condition(visibility);
        return db.jdbc()
                .sql(
                        "SELECT COUNT(*) FROM objects WHERE collection_seq = :c AND ("
                                + seen.sql()
                                + ")")
                .params(seen.params())
                .param("c", seq(collectionId))
                .query(Long.class)
                .single();
    }

    /** Per collection, how many object versions of it a reader sees (for the node's summary). */
    public Map<String, Long> counts(Visibility visibility) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (visibility instanceof Visibility.None) {
            return counts;
        }
        Condition seen = condition(visibility);
        db.jdbc()
                .sql(
                        "SELECT c.id, COUNT(*) FROM objects o"
                                + " JOIN collections c ON c.seq = o.collection_seq WHERE ("
                                + seen.sql()
                                + ") GROUP BY c.id")
                .params(seen.params())
                .query(
                        (ResultSet rs) -> {
                            counts.put(rs.getString(1), rs.getLong(2));
                        });
        return counts;
    }

    static Condition condition(Visibility visibility) {
        if (visibility instanceof Visibility.Where w) {
            return w.condition();
        }
        return visibility instanceof Visibility.All ? Condition.TRUE : Condition.FALSE;
    }

    /**
     * @param orderBy the ORDER BY clause. NB: with an id filter the rows are few and the sort is
     *     done on {@code date_added + 0}, an expression no index provides, so that the planner
     *     looks them up through the (collection, id, ...) index instead of walking the whole
     *     collection in date order and filtering (SQLite does that without statistics).
     */
    record Where(String sql, Map<String, Object> params, String orderBy) {}

    Where where(ObjectQuery q, Visibility visibility) {
        StringBuilder sql = new StringBuilder(" WHERE collection_seq = :collection");
        Map<String, Object> params = new HashMap<>();
        params.put("collection", seq(q.collectionId()));
        if (q.after().isPresent()) {
            sql.append(" AND date_added > :after");
            params.put("after", q.after().getAsLong());
        }
        if (q.upTo().isPresent()) {
            sql.append(" AND date_added <= :upTo");
            params.put("upTo", q.upTo().getAsLong());
        }
        if (!q.ids().isEmpty()) {
            sql.append(" AND stix_id IN (:ids)");
            params.put("ids", List.copyOf(q.ids()));
        }
        if (!q.types().isEmpty()) {
            sql.append(" AND stix_type IN (:types)");
            params.put("types", List.copyOf(q.types()));
        }
        if (!q.specVersions().isEmpty()) {
            sql.append(" AND spec_version IN (:specs)");
            params.put("specs", List.copyOf(q.specVersions()));
        }
        if (q.notFromOrg().isPresent()) {
            sql.append(" AND lineage <> :notFrom");
            params.put("notFrom", q.notFromOrg().get());
        }
        VersionFilter v = q.versions();
        if (!v.all()) {
            List<String> any = new ArrayList<>(3);
            if (v.last()) {
                any.add("is_last = 1");
            }
            if (v.first()) {
                any.add("is_first = 1");
            }
            if (!v.keys().isEmpty()) {
                any.add("version_key IN (:versionKeys)");
                params.put("versionKeys", v.keys());
            }
            sql.append(
                    any.size() == 1
                            ? " AND " + any.get(0)
                            : " AND (" + String.join(" OR ", any) + ")");
        }
        if (visibility instanceof Visibility.Where w) {
            sql.append(" AND (").append(w.condition().sql()).append(')');
            for (Map.Entry<String, Object> e : w.condition().params().entrySet()) {
                if (params.put(e.getKey(), e.getValue()) != null) {
                    throw new IllegalArgumentException(
                            "the visibility's parameter :" + e.getKey() + " is a query's name");
                }
            }
        }
        String orderBy = q.ids().isEmpty() ? " ORDER BY date_added" : " ORDER BY date_added + 0";
        return new Where(sql.toString(), params, orderBy);
    }

    /**
     * Deletes, in the caller's transaction, the versions of an object that match and that {@code
     * deletable} covers, and returns how many were removed.
     */
    public int delete(ObjectQuery target, Visibility deletable) {
        if (deletable instanceof Visibility.None) {
            return 0;
        }
        if (target.ids().size() != 1) {
            throw new IllegalArgumentException("a delete names exactly one object");
        }
        String stixId = target.ids().iterator().next();
        lockCollection(target.collectionId());
        Where where = where(target, deletable);
        List<String> lineages =
                db.jdbc()
                        .sql("SELECT DISTINCT lineage FROM objects" + where.sql)
                        .params(where.params)
                        .query(String.class)
                        .list();
        int removed =
                db.jdbc().sql("DELETE FROM objects" + where.sql).params(where.params).update();
        if (removed > 0) {
            for (String lineage : lineages) {
                recompute(target.collectionId(), stixId, lineage);
            }
            reassignOwner(target.collectionId(), stixId);
        }
        return removed;
    }

    /**
     * Takes the collection's write lock for the rest of the transaction and returns its newest
     * date_added. The no-op update is the portable way to lock a row (SQLite's write lock is
     * already held by BEGIN IMMEDIATE).
     */
    long lockCollection(String collectionId) {
        db.jdbc()
                .sql("UPDATE collections SET last_added = last_added WHERE id = :id")
                .param("id", collectionId)
                .update();
        return db.jdbc()
                .sql("SELECT last_added FROM collections WHERE id = :id")
                .param("id", collectionId)
                .query(Long.class)
                .single();
    }

    /**
     * Refreshes what depends on all the versions of one lineage of an object: which is first and
     * last, and each version's effective TLP (the most restrictive of its own and every later
     * version's, so that re-marking upward withdraws the earlier versions).
     */
    void recompute(String collectionId, String stixId, String lineage) {
        int c = seq(collectionId);
        List<String[]> versions =
                db.jdbc()
                        .sql(
                                "SELECT version_key, COALESCE(tlp, '-'), effective_tlp FROM objects"
                                        + " WHERE collection_seq = :c AND stix_id = :id"
                                        + " AND lineage = :l ORDER BY version_key DESC")
                        .param("c", c)
                        .param("id", stixId)
                        .param("l", lineage)
                        .query(
                                (rs, n) ->
                                        new String[] {
                                            rs.getString(1), rs.getString(2), rs.getString(3)
                                        })
                        .list();
        if (versions.isEmpty()) {
            return;
        }
        Tlp floor = null;
        for (String[] v : versions) {
            // a version's own level is its effective one unless a later version raised it; the
            // unraised level is recovered as its own TLP, or the collection default it took
            Tlp own = v[1].equals("-") ? defaultTlp(collectionId) : Tlp.valueOf(v[1]);
            floor = floor == null || own.ordinal() > floor.ordinal() ? own : floor;
            v[2] = floor.name();
        }
        db.jdbc()
                .sql(
                        "UPDATE objects SET is_first = CASE WHEN version_key = :first THEN 1"
                                + " ELSE 0 END, is_last = CASE WHEN version_key = :last THEN 1"
                                + " ELSE 0 END WHERE collection_seq = :c AND stix_id = :id"
                                + " AND lineage = :l")
                .param("first", versions.get(versions.size() - 1)[0])
                .param("last", versions.get(0)[0])
                .param("c", c)
                .param("id", stixId)
                .param("l", lineage)
                .update();
        for (String[] v : versions) {
            db.jdbc()
                    .sql(
                            "UPDATE objects SET effective_tlp = :tlp WHERE collection_seq = :c"
                                    + " AND stix_id = :id AND lineage = :l AND version_key = :k"
                                    + " AND effective_tlp <> :tlp")
                    .param("tlp", v[2])
                    .param("c", c)
                    .param("id", stixId)
                    .param("l", lineage)
                    .param("k", v[0])
                    .update();
        }
    }

    private final ConcurrentHashMap<String, Tlp> defaults = new ConcurrentHashMap<>();

    private Tlp defaultTlp(String collectionId) {
        return defaults.computeIfAbsent(
                collectionId,
                id ->
                        Tlp.valueOf(
                                db.jdbc()
                                        .sql("SELECT default_tlp FROM collections WHERE id = :id")
                                        .param("id", id)
                                        .query(String.class)
                                        .single()));
    }

    /**
     * After a delete: the lineage holding the oldest remaining version of the id owns it, and is
     * seen; the others stay kept apart. Rows kept apart for a false claim (shadowed = 2) never own.
     */
    private void reassignOwner(String collectionId, String stixId) {
        int c = seq(collectionId);
        Optional<String> owner =
                db.jdbc()
                        .sql(
                                "SELECT lineage FROM objects WHERE collection_seq = :c"
                                        + " AND stix_id = :id AND shadowed < 2"
                                        + " ORDER BY date_added LIMIT 1")
                        .param("c", c)
                        .param("id", stixId)
                        .query(String.class)
                        .optional();
        if (owner.isEmpty()) {
            return;
        }
        db.jdbc()
                .sql(
                        "UPDATE objects SET shadowed = CASE WHEN lineage = :owner THEN 0 ELSE 1"
                                + " END WHERE collection_seq = :c AND stix_id = :id"
                                + " AND shadowed < 2")
                .param("owner", owner.get())
                .param("c", c)
                .param("id", stixId)
                .update();
    }

    /** Inserts rows; the counts say, per row, whether it was written (0: its key was taken). */
    int[] insert(String collectionId, List<Row> rows) {
        int collectionSeq = seq(collectionId);
        if (!sqlite && rows.size() >= COPY_FROM) {
            return copy(collectionSeq, rows);
        }
        int[] written =
                db.template()
                        .batchUpdate(
                                INSERT,
                                new BatchPreparedStatementSetter() {
                                    @Override
                                    public void setValues(PreparedStatement ps, int n)
                                            throws SQLException {
                                        bind(ps, collectionSeq, rows.get(n));
                                    }

                                    @Override
                                    public int getBatchSize() {
                                        return rows.size();
                                    }
                                });
        int[] counts = new int[rows.size()];
        for (int n = 0; n < rows.size(); n++) {
            // JDBC may report SUCCESS_NO_INFO (-2) for a row it wrote without a count
            counts[n] = written[n] == 0 ? 0 : 1;
        }
        return counts;
    }

    /**
     * Chunks of at least this many rows go to PostgreSQL through {@code COPY}: one round trip and
     * no per-row statement (docs/benchmarks.md). Smaller ones (a single POSTed object, a sighting)
     * are not worth a COPY's set-up.
     */
    static final int COPY_FROM = 64;

    private static final String COPY =
            """
            COPY objects (collection_seq, date_added, stix_id, stix_type, spec_version, version,
                          version_key, is_first, is_last, tlp, effective_tlp, created_by, body,
                          lineage, shadowed, origin_org, origin_agreement, origin_area, onward_org,
                          onward_agreement, onward_area, confidence, labels, names_us)
            FROM STDIN WITH (FORMAT csv)
            """;

    /**
     * The rows through PostgreSQL's {@code COPY}, in the caller's transaction. {@code COPY} has no
     * {@code ON CONFLICT}: a taken key fails the whole chunk, which rolls back. That cannot happen
     * here short of the table disagreeing with what {@link ChunkWriter} read under the collection
     * lock, and then failing loudly is right.
     */
    private int[] copy(int collectionSeq, List<Row> rows) {
        java.io.ByteArrayOutputStream csv = new java.io.ByteArrayOutputStream(rows.size() * 1024);
        for (Row r : rows) {
            PreparedObject o = r.object();
            Object[] values = {
                collectionSeq,
                r.dateAdded(),
                o.id(),
                o.type(),
                o.specVersion(),
                r.version(),
                r.versionKey(),
                r.alone() ? 1 : 0,
                r.alone() ? 1 : 0,
                o.tlp().map(Enum::name).orElse(null),
                r.effectiveTlp().name(),
                o.createdBy().orElse(null),
                o.body(),
                o.lineage(),
                r.shadowed(),
                o.origin().map(ObjectFacts.Source::org).orElse(null),
                o.origin().map(ObjectFacts.Source::agreement).orElse(null),
                o.origin().map(ObjectFacts.Source::area).orElse(null),
                o.onward().map(ObjectFacts.Source::org).orElse(null),
                o.onward().map(ObjectFacts.Source::agreement).orElse(null),
                o.onward().map(ObjectFacts.Source::area).orElse(null),
                o.confidence().isPresent() ? o.confidence().getAsInt() : null,
                Labels.stored(o.labels()),
                o.namesUs()
            };
            for (int v = 0; v < values.length; v++) {
                if (v > 0) {
                    csv.write(',');
                }
                csvField(csv, values[v]);
            }
            csv.write('\n');
        }
        byte[] data = csv.toByteArray();
        db.template()
                .execute(
                        (org.springframework.jdbc.core.ConnectionCallback<Long>)
                                connection -> {
                                    try {
                                        return connection
                                                .unwrap(org.postgresql.PGConnection.class)
                                                .getCopyAPI()
                                                .copyIn(
                                                        COPY,
                                                        new java.io.ByteArrayInputStream(data));
                                    } catch (java.io.IOException e) {
                                        throw new SQLException("COPY into objects failed", e);
                                    }
                                });
        int[] counts = new int[rows.size()];
        java.util.Arrays.fill(counts, 1);
        return counts;
    }

    /** One CSV field: NULL unquoted and empty, anything else quoted with its quotes doubled. */
    private static void csvField(java.io.ByteArrayOutputStream out, Object value) {
        if (value == null) {
            return;
        }
        byte[] bytes =
                value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8);
        out.write('"');
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '"') {
                out.write(bytes, from, i - from + 1);
                out.write('"');
                from = i + 1;
            }
        }
        out.write(bytes, from, bytes.length - from);
        out.write('"');
    }

    private static final String INSERT =
            """
            INSERT INTO objects (collection_seq, date_added, stix_id, stix_type, spec_version,
                                 version, version_key, is_first, is_last, tlp, effective_tlp,
                                 created_by, body, lineage, shadowed, origin_org, origin_agreement,
                                 origin_area, onward_org, onward_agreement, onward_area,
                                 confidence, labels, names_us)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (collection_seq, stix_id, lineage, version_key) DO NOTHING
            """;

    /** One version to insert, with everything the store keeps of it. */
    record Row(
            PreparedObject object,
            long dateAdded,
            String version,
            String versionKey,
            boolean alone,
            Tlp effectiveTlp,
            int shadowed) {}

    private void bind(PreparedStatement ps, int collectionSeq, Row r) throws SQLException {
        PreparedObject o = r.object();
        ps.setInt(1, collectionSeq);
        ps.setLong(2, r.dateAdded());
        ps.setString(3, o.id());
        ps.setString(4, o.type());
        ps.setString(5, o.specVersion());
        ps.setString(6, r.version());
        ps.setString(7, r.versionKey());
        ps.setInt(8, r.alone() ? 1 : 0);
        ps.setInt(9, r.alone() ? 1 : 0);
        ps.setString(10, o.tlp().map(Enum::name).orElse(null));
        ps.setString(11, r.effectiveTlp().name());
        ps.setString(12, o.createdBy().orElse(null));
        if (sqlite) {
            // stored as the UTF-8 bytes they are, read back as such
            ps.setBytes(13, o.body());
        } else {
            ps.setString(13, new String(o.body(), StandardCharsets.UTF_8));
        }
        ps.setString(14, o.lineage());
        ps.setInt(15, r.shadowed());
        setSource(ps, 16, o.origin());
        setSource(ps, 19, o.onward());
        if (o.confidence().isPresent()) {
            ps.setInt(22, o.confidence().getAsInt());
        } else {
            ps.setNull(22, Types.INTEGER);
        }
        ps.setString(23, Labels.stored(o.labels()));
        ps.setInt(24, o.namesUs());
    }

    private static void setSource(PreparedStatement ps, int at, Optional<ObjectFacts.Source> source)
            throws SQLException {
        ps.setString(at, source.map(ObjectFacts.Source::org).orElse(null));
        ps.setString(at + 1, source.map(ObjectFacts.Source::agreement).orElse(null));
        ps.setString(at + 2, source.map(ObjectFacts.Source::area).orElse(null));
    }
}
