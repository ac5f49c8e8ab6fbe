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
 * @param sqliteMmapBytes how much of a SQLite file is read through a memory mapping ({@code PRAGMA
 *     mmap_size}); 0 for none
 */
public record DatabaseSettings(
        String url, String user, String password, int poolSize, long sqliteMmapBytes) {
    /** Settings that read SQLite through its page caches, not a mapping. */
    public DatabaseSettings(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, 0);
    }

    public DatabaseSettings {
        if (sqliteMmapBytes < 0) {
            throw new IllegalArgumentException(
                    "sqliteMmapBytes must not be negative, not " + sqliteMmapBytes);
        }
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
