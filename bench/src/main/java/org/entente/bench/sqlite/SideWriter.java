package org.entente.bench.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Commits one small row at a steady rate to a SQLite file that a node is reading, durably, for a
 * number of seconds, then drops its table (docs/benchmarks.md, "Session 24"): whether another
 * connection's commits cost the node's readers, as the ledger's would.
 *
 * <pre>java -cp entente-bench.jar org.entente.bench.sqlite.SideWriter FILE COMMITS_A_SECOND SECONDS
 * </pre>
 */
public final class SideWriter {
    private SideWriter() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SideWriter FILE COMMITS_A_SECOND SECONDS");
            System.exit(2);
        }
        double rate = Double.parseDouble(args[1]);
        long seconds = Long.parseLong(args[2]);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0])) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 30000");
                s.execute("PRAGMA synchronous = FULL");
                s.execute("CREATE TABLE IF NOT EXISTS bench_side_writes (n INTEGER)");
            }
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long n = 0;
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO bench_side_writes (n) VALUES (?)")) {
                c.setAutoCommit(false);
                while (System.nanoTime() < end) {
                    insert.setLong(1, n);
                    insert.executeUpdate();
                    c.commit();
                    n++;
                    long due = start + (long) (n * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                c.setAutoCommit(true);
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_side_writes");
            }
            System.out.printf(
                    "side writer: %,d commits in %.1f s%n", n, (System.nanoTime() - start) / 1e9);
        }
    }
}
