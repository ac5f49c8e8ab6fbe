package org.entente.server.db;

/** The two databases Entente runs on; the rare SQL difference between them is chosen here. */
public enum Dialect {
    SQLITE,
    POSTGRESQL;

    public static Dialect ofUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException(
                "unsupported database URL '"
                        + jdbcUrl
                        + "': use jdbc:sqlite:<file> or jdbc:postgresql://host/db");
    }
}
