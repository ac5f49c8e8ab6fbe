package org.entente.server.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import org.entente.server.db.BinaryCopy;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;
import org.entente.stix.Tlp;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;

/**
 * Writes new object versions into the objects table: a batch of INSERTs, or PostgreSQL's {@code
 * COPY} for large chunks. Only {@link ChunkWriter} calls it, under the collection's lock, having
 * decided what each row is.
 */
final class ObjectRows {
    private final Database db;
    private final ObjectDao objects;
    private final boolean sqlite;

    ObjectRows(Database db, ObjectDao objects) {
        this.db = db;
        this.objects = objects;
        this.sqlite = db.dialect() == Dialect.SQLITE;
    }

    /** Inserts rows; the counts say, per row, whether it was written (0: its key was taken). */
    int[] insert(String collectionId, List<Row> rows) {
        int collectionSeq = objects.seq(collectionId);
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
            FROM STDIN WITH (FORMAT binary)
            """;

    /**
     * The rows through PostgreSQL's {@code COPY}, in the caller's transaction. {@code COPY} has no
     * {@code ON CONFLICT}: a taken key fails the whole chunk, which rolls back. That cannot happen
     * here short of the table disagreeing with what {@link ChunkWriter} read under the collection
     * lock, and then failing loudly is right.
     *
     * <p>The binary format, streamed as it is encoded: each value goes as its length and its bytes,
     * so neither side quotes or scans the bodies (the CSV form spent a seventh of ingest's CPU on
     * the node doubling quotes into a buffer of the whole chunk, and PostgreSQL as much undoing
     * it). Text is sent as UTF-8, the connection's client encoding, and checked by the server as
     * any text parameter is; what is stored is the same (store.BulkWriteTest).
     */
    private int[] copy(int collectionSeq, List<Row> rows) {
        long copied =
                BinaryCopy.copy(
                        db,
                        COPY,
                        out -> {
                            for (Row r : rows) {
                                row(out, collectionSeq, r);
                            }
                        });
        if (copied != rows.size()) {
            throw new IllegalStateException(
                    "COPY wrote " + copied + " rows of " + rows.size() + " into objects");
        }
        int[] counts = new int[rows.size()];
        java.util.Arrays.fill(counts, 1);
        return counts;
    }

    /** One row in COPY's binary form, in the columns' order of {@link #COPY}. */
    private static void row(BinaryCopy out, int collectionSeq, Row r) throws SQLException {
        PreparedObject o = r.object();
        Optional<ObjectFacts.Source> origin = o.origin();
        Optional<ObjectFacts.Source> onward = o.onward();
        out.fields(24);
        out.int4(collectionSeq);
        out.int8(r.dateAdded());
        out.text(o.id());
        out.text(o.type());
        out.text(o.specVersion());
        out.text(r.version());
        out.text(r.versionKey());
        out.int2(r.alone() ? 1 : 0);
        out.int2(r.alone() ? 1 : 0);
        out.text(o.tlp().map(Enum::name).orElse(null));
        out.text(r.effectiveTlp().name());
        out.text(o.createdBy().orElse(null));
        out.bytes(o.body());
        out.text(o.lineage());
        out.int2(r.shadowed());
        out.text(origin.map(ObjectFacts.Source::org).orElse(null));
        out.text(origin.map(ObjectFacts.Source::agreement).orElse(null));
        out.text(origin.map(ObjectFacts.Source::area).orElse(null));
        out.text(onward.map(ObjectFacts.Source::org).orElse(null));
        out.text(onward.map(ObjectFacts.Source::agreement).orElse(null));
        out.text(onward.map(ObjectFacts.Source::area).orElse(null));
        if (o.confidence().isPresent()) {
            out.int4(o.confidence().getAsInt());
        } else {
            out.nullValue();
        }
        out.text(Labels.stored(o.labels()));
        out.int2(o.namesUs());
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
