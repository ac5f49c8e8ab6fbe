package org.entente.bench.federation;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Creates a database on a PostgreSQL server, {@code CreateDatabase JDBC_URL NAME}, or drops it with
 * whatever is still connected to it, {@code CreateDatabase JDBC_URL NAME drop}.
 */
public final class CreateDatabase {
    private CreateDatabase() {}

    public static void main(String[] args) throws Exception {
        if (!args[1].matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("a plain database name, not " + args[1]);
        }
        try (Connection c = DriverManager.getConnection(args[0], "postgres", "postgres");
                Statement s = c.createStatement()) {
            if (args.length > 2 && args[2].equals("drop")) {
                s.execute("DROP DATABASE IF EXISTS " + args[1] + " WITH (FORCE)");
            } else {
                s.execute("CREATE DATABASE " + args[1]);
            }
        }
    }
}
