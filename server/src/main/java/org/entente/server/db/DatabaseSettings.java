package org.entente.server.db;

import java.util.Objects;

/**
 * How to reach the database.
 *
 * @param url a JDBC URL: {@code jdbc:sqlite:<file>} (embedded default) or {@code
 *     jdbc:postgresql://host/db}
 * @param user PostgreSQL user, empty for SQLite
 * @param password PostgreSQL password, empty for SQLite
 * @param poolSize connections in the pool
 */
public record DatabaseSettings(String url, String user, String password, int poolSize) {
    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, not " + poolSize);
        }
    }

    public Dialect dialect() {
        return Dialect.ofUrl(url);
    }
}
