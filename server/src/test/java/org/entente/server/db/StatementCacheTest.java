package org.entente.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.entente.server.testing.Databases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

/**
 * SQLite connections keep the statements they prepared (docs/adr/0026), and a statement handed back
 * leaves nothing behind for its next caller: no parameter, no open result set, no setting.
 */
class StatementCacheTest {
    private static final String COUNT = "SELECT count(*) FROM items WHERE n > ?";

    private Database db;

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseSettings(Databases.fresh(Dialect.SQLITE), "", "", 1));
        db.template().execute("CREATE TABLE items (n INTEGER NOT NULL)");
        db.template()
                .batchUpdate(
                        "INSERT INTO items (n) VALUES (?)",
                        java.util.stream.IntStream.range(0, 100)
                                .mapToObj(i -> new Object[] {i})
                                .toList());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theNodesSqliteConnectionsPrepareAStatementOnce() throws SQLException {
        JDBC4PreparedStatement first;
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(COUNT)) {
            first = ps.unwrap(JDBC4PreparedStatement.class);
            assertThat(count(ps, 90)).isEqualTo(9);
        }
        // the pool holds one connection: the same one comes back, with its statement
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(COUNT)) {
            assertThat(ps.unwrap(JDBC4PreparedStatement.class)).isSameAs(first);
            assertThat(count(ps, 10)).isEqualTo(89);
        }
        // and through Spring's templates, as every DAO reads
        for (int i = 0; i < 3; i++) {
            assertThat(db.template().queryForObject(COUNT, Integer.class, 50)).isEqualTo(49);
        }
    }

    @Test
    void aParameterDoesNotCarryOverToTheNextCaller() throws SQLException {
        DataSource source = cached(4);
        try (Connection c = source.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT ? IS NULL, ?")) {
                ps.setString(1, "left behind");
                ps.setString(2, "b");
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isZero();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ? IS NULL, ?")) {
                ps.setString(2, "c");
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).as("the first parameter, never set").isEqualTo(1);
                    assertThat(rs.getString(2)).isEqualTo("c");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ? IS NULL, ?")) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).as("none set this time").isEqualTo(1);
                    assertThat(rs.getString(2)).isNull();
                }
            }
        }
    }

    /**
     * {@code clearParameters} is {@code sqlite3_clear_bindings}, after which SQLite 3.54 compiles
     * the statement again at its next step: measured, a token lookup took 18 µs instead of 8, and
     * in the node recompiling was a tenth of a GET's CPU (docs/benchmarks.md, "Session 18"). The
     * driver binds every parameter at each execution, from values that handing back nulls, so a
     * caller's parameter is still not the next one's ({@link
     * #aParameterDoesNotCarryOverToTheNextCaller}).
     */
    @Test
    void aStatementHandedBackKeepsItsCompiledProgram() throws SQLException {
        java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        SQLiteDataSource sqlite = new SQLiteDataSource(new SQLiteConfig());
        sqlite.setUrl(Databases.fresh(Dialect.SQLITE));
        DataSource recorded = recording(sqlite, calls);
        DataSource source = StatementCache.over(recorded, 4);
        try (Connection c = source.getConnection()) {
            for (int i = 0; i < 3; i++) {
                try (PreparedStatement ps = c.prepareStatement("SELECT ? + 1")) {
                    ps.setInt(1, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(i + 1);
                    }
                }
            }
        }
        assertThat(calls).containsOnlyOnce("prepareStatement").doesNotContain("clearParameters");
    }

    /** {@code source}, its connections and their statements naming each call they take. */
    private static DataSource recording(SQLiteDataSource source, java.util.List<String> calls) {
        return (DataSource)
                java.lang.reflect.Proxy.newProxyInstance(
                        StatementCacheTest.class.getClassLoader(),
                        new Class<?>[] {DataSource.class},
                        (proxy, method, args) -> {
                            Object made = method.invoke(source, args);
                            return made instanceof Connection connection
                                    ? recorded(connection, Connection.class, calls)
                                    : made;
                        });
    }

    private static <T> T recorded(T real, Class<T> type, java.util.List<String> calls) {
        return type.cast(
                java.lang.reflect.Proxy.newProxyInstance(
                        StatementCacheTest.class.getClassLoader(),
                        new Class<?>[] {type},
                        (proxy, method, args) -> {
                            calls.add(method.getName());
                            Object made;
                            try {
                                made = method.invoke(real, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                            return made instanceof PreparedStatement statement
                                    ? recorded(statement, PreparedStatement.class, calls)
                                    : made;
                        }));
    }

    @Test
    void aResultSetLeftOpenIsClosedWhenTheStatementIsHandedBack() throws SQLException {
        DataSource source = cached(4);
        try (Connection reader = source.getConnection();
                Connection writer = source.getConnection()) {
            PreparedStatement ps = reader.prepareStatement("SELECT n FROM items ORDER BY n");
            ResultSet rs = ps.executeQuery();
            assertThat(rs.next()).isTrue();
            ps.close(); // the caller forgot its result set
            assertThat(rs.isClosed()).isTrue();
            assertThat(ps.isClosed()).isTrue();
            assertThatThrownBy(() -> ps.executeQuery()).isInstanceOf(SQLException.class);
            // no read snapshot is left behind: a writer's checkpoint can empty the whole log
            try (Statement s = writer.createStatement()) {
                s.executeUpdate("INSERT INTO items (n) VALUES (1000)");
                try (ResultSet checkpoint = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    assertThat(checkpoint.next()).isTrue();
                    assertThat(checkpoint.getInt(1)).as("busy").isZero();
                }
            }
            // and the statement reads the new row when it is next used
            try (PreparedStatement again =
                            reader.prepareStatement("SELECT n FROM items ORDER BY n");
                    ResultSet all = again.executeQuery()) {
                int rows = 0;
                while (all.next()) {
                    rows++;
                }
                assertThat(rows).isEqualTo(101);
            }
        }
    }

    @Test
    void aTextInUseIsPreparedAfreshForASecondCaller() throws SQLException {
        DataSource source = cached(4);
        try (Connection c = source.getConnection();
                PreparedStatement outer = c.prepareStatement(COUNT);
                PreparedStatement inner = c.prepareStatement(COUNT)) {
            assertThat(inner.unwrap(JDBC4PreparedStatement.class))
                    .isNotSameAs(outer.unwrap(JDBC4PreparedStatement.class));
            outer.setInt(1, 95);
            inner.setInt(1, 97);
            try (ResultSet a = outer.executeQuery();
                    ResultSet b = inner.executeQuery()) {
                assertThat(a.next() && b.next()).isTrue();
                assertThat(a.getInt(1)).isEqualTo(4);
                assertThat(b.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void aStatementGivenASettingOfItsOwnIsNotReused() throws SQLException {
        DataSource source = cached(4);
        try (Connection c = source.getConnection()) {
            JDBC4PreparedStatement first;
            try (PreparedStatement ps = c.prepareStatement(COUNT)) {
                ps.setMaxRows(1);
                first = ps.unwrap(JDBC4PreparedStatement.class);
                assertThat(count(ps, 0)).isEqualTo(99);
            }
            assertThat(first.isClosed()).isTrue();
            try (PreparedStatement ps = c.prepareStatement(COUNT)) {
                assertThat(ps.unwrap(JDBC4PreparedStatement.class)).isNotSameAs(first);
                assertThat(ps.getMaxRows()).isZero();
            }
        }
    }

    @Test
    void theLeastRecentlyUsedBeyondTheCapacityAreClosed() throws SQLException {
        DataSource source = cached(2);
        try (Connection c = source.getConnection()) {
            JDBC4PreparedStatement first = prepareAndHandBack(c, "SELECT 1");
            JDBC4PreparedStatement second = prepareAndHandBack(c, "SELECT 2");
            assertThat(prepareAndHandBack(c, "SELECT 1")).isSameAs(first);
            prepareAndHandBack(c, "SELECT 3"); // SELECT 2 is now the least recently used
            assertThat(second.isClosed()).isTrue();
            assertThat(first.isClosed()).isFalse();
            assertThat(prepareAndHandBack(c, "SELECT 2")).isNotSameAs(second);
        }
    }

    @Test
    void closingTheConnectionClosesItsStatements() throws SQLException {
        DataSource source = cached(4);
        Connection c = source.getConnection();
        JDBC4PreparedStatement kept = prepareAndHandBack(c, COUNT);
        assertThat(kept.isClosed()).isFalse();
        c.close();
        assertThat(kept.isClosed()).isTrue();
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void aBatchLeavesNothingForTheNextCaller() throws SQLException {
        DataSource source = cached(4);
        try (Connection c = source.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (n) VALUES (?)")) {
                for (int n = 500; n < 503; n++) {
                    ps.setInt(1, n);
                    ps.addBatch();
                }
                ps.setInt(1, 999); // added to no batch: dropped when handed back
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (n) VALUES (?)")) {
                assertThat(ps.executeBatch()).isEmpty();
                ps.setInt(1, 600);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement(COUNT)) {
                assertThat(count(ps, 99)).as("only the row of the second caller").isEqualTo(1);
            }
        }
    }

    private static DataSource cached(int capacity) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(Databases.fresh(Dialect.SQLITE));
        DataSource cached = StatementCache.over(source, capacity);
        try (Connection c = cached.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE items (n INTEGER NOT NULL)");
            for (int n = 0; n < 100; n++) {
                s.executeUpdate("INSERT INTO items (n) VALUES (" + n + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return cached;
    }

    private static JDBC4PreparedStatement prepareAndHandBack(Connection c, String sql)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return ps.unwrap(JDBC4PreparedStatement.class);
        }
    }

    private static int count(PreparedStatement ps, int above) throws SQLException {
        ps.setInt(1, above);
        try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }
}
