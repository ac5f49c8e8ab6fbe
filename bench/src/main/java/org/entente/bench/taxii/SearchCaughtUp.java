package org.entente.bench.taxii;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Waits until a node's search indexer has reached every version stored, reading its database beside
 * it: {@code SearchCaughtUp JDBC_URL [USER PASSWORD]}. Prints the documents indexed when it started
 * and when it ended, and the milliseconds it waited; exits 1 after ten minutes.
 */
public final class SearchCaughtUp {
    private SearchCaughtUp() {}

    public static void main(String[] args) throws Exception {
        try (Connection c =
                        args.length > 2
                                ? DriverManager.getConnection(args[0], args[1], args[2])
                                : DriverManager.getConnection(args[0]);
                Statement s = c.createStatement()) {
            long started = System.nanoTime();
            long before = count(s, "SELECT COUNT(*) FROM search_docs");
            long deadline = started + 600_000_000_000L;
            while (count(
                            s,
                            "SELECT COUNT(*) FROM collections c WHERE c.last_added > COALESCE("
                                    + "(SELECT m.indexed_to FROM search_marks m"
                                    + " WHERE m.collection_seq = c.seq), 0)")
                    > 0) {
                if (System.nanoTime() > deadline) {
                    System.err.println("the search index did not catch up in ten minutes");
                    System.exit(1);
                }
                Thread.sleep(100);
            }
            long waited = (System.nanoTime() - started) / 1_000_000;
            System.out.println(
                    before + " " + count(s, "SELECT COUNT(*) FROM search_docs") + " " + waited);
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
