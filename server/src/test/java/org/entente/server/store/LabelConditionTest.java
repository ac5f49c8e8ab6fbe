package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.entente.server.Node;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;
import org.entente.server.testing.PlainNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** "Carries label x" in SQL: the same answer on both databases, and cheap on SQLite. */
class LabelConditionTest {
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aLabelMatchesWithoutRegardToCaseAndItsWildcardsAreLiteral(Dialect dialect)
            throws Exception {
        try (Node n = PlainNode.fresh(dialect)) {
            Database db = n.database();
            db.template().execute("CREATE TABLE labelled (labels TEXT)");
            for (Set<String> labels :
                    java.util.List.of(
                            Set.of("Internal"),
                            Set.of("50%_off!", "other"),
                            Set.of("50xyoff!"),
                            Set.of("a|b"),
                            Set.<String>of())) {
                db.jdbc()
                        .sql("INSERT INTO labelled (labels) VALUES (:labels)")
                        .param("labels", Labels.stored(labels))
                        .update();
            }
            assertThat(count(db, "INTERNAL")).isEqualTo(1);
            assertThat(count(db, "50%_off!")).as("% and _ match themselves only").isEqualTo(1);
            assertThat(count(db, "a|b")).isEqualTo(1);
            assertThat(count(db, "a")).as("a label is matched whole").isZero();
            assertThat(count(db, "%")).isZero();
        }
    }

    /**
     * SQLite compiles a statement again every time it is run when a LIKE pattern inside it is a
     * bound parameter (the pattern could allow an index range), and a partner's page query carries
     * its agreements' label rules: about 12 µs more per small query, measured, and a compile of the
     * whole partner query per page. Behind a CAST the pattern is an expression, not a parameter, to
     * the planner; the labels column has no index for it to use anyway.
     */
    @Test
    void thePatternIsNotABareParameterToSqlitesPlanner() {
        Condition.Params params = new Condition.Params();
        String sql = Labels.carriesSql("internal", params);
        assertThat(sql).matches("labels LIKE CAST\\(:p_0 AS TEXT\\) ESCAPE '!'");
        assertThat(params.condition(sql).params()).containsEntry("p_0", "%|internal|%");
    }

    private static long count(Database db, String label) {
        Condition.Params params = new Condition.Params();
        Condition carries = params.condition(Labels.carriesSql(label, params));
        return db.jdbc()
                .sql("SELECT count(*) FROM labelled WHERE " + carries.sql())
                .params(carries.params())
                .query(Long.class)
                .single();
    }
}
