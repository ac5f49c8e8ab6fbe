package org.entente.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.entente.server.db.Dialect;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.Test;

/**
 * A node stops its parts before the database they read through. The connection pool is exposed as a
 * bean of its own (for Actuator's health and pool metrics); were that bean to close the pool, the
 * context would close it in that bean's order, not after the scheduler, the sightings' flusher and
 * the search indexer: a full test run logged peer syncs that failed on a closed pool while their
 * node was stopping.
 */
class ShutdownOrderTest {

    @Test
    void onlyTheDatabaseClosesItsPoolAndOnlyWhenTheNodeStops() {
        TestNode node = TestNode.start(Dialect.SQLITE);
        HikariDataSource pool = (HikariDataSource) node.node().database().dataSource();
        try {
            node.destroy("dataSource");
            assertThat(pool.isClosed()).as("the pool after its bean was destroyed").isFalse();
            assertThat(
                            node.node()
                                    .database()
                                    .jdbc()
                                    .sql("SELECT COUNT(*) FROM collections")
                                    .query(Long.class)
                                    .single())
                    .isPositive();
        } finally {
            node.close();
        }
        assertThat(pool.isClosed()).as("the pool once the node has stopped").isTrue();
    }
}
