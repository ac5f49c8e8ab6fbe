package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.entente.server.collection.Collection;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;

/**
 * Every object row belongs to a collection that exists, whichever way it is written (one INSERT,
 * PostgreSQL's COPY), and a collection that holds objects cannot be removed or renumbered: the
 * database itself refuses, not only the code that writes.
 */
class CollectionReferenceTest {
    private static final String ROW =
            """
            INSERT INTO objects (collection_seq, date_added, stix_id, stix_type, spec_version,
                                 version, version_key, is_first, is_last, effective_tlp, body,
                                 lineage, shadowed, names_us)
            VALUES (%d, 1, 'indicator--5d2dd1b4-8a44-4a36-9a9d-1e3a2c1f0d00', 'indicator', '2.1',
                    '2024-01-01T00:00:00.000Z', '20240101000000000000', 1, 1, 'GREEN', '{}', '',
                    0, 0)
            """;

    @EachDatabase
    void anObjectRowOfAnUnknownCollectionIsRefused(TestNode node) {
        Database db = node.node().database();
        int unknown = newSeq(db);
        assertThatThrownBy(
                        () ->
                                db.inTransaction(
                                        () -> db.jdbc().sql(ROW.formatted(unknown)).update()))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
        assertThat(count(db, unknown)).isZero();
    }

    @EachDatabase
    void aCopiedRowOfAnUnknownCollectionIsRefused(TestNode node) {
        Database db = node.node().database();
        if (db.dialect() != Dialect.POSTGRESQL) {
            return; // COPY is PostgreSQL's
        }
        int unknown = newSeq(db);
        String csv =
                unknown
                        + ",1,indicator--5d2dd1b4-8a44-4a36-9a9d-1e3a2c1f0d01,indicator,2.1,"
                        + "2024-01-01T00:00:00.000Z,20240101000000000000,1,1,GREEN,{},\"\",0,0\n";
        assertThatThrownBy(() -> db.inTransaction(() -> copy(db, csv)))
                .isInstanceOf(RuntimeException.class);
        assertThat(count(db, unknown)).isZero();
    }

    @EachDatabase
    void aStatementNamingAnUnknownCollectionBesideAKnownOneIsRefusedWhole(TestNode node) {
        Database db = node.node().database();
        int known = seqOf(db, node.newCollection());
        int unknown = newSeq(db);
        assertThatThrownBy(
                        () -> db.inTransaction(() -> db.jdbc().sql(rows(known, unknown)).update()))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
        if (db.dialect() == Dialect.POSTGRESQL) {
            assertThatThrownBy(
                            () -> db.inTransaction(() -> copy(db, csv(known, 1) + csv(unknown, 2))))
                    .isInstanceOf(RuntimeException.class);
        }
        assertThat(count(db, known)).isZero();
        assertThat(count(db, unknown)).isZero();
    }

    @EachDatabase
    void aStatementOfKnownCollectionsIsWrittenWhole(TestNode node) {
        Database db = node.node().database();
        int one = seqOf(db, node.newCollection());
        int other = seqOf(db, node.newCollection());
        db.inTransaction(() -> db.jdbc().sql(rows(one, other)).update());
        assertThat(count(db, one)).isEqualTo(1);
        assertThat(count(db, other)).isEqualTo(1);
        if (db.dialect() == Dialect.POSTGRESQL) {
            // one collection named by every row (the store's chunks), then two
            db.inTransaction(() -> copy(db, csv(one, 10) + csv(one, 11) + csv(one, 12)));
            db.inTransaction(() -> copy(db, csv(one, 13) + csv(other, 14)));
        }
        assertThat(count(db, one)).isEqualTo(db.dialect() == Dialect.POSTGRESQL ? 5 : 1);
        assertThat(count(db, other)).isEqualTo(db.dialect() == Dialect.POSTGRESQL ? 2 : 1);
    }

    /**
     * Rows being written into a collection lock it against removal until they commit: another
     * transaction's DELETE, which cannot see them yet, waits for them instead of orphaning them.
     */
    @EachDatabase
    void rowsBeingWrittenHoldTheirCollection(TestNode node) throws Exception {
        Database db = node.node().database();
        if (db.dialect() != Dialect.POSTGRESQL) {
            return; // SQLite has one writer: the DELETE cannot run beside the rows' transaction
        }
        Collection held = node.newCollection();
        int seq = seqOf(db, held);
        try (java.sql.Connection writing = db.dataSource().getConnection();
                java.sql.Connection removing = db.dataSource().getConnection()) {
            writing.setAutoCommit(false);
            boolean committed = false;
            try {
                long copied =
                        writing.unwrap(PGConnection.class)
                                .getCopyAPI()
                                .copyIn(
                                        COPY,
                                        new ByteArrayInputStream(
                                                (csv(seq, 20) + csv(seq, 21))
                                                        .getBytes(StandardCharsets.UTF_8)));
                assertThat(copied).isEqualTo(2);
                try (java.sql.Statement s = removing.createStatement()) {
                    s.execute("SET lock_timeout = '200ms'");
                    assertThatThrownBy(
                                    () ->
                                            s.executeUpdate(
                                                    "DELETE FROM collections WHERE id = '"
                                                            + held.id()
                                                            + "'"))
                            .isInstanceOf(java.sql.SQLException.class)
                            .hasMessageContaining("lock timeout");
                }
                writing.commit();
                committed = true;
            } finally {
                if (!committed) {
                    // the copy went past the pool's bookkeeping: setting auto-commit back when
                    // the connection is returned would commit it
                    writing.rollback();
                }
            }
        }
        assertThat(count(db, seq)).isEqualTo(2);
        assertThat(seqOf(db, held)).isEqualTo(seq);
    }

    @EachDatabase
    void aCollectionHoldingObjectsCannotBeRemovedOrRenumbered(TestNode node) {
        Database db = node.node().database();
        Collection held = node.newCollection();
        Collection empty = node.newCollection();
        int seq = seqOf(db, held);
        db.inTransaction(() -> db.jdbc().sql(ROW.formatted(seq)).update());
        int free = newSeq(db);
        assertThatThrownBy(() -> db.inTransaction(() -> delete(db, held)))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
        assertThatThrownBy(() -> db.inTransaction(() -> renumber(db, held, free)))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
        assertThat(count(db, seq)).isEqualTo(1);
        // what refuses is the object: the same statements on a collection that holds none go
        // through (and are rolled back here)
        for (Runnable change :
                List.<Runnable>of(() -> delete(db, empty), () -> renumber(db, empty, free))) {
            assertThatThrownBy(
                            () ->
                                    db.inTransaction(
                                            () -> {
                                                change.run();
                                                throw new RolledBack();
                                            }))
                    .isInstanceOf(RolledBack.class);
        }
        assertThat(seqOf(db, empty)).isNotEqualTo(free);
    }

    /** One INSERT of two rows, the first into {@code first}, the second into {@code second}. */
    private static String rows(int first, int second) {
        return ROW.formatted(first)
                + ", ("
                + second
                + ", 2, 'indicator--5d2dd1b4-8a44-4a36-9a9d-1e3a2c1f0d02', 'indicator', '2.1',"
                + " '2024-01-01T00:00:00.000Z', '20240101000000000000', 1, 1, 'GREEN', '{}', '',"
                + " 0, 0)";
    }

    /** A CSV line of {@link #COPY}: object {@code n} into collection {@code seq}. */
    private static String csv(int seq, int n) {
        return seq
                + ","
                + n
                + ",indicator--5d2dd1b4-8a44-4a36-9a9d-1e3a2c1f%04x,indicator,2.1,".formatted(n)
                + "2024-01-01T00:00:00.000Z,20240101000000000000,1,1,GREEN,{},\"\",0,0\n";
    }

    private static final class RolledBack extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static void delete(Database db, Collection c) {
        assertThat(
                        db.jdbc()
                                .sql("DELETE FROM collections WHERE id = :id")
                                .param("id", c.id())
                                .update())
                .isEqualTo(1);
    }

    private static void renumber(Database db, Collection c, int seq) {
        assertThat(
                        db.jdbc()
                                .sql("UPDATE collections SET seq = :seq WHERE id = :id")
                                .param("seq", seq)
                                .param("id", c.id())
                                .update())
                .isEqualTo(1);
    }

    private static int seqOf(Database db, Collection c) {
        return db.jdbc()
                .sql("SELECT seq FROM collections WHERE id = :id")
                .param("id", c.id())
                .query(Integer.class)
                .single();
    }

    private static int newSeq(Database db) {
        return 1 + db.jdbc().sql("SELECT MAX(seq) FROM collections").query(Integer.class).single();
    }

    private static long copy(Database db, String csv) {
        return db.template()
                .execute(
                        (ConnectionCallback<Long>)
                                c -> {
                                    try {
                                        return c.unwrap(PGConnection.class)
                                                .getCopyAPI()
                                                .copyIn(
                                                        COPY,
                                                        new ByteArrayInputStream(
                                                                csv.getBytes(
                                                                        StandardCharsets.UTF_8)));
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                });
    }

    private static final String COPY =
            """
            COPY objects (collection_seq, date_added, stix_id, stix_type, spec_version, version,
                          version_key, is_first, is_last, effective_tlp, body, lineage, shadowed,
                          names_us)
            FROM STDIN WITH (FORMAT csv)
            """;

    private static long count(Database db, int seq) {
        return db.jdbc()
                .sql("SELECT COUNT(*) FROM objects WHERE collection_seq = :c")
                .param("c", seq)
                .query(Long.class)
                .single();
    }
}
