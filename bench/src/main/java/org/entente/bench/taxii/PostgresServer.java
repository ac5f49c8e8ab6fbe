package org.entente.bench.taxii;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;

/** Runs a PostgreSQL server for benchmarks and prints its JDBC URL; stops when killed. */
public final class PostgresServer {
    private PostgresServer() {}

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres pg =
                EmbeddedPostgres.builder()
                        .setDataDirectory(Path.of(args[0]))
                        .setCleanDataDirectory(true)
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("shared_buffers", "256MB")
                        .setServerConfig("max_connections", "100")
                        .start();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        pg.close();
                                    } catch (Exception e) {
                                        // exiting anyway
                                    }
                                }));
        System.out.println(pg.getJdbcUrl("postgres", "postgres"));
        System.out.flush();
        Thread.currentThread().join();
    }
}
