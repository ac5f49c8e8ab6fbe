package org.entente.bench.sqlite;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import org.entente.server.db.Database;
import org.entente.server.db.DatabaseSettings;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;

/**
 * The thread CPU a row of 24 text columns costs through the node's {@link Database} on a SQLite
 * file (its pool, its cached statements): {@code bind} only binds the values on a statement
 * prepared once per chunk, {@code insert} writes chunks of 1,000 rows in a transaction each, as an
 * ingest's chunk is written. Prints the median of 15 rounds of 20,000 rows, after 10 rounds of
 * warm-up. Session 39 measured the statements' proxy with it (docs/adr/0026).
 *
 * <pre>
 * BindCost bind|insert
 * </pre>
 */
public final class BindCost {
    private static final int COLUMNS = 24;
    private static final int ROWS = 1_000;
    private static final int CHUNKS = 20;

    private BindCost() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !(args[0].equals("bind") || args[0].equals("insert"))) {
            System.err.println("usage: BindCost bind|insert");
            System.exit(2);
        }
        boolean insert = args[0].equals("insert");
        Path dir = Files.createTempDirectory("bindcost");
        String url = "jdbc:sqlite:" + dir.resolve("bindcost.db");
        StringBuilder columns = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (int c = 1; c <= COLUMNS; c++) {
            columns.append(c == 1 ? "" : ", ").append("c").append(c).append(" TEXT");
            marks.append(c == 1 ? "?" : ", ?");
        }
        String sql = "INSERT INTO rows VALUES (" + marks + ")";
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] micros = new double[15];
        try (Database db = Database.open(new DatabaseSettings(url, "", "", 1))) {
            db.template().execute("CREATE TABLE rows (" + columns + ")");
            for (int round = 0; round < 10 + micros.length; round++) {
                long before = threads.getCurrentThreadCpuTime();
                for (int chunk = 0; chunk < CHUNKS; chunk++) {
                    if (insert) {
                        db.inTransaction(() -> db.template().batchUpdate(sql, values()));
                    } else {
                        db.template().execute((Connection c) -> bindOnly(c, sql));
                    }
                }
                long spent = threads.getCurrentThreadCpuTime() - before;
                if (round >= 10) {
                    micros[round - 10] = spent / 1e3 / (CHUNKS * ROWS);
                }
                if (insert) {
                    db.template().execute("DELETE FROM rows");
                }
            }
        } finally {
            Files.deleteIfExists(dir.resolve("bindcost.db"));
            Files.deleteIfExists(dir.resolve("bindcost.db-wal"));
            Files.deleteIfExists(dir.resolve("bindcost.db-shm"));
            Files.deleteIfExists(dir);
        }
        Arrays.sort(micros);
        System.out.printf(
                Locale.ROOT,
                "%s: %.3f us a row of %d columns (median of %d rounds; %.3f to %.3f)%n",
                args[0],
                micros[micros.length / 2],
                COLUMNS,
                micros.length,
                micros[0],
                micros[micros.length - 1]);
    }

    private static Void bindOnly(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            BatchPreparedStatementSetter values = values();
            for (int r = 0; r < ROWS; r++) {
                values.setValues(ps, r);
            }
        }
        return null;
    }

    private static BatchPreparedStatementSetter values() {
        return new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int row) throws SQLException {
                for (int c = 1; c <= COLUMNS; c++) {
                    ps.setString(c, "value " + c);
                }
            }

            @Override
            public int getBatchSize() {
                return ROWS;
            }
        };
    }
}
