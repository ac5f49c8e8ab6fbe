package org.entente.server.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;
import org.entente.server.policy.ObjectFacts;
import org.entente.server.policy.SqlFilter;
import org.entente.stix.StixJson;
import org.entente.stix.Timestamps;
import org.entente.stix.Tlp;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.RowMapper;

/**
 * The stored object versions of every collection.
 *
 * <p>Paging is keyset on {@code date_added}, which is unique within a collection and strictly
 * increasing in commit order: writers lock the collection row while they allocate it, so a reader
 * that has seen date_added X can never later find a newly committed object below X.
 */
public final class ObjectDao {
    private static final String INSERT =
            """
            INSERT INTO objects (collection_seq, date_added, stix_id, stix_type, spec_version,
                                 version, version_key, is_first, is_last, tlp, created_by, body,
                                 origin_org, origin_agreement, origin_area, confidence, labels)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (collection_seq, stix_id, version_key) DO NOTHING
            """;

    private final Database db;
    private final RowMapper<StoredObject> storedObject;
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> seqs =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The collection's number in the objects table. Fixed for the collection's life, so cached; an
     * unknown collection has none and matches nothing.
     */
    private int seq(String collectionId) {
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

    public ObjectDao(Database db) {
        this.db = db;
        boolean sqlite = db.dialect() == Dialect.SQLITE;
        this.storedObject = (rs, n) -> row(rs, body(rs, sqlite));
    }

    private static final String COLUMNS =
            "date_added, stix_id, version, spec_version, stix_type, tlp, origin_org,"
                    + " origin_agreement, origin_area, confidence, labels";

    // NB: columns are read by position (COLUMNS' order, body last) because looking them up by
    // name costs more than the rest of the row on a page of a thousand objects
    private static StoredObject row(ResultSet rs, byte[] body) throws SQLException {
        int confidence = rs.getInt(10);
        boolean noConfidence = rs.wasNull();
        String tlp = rs.getString(6);
        return new StoredObject(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                new ObjectFacts(
                        rs.getString(5),
                        tlp == null ? Optional.empty() : Optional.of(Tlp.valueOf(tlp)),
                        Optional.ofNullable(rs.getString(7)),
                        Optional.ofNullable(rs.getString(8)),
                        Optional.ofNullable(rs.getString(9)),
                        noConfidence ? OptionalInt.empty() : OptionalInt.of(confidence),
                        ObjectFacts.parseLabels(rs.getString(11))),
                body);
    }

    // NB: sqlite-jdbc hands out the UTF-8 bytes of a TEXT column directly; PostgreSQL's driver
    // returns text as a String, so encode it. The body is column 12.
    private static byte[] body(ResultSet rs, boolean sqlite) throws SQLException {
        return body(rs, sqlite, 12);
    }

    private static byte[] body(ResultSet rs, boolean sqlite, int column) throws SQLException {
        return sqlite ? rs.getBytes(column) : rs.getString(column).getBytes(StandardCharsets.UTF_8);
    }

    /** A page of objects with their bodies. */
    public Page<StoredObject> objects(ObjectQuery query) {
        return select(query, COLUMNS + ", body", storedObject);
    }

    /** A page of objects with only what an envelope needs, for readers who may see everything. */
    public Page<StoredBody> bodies(ObjectQuery query) {
        boolean sqlite = db.dialect() == Dialect.SQLITE;
        return select(
                query,
                "date_added, body",
                (rs, n) ->
                        new StoredBody(
                                rs.getLong(1),
                                sqlite
                                        ? rs.getBytes(2)
                                        : rs.getString(2).getBytes(StandardCharsets.UTF_8)));
    }

    /** A page of manifest records (no bodies are read). */
    public Page<StoredObject> manifest(ObjectQuery query) {
        return select(query, COLUMNS, (rs, n) -> row(rs, new byte[0]));
    }

    private <T> Page<T> select(ObjectQuery query, String columns, RowMapper<T> mapper) {
        Where where = where(query);
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
        return page(rows, query.limit());
    }

    /** Whether the collection holds any version of the object, whatever the filters. */
    public boolean exists(String collectionId, String stixId) {
        return db.jdbc()
                .sql(
                        "SELECT 1 FROM objects WHERE collection_seq = :c AND stix_id = :id"
                                + " LIMIT 1")
                .param("c", seq(collectionId))
                .param("id", stixId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /** The latest version of an object of some type, in whichever collection it is. */
    public record Latest(String collectionId, String stixId, byte[] body) {}

    /**
     * Every latest version of objects of one type across all collections, streamed (the detection
     * engine loads its indicators this way at start).
     */
    public void latestOfType(String type, java.util.function.Consumer<Latest> each) {
        boolean sqlite = db.dialect() == Dialect.SQLITE;
        db.jdbc()
                .sql(
                        """
                        SELECT c.id, o.stix_id, o.body FROM objects o
                          JOIN collections c ON c.seq = o.collection_seq
                         WHERE o.stix_type = :type AND o.is_last = 1
                        """)
                .param("type", type)
                .query(
                        (ResultSet rs) -> {
                            each.accept(
                                    new Latest(
                                            rs.getString(1), rs.getString(2), body(rs, sqlite, 3)));
                        });
    }

    /** Whether a marking definition with this id is stored in any collection. */
    public boolean markingDefinitionExists(String id) {
        return db.jdbc()
                .sql(
                        "SELECT 1 FROM objects WHERE stix_type = 'marking-definition'"
                                + " AND stix_id = :id LIMIT 1")
                .param("id", id)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    public long count(String collectionId) {
        return db.jdbc()
                .sql("SELECT COUNT(*) FROM objects WHERE collection_seq = :c")
                .param("c", seq(collectionId))
                .query(Long.class)
                .single();
    }

    private static <T> Page<T> page(List<T> rows, int limit) {
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more);
    }

    /**
     * @param orderBy the ORDER BY clause. NB: with an id filter the rows are few and the sort is
     *     done on {@code date_added + 0}, an expression no index provides, so that the planner
     *     looks them up through the (collection, id, version) index instead of walking the whole
     *     collection in date order and filtering (SQLite does that without statistics).
     */
    private record Where(String sql, Map<String, Object> params, String orderBy) {}

    private Where where(ObjectQuery q) {
        StringBuilder sql = new StringBuilder(" WHERE collection_seq = :collection");
        Map<String, Object> params = new HashMap<>();
        params.put("collection", seq(q.collectionId()));
        if (q.after().isPresent()) {
            sql.append(" AND date_added > :after");
            params.put("after", q.after().getAsLong());
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
        if (q.restriction().isPresent()) {
            SqlFilter r = q.restriction().get();
            sql.append(" AND ").append(r.sql());
            params.putAll(r.params());
        }
        String orderBy = q.ids().isEmpty() ? " ORDER BY date_added" : " ORDER BY date_added + 0";
        return new Where(sql.toString(), params, orderBy);
    }

    /**
     * Writes one chunk of a POST in the caller's transaction and says, per object, whether it is
     * now stored (new or an exact duplicate of what was held) or why not.
     *
     * @param nowMicros the clock; date_added is the later of it and one past the newest object
     */
    public List<StatusDetail> insertChunk(
            String collectionId, List<PreparedObject> objects, long nowMicros) {
        if (objects.isEmpty()) {
            return List.of();
        }
        long last = lockCollection(collectionId);
        long first = Math.max(nowMicros, last + 1);
        long[] dateAdded = new long[objects.size()];
        String[] versions = new String[objects.size()];
        for (int i = 0; i < objects.size(); i++) {
            dateAdded[i] = first + i;
            versions[i] = objects.get(i).version().orElse(Timestamps.formatMicros(dateAdded[i]));
        }
        Set<String> ids = new HashSet<>();
        Set<String> repeated = new HashSet<>();
        for (PreparedObject o : objects) {
            if (!ids.add(o.id())) {
                repeated.add(o.id());
            }
        }
        Map<String, List<byte[]>> heldUnversioned = new HashMap<>();
        Set<String> ours = new HashSet<>();
        Set<String> held = heldIds(collectionId, ids, objects, heldUnversioned, ours);

        List<StatusDetail> outcome = new ArrayList<>(objects.size());
        boolean[] skip = new boolean[objects.size()];
        for (int i = 0; i < objects.size(); i++) {
            PreparedObject o = objects.get(i);
            outcome.add(null);
            if (o.provenance().org().isPresent() && ours.contains(o.id())) {
                // only we make versions of our own objects: another organisation may hand one
                // back unchanged (already held), never a version of its own making
                skip[i] = true;
                outcome.set(i, ours(collectionId, o, versions[i]));
                continue;
            }
            if (o.version().isEmpty()) {
                List<byte[]> same = heldUnversioned.getOrDefault(o.id(), List.of());
                for (byte[] body : same) {
                    if (sameJson(body, o.body())) {
                        skip[i] = true;
                        outcome.set(
                                i,
                                StatusDetail.success(
                                        o.id(), versions[i], "already held: identical object"));
                        break;
                    }
                }
                if (!skip[i]) {
                    heldUnversioned.computeIfAbsent(o.id(), k -> new ArrayList<>()).add(o.body());
                }
            }
        }
        int[] counts = insert(collectionId, objects, dateAdded, versions, held, repeated, skip);
        Set<String> recompute = new HashSet<>(repeated);
        for (int i = 0; i < objects.size(); i++) {
            PreparedObject o = objects.get(i);
            if (skip[i]) {
                continue;
            }
            if (counts[i] == 0) {
                outcome.set(i, duplicate(collectionId, o, versions[i]));
            } else {
                outcome.set(i, StatusDetail.success(o.id(), versions[i]));
                if (held.contains(o.id())) {
                    recompute.add(o.id());
                }
            }
        }
        for (String id : recompute) {
            recomputeFlags(collectionId, id);
        }
        db.jdbc()
                .sql("UPDATE collections SET last_added = :last WHERE id = :id")
                .param("last", dateAdded[objects.size() - 1])
                .param("id", collectionId)
                .update();
        return outcome;
    }

    /**
     * Takes the collection's write lock for the rest of the transaction and returns its newest
     * date_added. The no-op update is the portable way to lock a row (SQLite's write lock is
     * already held by BEGIN IMMEDIATE).
     */
    private long lockCollection(String collectionId) {
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
     * The ids of the chunk the collection already holds; fills {@code ours} with those of them held
     * as our own objects (no origin).
     */
    private Set<String> heldIds(
            String collectionId,
            Set<String> ids,
            List<PreparedObject> objects,
            Map<String, List<byte[]>> heldUnversioned,
            Set<String> ours) {
        Set<String> unversioned = new HashSet<>();
        for (PreparedObject o : objects) {
            if (o.version().isEmpty()) {
                unversioned.add(o.id());
            }
        }
        Set<String> held = new HashSet<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> slice = all.subList(from, Math.min(all.size(), from + 500));
            db.jdbc()
                    .sql(
                            "SELECT DISTINCT stix_id, CASE WHEN origin_org IS NULL THEN 1 ELSE 0"
                                    + " END FROM objects"
                                    + " WHERE collection_seq = :c AND stix_id IN (:ids)")
                    .param("c", seq(collectionId))
                    .param("ids", slice)
                    .query(
                            (ResultSet rs) -> {
                                held.add(rs.getString(1));
                                if (rs.getInt(2) == 1) {
                                    ours.add(rs.getString(1));
                                }
                            });
        }
        boolean sqlite = db.dialect() == Dialect.SQLITE;
        for (String id : unversioned) {
            if (held.contains(id)) {
                db.jdbc()
                        .sql("SELECT body FROM objects WHERE collection_seq = :c AND stix_id = :id")
                        .param("c", seq(collectionId))
                        .param("id", id)
                        .query((rs, n) -> body(rs, sqlite, 1))
                        .list()
                        .forEach(
                                b ->
                                        heldUnversioned
                                                .computeIfAbsent(id, k -> new ArrayList<>())
                                                .add(b));
            }
        }
        return held;
    }

    private int[] insert(
            String collectionId,
            List<PreparedObject> objects,
            long[] dateAdded,
            String[] versions,
            Set<String> held,
            Set<String> repeated,
            boolean[] skip) {
        List<Integer> rows = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            if (!skip[i]) {
                rows.add(i);
            }
        }
        boolean sqlite = db.dialect() == Dialect.SQLITE;
        int collectionSeq = seq(collectionId);
        int[] written =
                db.template()
                        .batchUpdate(
                                INSERT,
                                new BatchPreparedStatementSetter() {
                                    @Override
                                    public void setValues(PreparedStatement ps, int n)
                                            throws SQLException {
                                        int i = rows.get(n);
                                        PreparedObject o = objects.get(i);
                                        boolean alone =
                                                !held.contains(o.id())
                                                        && !repeated.contains(o.id());
                                        ps.setInt(1, collectionSeq);
                                        ps.setLong(2, dateAdded[i]);
                                        ps.setString(3, o.id());
                                        ps.setString(4, o.type());
                                        ps.setString(5, o.specVersion());
                                        ps.setString(6, versions[i]);
                                        ps.setString(7, Timestamps.sortKey(versions[i]));
                                        ps.setInt(8, alone ? 1 : 0);
                                        ps.setInt(9, alone ? 1 : 0);
                                        ps.setString(10, o.tlp().map(Enum::name).orElse(null));
                                        ps.setString(11, o.createdBy().orElse(null));
                                        if (sqlite) {
                                            // stored as the UTF-8 bytes they are, read back as such
                                            ps.setBytes(12, o.body());
                                        } else {
                                            ps.setString(
                                                    12,
                                                    new String(o.body(), StandardCharsets.UTF_8));
                                        }
                                        ps.setString(13, o.provenance().org().orElse(null));
                                        ps.setString(14, o.provenance().agreement().orElse(null));
                                        ps.setString(15, o.provenance().area().orElse(null));
                                        if (o.confidence().isPresent()) {
                                            ps.setInt(16, o.confidence().getAsInt());
                                        } else {
                                            ps.setNull(16, java.sql.Types.INTEGER);
                                        }
                                        ps.setString(17, ObjectFacts.storedLabels(o.labels()));
                                    }

                                    @Override
                                    public int getBatchSize() {
                                        return rows.size();
                                    }
                                });
        int[] counts = new int[objects.size()];
        Arrays.fill(counts, 0);
        for (int n = 0; n < rows.size(); n++) {
            // JDBC may report SUCCESS_NO_INFO (-2) for a row it wrote without a count
            counts[rows.get(n)] = written[n] == 0 ? 0 : 1;
        }
        return counts;
    }

    /** The object's id and version were already held: fine if identical, a failure if not. */
    private StatusDetail duplicate(String collectionId, PreparedObject o, String version) {
        boolean sqlite = db.dialect() == Dialect.SQLITE;
        Optional<byte[]> existing =
                db.jdbc()
                        .sql(
                                "SELECT body FROM objects WHERE collection_seq = :c AND stix_id = :id"
                                        + " AND version_key = :key")
                        .param("c", seq(collectionId))
                        .param("id", o.id())
                        .param("key", Timestamps.sortKey(version))
                        .query((rs, n) -> body(rs, sqlite, 1))
                        .optional();
        if (existing.isPresent() && sameJson(existing.get(), o.body())) {
            return StatusDetail.success(o.id(), version, "already held: identical object");
        }
        return StatusDetail.failure(
                o.id(),
                version,
                "a different object with this id and version is already stored; a changed object"
                        + " needs a new modified timestamp");
    }

    /** Another organisation sent an object whose id is one of ours. */
    private StatusDetail ours(String collectionId, PreparedObject o, String version) {
        boolean sqlite = db.dialect() == Dialect.SQLITE;
        Optional<byte[]> existing =
                db.jdbc()
                        .sql(
                                "SELECT body FROM objects WHERE collection_seq = :c AND stix_id = :id"
                                        + " AND version_key = :key")
                        .param("c", seq(collectionId))
                        .param("id", o.id())
                        .param("key", Timestamps.sortKey(version))
                        .query((rs, n) -> body(rs, sqlite, 1))
                        .optional();
        if (existing.isPresent() && sameJson(existing.get(), o.body())) {
            return StatusDetail.success(o.id(), version, "already held: identical object");
        }
        return StatusDetail.failure(
                o.id(),
                version,
                o.id()
                        + " is an object of this node's own: only we make versions of it, so a"
                        + " version from another organisation is refused");
    }

    private static boolean sameJson(byte[] a, byte[] b) {
        return Arrays.equals(a, b) || StixJson.parse(a).equals(StixJson.parse(b));
    }

    private void recomputeFlags(String collectionId, String stixId) {
        db.jdbc()
                .sql(
                        """
                        UPDATE objects SET
                          is_first = CASE WHEN version_key = (SELECT MIN(o.version_key)
                                         FROM objects o WHERE o.collection_seq = :c
                                          AND o.stix_id = :id) THEN 1 ELSE 0 END,
                          is_last  = CASE WHEN version_key = (SELECT MAX(o.version_key)
                                         FROM objects o WHERE o.collection_seq = :c
                                          AND o.stix_id = :id) THEN 1 ELSE 0 END
                         WHERE collection_seq = :c AND stix_id = :id
                        """)
                .param("c", seq(collectionId))
                .param("id", stixId)
                .update();
    }

    /**
     * Deletes the versions of an object that match, in the caller's transaction, and returns how
     * many were removed.
     */
    public int delete(
            String collectionId,
            String stixId,
            VersionFilter versions,
            Set<String> specVersions,
            Optional<String> onlyFromOrg) {
        lockCollection(collectionId);
        ObjectQuery scope =
                new ObjectQuery(
                        collectionId,
                        java.util.OptionalLong.empty(),
                        1,
                        Set.of(stixId),
                        Set.of(),
                        versions,
                        specVersions,
                        onlyFromOrg.map(
                                org ->
                                        new SqlFilter(
                                                "origin_org = :p_from", Map.of("p_from", org))));
        Where where = where(scope);
        int removed =
                db.jdbc().sql("DELETE FROM objects" + where.sql).params(where.params).update();
        if (removed > 0) {
            recomputeFlags(collectionId, stixId);
        }
        return removed;
    }

    /** Per collection, how many object versions it holds (for the node's summary). */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        db.jdbc()
                .sql(
                        "SELECT c.id AS collection_id, COUNT(*) AS n FROM objects o"
                                + " JOIN collections c ON c.seq = o.collection_seq GROUP BY c.id")
                .query(
                        (ResultSet rs) -> {
                            counts.put(rs.getString("collection_id"), rs.getLong("n"));
                        });
        return counts;
    }
}
