package org.entente.server.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    private final Lineages lineages;
    private final ObjectRows rows;

    public ObjectDao(Database db) {
        this.db = db;
        this.sqlite = db.dialect() == Dialect.SQLITE;
        this.storedObject = (rs, n) -> row(rs, body(rs, BODY));
        this.lineages = new Lineages(db, this);
        this.rows = new ObjectRows(db, this);
    }

    Database db() {
        return db;
    }

    Lineages lineages() {
        return lineages;
    }

    ObjectRows rows() {
        return rows;
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

    // NB: both drivers hand out a TEXT column's UTF-8 bytes as they arrived (PostgreSQL's driver
    // always talks UTF-8 to the server): a String made of them and encoded again cost every page a
    // decoding and an encoding of every body (docs/benchmarks.md, "Session 45")
    byte[] body(ResultSet rs, int column) throws SQLException {
        return rs.getBytes(column);
    }

    // NB: sqlite-jdbc's getString wraps the column's native text in a direct ByteBuffer made
    // through JNI on every call; copying its bytes out with getBytes and decoding them here cost
    // 0.15-0.2 ms less per page of 1,000 rows (docs/benchmarks.md, "Session 19")
    private String text(ResultSet rs, int column) throws SQLException {
        if (!sqlite) {
            return rs.getString(column);
        }
        byte[] utf8 = rs.getBytes(column);
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
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

    /**
     * A page of what goes out to another organisation: the versions {@code visibility} admits, each
     * numbered by {@code clause}, an integer SQL expression the policy made beside the visibility
     * that names the clause letting the row go ({@link Outgoing#RETURNED} for the reader's own).
     * Only what an envelope and the ledger need is read: the policy's judgement is made once, in
     * the database, instead of again per row in Java over every column it reads.
     *
     * <p>NB: a row is read in four columns, not eight. The clause, the effective TLP and {@code
     * names_us} come packed in one integer ({@link #facts}), the id and the version in one text
     * split at its space (neither holds one: the validator holds every stored id to {@code
     * <type>--<uuid>}, and a version is a timestamp), and the type is the id's prefix: on SQLite
     * each column read is a synchronised call into the driver that copies text through native
     * memory, and the unfiltered reader makes two per row (docs/adr/0020).
     *
     * @throws IllegalStateException if a row the visibility admits has no clause: the two
     *     expressions disagree, and nothing of the page may go
     */
    public Page<Outgoing> outgoing(ObjectQuery query, Visibility visibility, Condition clause) {
        return select(
                query,
                visibility,
                clause,
                "date_added, stix_id || ' ' || version, " + facts(clause) + ", body",
                (rs, n) -> {
                    String idAndVersion = text(rs, 2);
                    int space = idAndVersion.indexOf(' ');
                    String id = idAndVersion.substring(0, space);
                    long facts = rs.getLong(3);
                    int which = (int) (facts >> CLAUSE_SHIFT) - 2;
                    if (which < Outgoing.RETURNED) {
                        throw new IllegalStateException(
                                "the visibility let " + id + " through but no clause does");
                    }
                    int rank = (int) (facts >> TLP_SHIFT) & 0xF;
                    if (rank >= TLPS.length) {
                        throw new IllegalStateException(
                                id + " has an effective TLP this node does not know");
                    }
                    int dashes = id.indexOf("--");
                    if (dashes <= 0) {
                        throw new IllegalStateException(id + " is stored without a STIX id");
                    }
                    return new Outgoing(
                            rs.getLong(1),
                            id,
                            idAndVersion.substring(space + 1),
                            id.substring(0, dashes),
                            TLPS[rank],
                            (int) (facts & NAMES_US_MASK),
                            which,
                            body(rs, 4));
                });
    }

    private static final Tlp[] TLPS = Tlp.values();

    private static final int CLAUSE_SHIFT = 20;

    private static final int TLP_SHIFT = 16;

    private static final long NAMES_US_MASK = 0xFFFF;

    /** The effective TLP's ordinal in {@link Tlp}, 15 for a name this node does not know. */
    private static final String FACTS_TLP;

    static {
        StringBuilder tlp = new StringBuilder("CASE effective_tlp");
        for (Tlp t : TLPS) {
            tlp.append(" WHEN '").append(t.name()).append("' THEN ").append(t.ordinal());
        }
        FACTS_TLP = tlp.append(" ELSE 15 END").toString();
    }

    /**
     * The facts of an outgoing row as one integer: {@code (clause + 2) << 20 | tlp << 16 |
     * names_us}. The clause is at least -2 (no clause); {@code names_us} is a SMALLINT of 0 to 2,
     * well within its 16 bits.
     */
    private static String facts(Condition clause) {
        return "(CAST(("
                + clause.sql()
                + ") + 2 AS BIGINT) * 1048576 + ("
                + FACTS_TLP
                + ") * 65536 + names_us)";
    }

    /** A page of manifest records (no bodies are read). */
    public Page<StoredObject> manifest(ObjectQuery query, Visibility visibility) {
        return select(query, visibility, COLUMNS, (rs, n) -> row(rs, new byte[0]));
    }

    private <T extends Enveloped> Page<T> select(
            ObjectQuery query, Visibility visibility, String columns, RowMapper<T> mapper) {
        return select(query, visibility, Condition.TRUE, columns, mapper);
    }

    /**
     * @param selected the parameters the selected columns use
     */
    private <T extends Enveloped> Page<T> select(
            ObjectQuery query,
            Visibility visibility,
            Condition selected,
            String columns,
            RowMapper<T> mapper) {
        if (visibility instanceof Visibility.None) {
            return new Page<>(List.of(), false, 0);
        }
        QueryWhere where = QueryWhere.of(query, seq(query.collectionId()), visibility);
        for (Map.Entry<String, Object> e : selected.params().entrySet()) {
            Object before = where.params().put(e.getKey(), e.getValue());
            if (before != null && !before.equals(e.getValue())) {
                throw new IllegalArgumentException(
                        "the column expression's parameter :" + e.getKey() + " is taken");
            }
        }
        // NB: a read by id stays on the node's pool: PostgreSQL plans it once on its own, and on
        // the read connections a partner's GET by id cost PostgreSQL 11 % more CPU (the read and
        // its ledger append on two sessions; docs/adr/0040)
        List<T> rows =
                (query.ids().isEmpty() ? db.reads() : db.jdbc())
                        .sql(
                                "SELECT "
                                        + columns
                                        + " FROM objects"
                                        + where.sql()
                                        + where.orderBy()
                                        // NB: behind a CAST, or SQLite compiles the statement
                                        // again at each execution (architecture
                                        // .SqlParametersTest)
                                        + " LIMIT CAST(:limit AS INTEGER)")
                        .params(where.params())
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
        lineages.lockCollection(target.collectionId());
        QueryWhere where = QueryWhere.of(target, seq(target.collectionId()), deletable);
        List<String> lineages =
                db.jdbc()
                        .sql("SELECT DISTINCT lineage FROM objects" + where.sql())
                        .params(where.params())
                        .query(String.class)
                        .list();
        int removed =
                db.jdbc().sql("DELETE FROM objects" + where.sql()).params(where.params()).update();
        if (removed > 0) {
            for (String lineage : lineages) {
                this.lineages.recompute(target.collectionId(), stixId, lineage);
            }
            this.lineages.reassignOwner(target.collectionId(), stixId);
        }
        return removed;
    }
}
