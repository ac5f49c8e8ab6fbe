package org.entente.server.store;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entente.stix.StixJson;
import org.entente.stix.Timestamps;
import org.entente.stix.Tlp;

/**
 * Writes one chunk of a POST in the caller's transaction and says, per object, whether it is now
 * stored (new, or an exact copy of a version the writer can read) or why not.
 *
 * <p>Ownership (ADR 0009): the versions of an id form one lineage per organisation that sent it (''
 * for our own). Only a lineage's organisation adds versions to it. When a writer sends an id that
 * another lineage holds, the answer depends only on what the writer may read: if it can read a
 * version of that id, it is told the id is someone else's (or that an identical copy is held); if
 * it cannot, its object is stored in its own lineage, kept apart ("shadowed") and visible only to
 * it — exactly what it would have seen had the id been free, so a POST cannot test what the node
 * holds.
 */
public final class ChunkWriter {
    /**
     * One chunk to write.
     *
     * @param collectionDefault the TLP an unmarked object takes
     * @param writerSees what the writer may read in the collection: the only holdings its answers
     *     may depend on
     * @param nowMicros the clock; date_added is the later of it and one past the newest object
     * @param pulled the chunk comes from a peer's feed we pull, whose answers only we read: an id
     *     of our own lineage in it is ours handed back, held as such ({@link #OURS_BACK})
     */
    public record Chunk(
            String collectionId,
            Tlp collectionDefault,
            List<PreparedObject> objects,
            Visibility writerSees,
            long nowMicros,
            boolean pulled) {
        public Chunk {
            Objects.requireNonNull(collectionId, "collectionId");
            Objects.requireNonNull(collectionDefault, "collectionDefault");
            Objects.requireNonNull(writerSees, "writerSees");
            objects = List.copyOf(objects);
        }

        public Chunk(
                String collectionId,
                Tlp collectionDefault,
                List<PreparedObject> objects,
                Visibility writerSees,
                long nowMicros) {
            this(collectionId, collectionDefault, objects, writerSees, nowMicros, false);
        }
    }

    static final String NOT_YOURS =
            "an object with this id is held here from another source: only the organisation it"
                    + " came from makes versions of it; give your object an id of its own";

    static final String DIFFERENT_VERSION =
            "a different object with this id and version is already stored; a changed object needs"
                    + " a new modified timestamp";

    static final String IDENTICAL = StatusDetail.HELD + ": identical object";

    static final String OURS_BACK = StatusDetail.HELD + ": an object of our own, handed back";

    static final String OURS_ONLY =
            "an object of this node's own has this id: only we make versions of it";

    private final ObjectDao dao;

    public ChunkWriter(ObjectDao dao) {
        this.dao = dao;
    }

    /** A version already stored under an id of the chunk. */
    private record HeldRow(
            String lineage, String versionKey, long dateAdded, int shadowed, boolean visible) {}

    /** A version written earlier in the same chunk, by id, lineage and version key. */
    private record InChunk(String id, String lineage, String versionKey) {}

    /** What the collection holds of one id, and what the chunk adds as it goes. */
    private static final class Held {
        final List<HeldRow> rows = new ArrayList<>();
        final Map<String, Integer> shadowOf = new HashMap<>(); // lineage -> its shadowed state
        Optional<String> owner = Optional.empty();

        Set<String> versions(String lineage) {
            if (rows.isEmpty()) {
                return Set.of(); // a new id, as most of an ingest's are
            }
            Set<String> keys = new HashSet<>();
            rows.stream()
                    .filter(r -> r.lineage.equals(lineage))
                    .forEach(r -> keys.add(r.versionKey));
            return keys;
        }
    }

    public List<StatusDetail> write(Chunk chunk) {
        return write(chunk, i -> {});
    }

    /**
     * Writes the chunk, telling {@code keptApart} the index of each object stored kept apart (in a
     * lineage only its sender sees): the node's own machinery, detection first, must not act on it.
     */
    public List<StatusDetail> write(Chunk chunk, java.util.function.IntConsumer keptApart) {
        List<PreparedObject> objects = chunk.objects();
        if (objects.isEmpty()) {
            return List.of();
        }
        long last = dao.lineages().lockCollection(chunk.collectionId());
        long first = Math.max(chunk.nowMicros(), last + 1);
        Set<String> ids = new LinkedHashSet<>();
        objects.forEach(o -> ids.add(o.id()));
        Map<String, Held> held = held(chunk, ids);
        Map<InChunk, byte[]> bodies = new HashMap<>(); // chunk-local

        List<StatusDetail> outcome = new ArrayList<>(objects.size());
        List<ObjectRows.Row> rows = new ArrayList<>(objects.size());
        List<Integer> rowOf = new ArrayList<>(objects.size());
        Set<String> recompute = new LinkedHashSet<>();
        for (int i = 0; i < objects.size(); i++) {
            PreparedObject o = objects.get(i);
            long dateAdded = first + i;
            String version = o.version().orElseGet(() -> Timestamps.formatMicros(dateAdded));
            String key = Timestamps.sortKey(version);
            Held h = held.computeIfAbsent(o.id(), k -> new Held());
            String lineage = o.lineage();
            Set<String> mine = h.versions(lineage);
            outcome.add(null);

            // 1. the writer's own lineage: an exact copy is held, or the version is taken
            Optional<StatusDetail> own =
                    o.version().isPresent()
                            ? mine.contains(key)
                                    ? Optional.of(
                                            same(chunk, o, lineage, key, bodies)
                                                    ? StatusDetail.success(
                                                            o.id(), version, IDENTICAL)
                                                    : StatusDetail.failure(
                                                            o.id(), version, DIFFERENT_VERSION))
                                    : Optional.empty()
                            : !mine.isEmpty()
                                            && identicalUnversioned(
                                                    chunk, o, h, lineage, true, bodies)
                                    ? Optional.of(StatusDetail.success(o.id(), version, IDENTICAL))
                                    : Optional.empty();
            if (own.isPresent()) {
                outcome.set(i, own.get());
                continue;
            }
            // a pull, whose answers only we read: a version of our own id is ours handed back (our
            // feedback, say), no news; any other version of it is a forgery we refuse
            if (chunk.pulled()
                    && !lineage.isEmpty()
                    && mine.isEmpty()
                    && h.rows.stream().anyMatch(r -> r.lineage.isEmpty())) {
                boolean ours =
                        o.version().isPresent()
                                && h.rows.stream()
                                        .anyMatch(
                                                r ->
                                                        r.lineage.isEmpty()
                                                                && r.versionKey.equals(key));
                outcome.set(
                        i,
                        ours
                                ? StatusDetail.success(o.id(), version, OURS_BACK)
                                : StatusDetail.failure(o.id(), version, OURS_ONLY));
                continue;
            }
            // 2. other lineages: answer only from what the writer can read
            int shadowed;
            if (o.keptApart()) {
                shadowed = 2;
            } else if (!mine.isEmpty()) {
                shadowed = h.shadowOf.getOrDefault(lineage, 0);
            } else if (h.owner.isEmpty()) {
                shadowed = 0;
            } else {
                boolean seesOther =
                        h.rows.stream().anyMatch(r -> !r.lineage.equals(lineage) && r.visible);
                if (seesOther) {
                    boolean copy =
                            o.version().isPresent()
                                    ? identicalVisibleVersion(chunk, o, h, key, bodies)
                                    : identicalUnversioned(chunk, o, h, lineage, false, bodies);
                    outcome.set(
                            i,
                            copy
                                    ? StatusDetail.success(o.id(), version, IDENTICAL)
                                    : StatusDetail.failure(o.id(), version, NOT_YOURS));
                    continue;
                }
                shadowed = 1;
            }
            // flags and reach are per lineage: a version alone in its lineage is first and last
            boolean alone = h.rows.stream().noneMatch(r -> r.lineage.equals(lineage));
            Tlp effective = o.tlp().orElse(chunk.collectionDefault());
            rows.add(new ObjectRows.Row(o, dateAdded, version, key, alone, effective, shadowed));
            rowOf.add(i);
            // the chunk's later objects see this one as held (by the writer, so visible to it)
            h.rows.add(new HeldRow(lineage, key, dateAdded, shadowed, true));
            h.shadowOf.putIfAbsent(lineage, shadowed);
            if (h.owner.isEmpty() && shadowed < 2) {
                h.owner = Optional.of(lineage);
            }
            bodies.put(new InChunk(o.id(), lineage, key), o.body());
            if (!alone) {
                recompute.add(o.id() + "\n" + lineage);
            }
            outcome.set(i, StatusDetail.success(o.id(), version));
            if (shadowed > 0) {
                keptApart.accept(i);
            }
        }
        if (!rows.isEmpty()) {
            int[] written = dao.rows().insert(chunk.collectionId(), rows);
            for (int n = 0; n < written.length; n++) {
                if (written[n] == 0) {
                    // cannot happen under the collection lock unless the table disagrees with
                    // what was read: say so rather than claim the object is stored
                    PreparedObject o = rows.get(n).object();
                    outcome.set(
                            rowOf.get(n),
                            StatusDetail.failure(o.id(), rows.get(n).version(), DIFFERENT_VERSION));
                }
            }
        }
        for (String idAndLineage : recompute) {
            int cut = idAndLineage.indexOf('\n');
            dao.lineages()
                    .recompute(
                            chunk.collectionId(),
                            idAndLineage.substring(0, cut),
                            idAndLineage.substring(cut + 1));
        }
        dao.db()
                .jdbc()
                .sql("UPDATE collections SET last_added = :last WHERE id = :id")
                .param("last", first + objects.size() - 1)
                .param("id", chunk.collectionId())
                .update();
        return outcome;
    }

    private Map<String, Held> held(Chunk chunk, Set<String> ids) {
        Condition seen = ObjectDao.condition(chunk.writerSees());
        List<String> all = List.copyOf(ids);
        int c = dao.seq(chunk.collectionId());
        List<Map.Entry<String, HeldRow>> found = new ArrayList<>();
        // PostgreSQL takes the ids as one array: one statement of three parameters, planned once,
        // instead of statements of up to 500 parameters each (SQLite has no arrays)
        boolean array = dao.db().dialect() != org.entente.server.db.Dialect.SQLITE;
        int slices = array ? all.size() : 500;
        for (int from = 0; from < all.size(); from += slices) {
            List<String> slice = all.subList(from, Math.min(all.size(), from + slices));
            // NB: no ORDER BY here: sorting by date_added lets SQLite's planner walk the whole
            // collection in date order instead of looking the ids up (measured: ingest 6 times
            // slower at 100,000 objects); the rows are few and sorted below
            dao.db()
                    .jdbc()
                    .sql(
                            "SELECT stix_id, lineage, version_key, date_added, shadowed,"
                                    + " CASE WHEN ("
                                    + seen.sql()
                                    + ") THEN 1 ELSE 0 END FROM objects"
                                    + " WHERE collection_seq = :c AND stix_id "
                                    + (array ? "= ANY(:ids)" : "IN (:ids)"))
                    .params(seen.params())
                    .param("c", c)
                    .param("ids", array ? slice.toArray(String[]::new) : slice)
                    .query(
                            (ResultSet rs) -> {
                                found.add(
                                        Map.entry(
                                                rs.getString(1),
                                                new HeldRow(
                                                        rs.getString(2),
                                                        rs.getString(3),
                                                        rs.getLong(4),
                                                        rs.getInt(5),
                                                        rs.getInt(6) == 1)));
                            });
        }
        // in the order they were added: the first lineage not kept apart owns the id
        found.sort(java.util.Comparator.comparingLong(e -> e.getValue().dateAdded()));
        Map<String, Held> held = new HashMap<>();
        for (Map.Entry<String, HeldRow> e : found) {
            Held h = held.computeIfAbsent(e.getKey(), k -> new Held());
            HeldRow r = e.getValue();
            h.rows.add(r);
            h.shadowOf.putIfAbsent(r.lineage, r.shadowed);
            if (h.owner.isEmpty() && r.shadowed < 2) {
                h.owner = Optional.of(r.lineage);
            }
        }
        return held;
    }

    /** Whether the stored (or chunk) version of the lineage under {@code key} is the same JSON. */
    private boolean same(
            Chunk chunk,
            PreparedObject o,
            String lineage,
            String key,
            Map<InChunk, byte[]> bodies) {
        byte[] inChunk = bodies.get(new InChunk(o.id(), lineage, key));
        if (inChunk != null) {
            return sameJson(inChunk, o.body());
        }
        return storedBodies(chunk, o.id(), Optional.of(lineage), Optional.of(key), false).stream()
                .anyMatch(b -> sameJson(b, o.body()));
    }

    private boolean identicalVisibleVersion(
            Chunk chunk, PreparedObject o, Held h, String key, Map<InChunk, byte[]> bodies) {
        boolean visibleThere =
                h.rows.stream()
                        .anyMatch(
                                r ->
                                        r.visible
                                                && r.versionKey.equals(key)
                                                && !r.lineage.equals(o.lineage()));
        return visibleThere
                && storedBodies(chunk, o.id(), Optional.empty(), Optional.of(key), true).stream()
                        .anyMatch(b -> sameJson(b, o.body()));
    }

    /**
     * An unversioned object (an SCO) counts as held when an identical copy is: in the writer's own
     * lineage ({@code own}), or in another lineage the writer can read.
     */
    private boolean identicalUnversioned(
            Chunk chunk,
            PreparedObject o,
            Held h,
            String lineage,
            boolean own,
            Map<InChunk, byte[]> bodies) {
        if (own) {
            for (Map.Entry<InChunk, byte[]> e : bodies.entrySet()) {
                if (e.getKey().id().equals(o.id())
                        && e.getKey().lineage().equals(lineage)
                        && sameJson(e.getValue(), o.body())) {
                    return true;
                }
            }
            return storedBodies(chunk, o.id(), Optional.of(lineage), Optional.empty(), false)
                    .stream()
                    .anyMatch(b -> sameJson(b, o.body()));
        }
        return storedBodies(chunk, o.id(), Optional.empty(), Optional.empty(), true).stream()
                .anyMatch(b -> sameJson(b, o.body()));
    }

    /**
     * Bodies stored under an id: of one lineage or of the others the writer can read, of one
     * version or all.
     */
    private List<byte[]> storedBodies(
            Chunk chunk,
            String id,
            Optional<String> lineage,
            Optional<String> versionKey,
            boolean othersVisible) {
        if (othersVisible && chunk.writerSees() instanceof Visibility.None) {
            return List.of();
        }
        Condition seen = othersVisible ? ObjectDao.condition(chunk.writerSees()) : Condition.TRUE;
        StringBuilder sql =
                new StringBuilder(
                        "SELECT body FROM objects WHERE collection_seq = :c AND stix_id = :id");
        Map<String, Object> params = new HashMap<>(seen.params());
        params.put("c", dao.seq(chunk.collectionId()));
        params.put("id", id);
        lineage.ifPresent(
                l -> {
                    sql.append(" AND lineage = :l");
                    params.put("l", l);
                });
        versionKey.ifPresent(
                k -> {
                    sql.append(" AND version_key = :k");
                    params.put("k", k);
                });
        sql.append(" AND (").append(seen.sql()).append(')');
        return dao.db()
                .jdbc()
                .sql(sql.toString())
                .params(params)
                .query((rs, n) -> dao.body(rs, 1))
                .list();
    }

    private static boolean sameJson(byte[] a, byte[] b) {
        return Arrays.equals(a, b) || StixJson.parse(a).equals(StixJson.parse(b));
    }
}
