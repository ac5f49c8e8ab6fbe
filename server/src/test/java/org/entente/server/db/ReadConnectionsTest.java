package org.entente.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.springframework.dao.DataAccessException;

/**
 * Pages of objects read outside a transaction go, on PostgreSQL, through read-only connections of
 * their own whose statements keep their generic plans (docs/benchmarks.md, "Session 26"); inside a
 * transaction they are read on the transaction's connection, and on SQLite on the one pool.
 */
class ReadConnectionsTest {

    @EachDatabase
    void pagesReadOutsideATransactionKeepTheirPlansAndWriteNothing(TestNode node) {
        Database db = node.node().database();
        if (db.dialect() == Dialect.SQLITE) {
            assertThat(db.reads()).as("SQLite's one pool").isSameAs(db.jdbc());
            return;
        }
        assertThat(db.reads().sql("SHOW plan_cache_mode").query(String.class).single())
                .isEqualTo("force_generic_plan");
        assertThatThrownBy(
                        () ->
                                db.reads()
                                        .sql(
                                                "UPDATE agreement_generation SET generation ="
                                                        + " generation WHERE id = 1")
                                        .update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("read-only");
        assertThat(db.jdbc().sql("SHOW plan_cache_mode").query(String.class).single())
                .as("every other statement")
                .isEqualTo("auto");
    }

    @EachDatabase
    void insideATransactionAPageIsReadOnItsConnection(TestNode node) {
        Database db = node.node().database();
        db.inTransaction(
                () -> {
                    assertThat(db.reads()).isSameAs(db.jdbc());
                    db.jdbc()
                            .sql(
                                    "UPDATE agreement_generation SET generation = generation + 0"
                                            + " WHERE id = 1")
                            .update();
                    long inside =
                            db.reads()
                                    .sql("SELECT generation FROM agreement_generation WHERE id = 1")
                                    .query(Long.class)
                                    .single();
                    assertThat(inside).isNotNegative();
                });
    }
}
