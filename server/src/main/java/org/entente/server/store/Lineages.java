package org.entente.server.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.entente.server.db.Database;
import org.entente.stix.Tlp;

/**
 * What depends on all the versions of an object in one collection, kept right after every write and
 * delete: the collection's write lock, which version of a lineage is first and last, each version's
 * effective TLP, and which lineage owns the id. Apart from {@link ObjectDao} because it is the
 * store's bookkeeping, not a read.
 */
final class Lineages {
    private final Database db;
    private final ObjectDao objects;

    Lineages(Database db, ObjectDao objects) {
        this.db = db;
        this.objects = objects;
    }

    private int seq(String collectionId) {
        return objects.seq(collectionId);
    }

    /**
     * Takes the collection's write lock for the rest of the transaction and returns its newest
     * date_added. The no-op update is the portable way to lock a row (SQLite's write lock is
     * already held by BEGIN IMMEDIATE); it returns the date in the same round trip.
     */
    long lockCollection(String collectionId) {
        return db.jdbc()
                .sql(
                        "UPDATE collections SET last_added = last_added WHERE id = :id"
                                + " RETURNING last_added")
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
    void reassignOwner(String collectionId, String stixId) {
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
}
