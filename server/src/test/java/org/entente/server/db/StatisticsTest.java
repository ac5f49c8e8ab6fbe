package org.entente.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.entente.server.collection.Collection;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.Test;

/**
 * SQLite loads the planner's statistics into each connection when it reads the schema, and keeps
 * them: an {@code ANALYZE} on one connection is not seen by the others until the schema changes. A
 * node's pooled connections are opened while it is empty and live for half an hour, so the
 * statistics a refresh gathers ({@link Database#optimize}) must reach every one of them.
 */
class StatisticsTest {
    /**
     * A lookup SQLite plans from statistics alone: with none it takes the two-column index, which
     * it believes the narrower; with them it knows that index holds one value and takes the other.
     */
    private static final String PROBE = "SELECT * FROM probe WHERE a = 1 AND c = 1 AND b = 7";

    @Test
    void statisticsARefreshGathersReachEveryConnectionOfThePool() throws SQLException {
        try (TestNode node = TestNode.start(Dialect.SQLITE)) {
            Database db = node.node().database();
            probe(db, 400);
            // a connection that read the schema before the table had statistics, as a node's do
            try (Connection held = db.dataSource().getConnection();
                    Statement s = held.createStatement()) {
                assertThat(plan(s)).as("planned from no statistics").contains("probe_by_a_c");
                db.optimize(false);
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM probe")) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getLong(1)).isEqualTo(400);
                }
                assertThat(plan(s))
                        .as("planned on a connection opened before the refresh")
                        .contains("probe_by_b");
            }
        }
    }

    @Test
    void aRefreshThatChangesNothingLeavesTheSchemaAlone() throws SQLException {
        try (TestNode node = TestNode.start(Dialect.SQLITE)) {
            Database db = node.node().database();
            probe(db, 400);
            db.optimize(false);
            long version = schemaVersion(db);
            db.optimize(false);
            assertThat(schemaVersion(db))
                    .as("nothing to analyse again: the connections keep their statements")
                    .isEqualTo(version);
        }
    }

    /**
     * On PostgreSQL an early refresh analyses {@code objects} while its statistics count it small
     * (never analysed, or fewer rows than {@link Database#ANALYSED_LARGE}), and leaves statistics
     * that count it large to autovacuum: a node restarted on a large database does not sample it
     * again at each of its first refreshes. A later refresh (not early) never analyses there.
     */
    @Test
    void onPostgresqlAnEarlyRefreshAnalysesObjectsOnlyWhileItsStatisticsCountThemFew() {
        try (TestNode node = TestNode.start(Dialect.POSTGRESQL)) {
            Database db = node.node().database();
            Collection c = node.newCollection();
            List<String> objects = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                objects.add(
                        Fixtures.indicator(
                                Fixtures.newId("indicator"), "2024-02-01T00:00:00.000Z"));
            }
            node.agency("local").post(c.id(), objects);
            assertThat(analysedRows(db)).as("not analysed since the objects came").isNotEqualTo(20);

            db.optimize(false);
            assertThat(analysedRows(db)).as("a later refresh leaves it").isNotEqualTo(20);
            db.optimize(true);
            assertThat(analysedRows(db)).as("analysed while counted few").isEqualTo(20);

            // statistics as a large table's (the test's account is PostgreSQL's superuser)
            db.jdbc()
                    .sql("UPDATE pg_class SET reltuples = :n WHERE oid = 'objects'::regclass")
                    .param("n", Database.ANALYSED_LARGE)
                    .update();
            db.optimize(true);
            assertThat(analysedRows(db))
                    .as("counted large: left to autovacuum")
                    .isEqualTo(Database.ANALYSED_LARGE);
        }
    }

    private static double analysedRows(Database db) {
        return db.jdbc()
                .sql("SELECT reltuples FROM pg_class WHERE oid = 'objects'::regclass")
                .query(Double.class)
                .single();
    }

    /** The probe's table: {@code a} and {@code c} the same in every row, {@code b} unique. */
    private static void probe(Database db, int n) {
        db.jdbc().sql("CREATE TABLE probe (a INTEGER, b INTEGER, c INTEGER)").update();
        db.jdbc().sql("CREATE INDEX probe_by_a_c ON probe (a, c)").update();
        db.jdbc().sql("CREATE INDEX probe_by_b ON probe (b)").update();
        db.jdbc()
                .sql(
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :n)"
                                + " INSERT INTO probe (a, b, c) SELECT 1, i, 1 FROM n")
                .param("n", n)
                .update();
    }

    /** The probe's plan on this statement's connection. */
    private static String plan(Statement s) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet r = s.executeQuery("EXPLAIN QUERY PLAN " + PROBE)) {
            while (r.next()) {
                plan.append(r.getString("detail")).append('\n');
            }
        }
        return plan.toString();
    }

    private static long schemaVersion(Database db) {
        return db.jdbc().sql("PRAGMA schema_version").query(Long.class).single();
    }
}
