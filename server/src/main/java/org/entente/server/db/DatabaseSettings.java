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
 * @param sqliteCacheBytes how much SQLite's page caches may hold between them, shared out evenly
 *     over the pool's connections ({@code PRAGMA cache_size} of each)
 */
public record DatabaseSettings(
        String url,
        String user,
        String password,
        int poolSize,
        long sqliteMmapBytes,
        long sqliteCacheBytes) {
    /** The page caches' budget when none is given: 64 MB for the whole pool. */
    public static final long DEFAULT_SQLITE_CACHE_BYTES = 64L * 1024 * 1024;

    /** The least page cache a connection gets, whatever the pool's size: 1 MB. */
    static final long MIN_CACHE_PER_CONNECTION = 1024L * 1024;

    /**
     * Settings that read SQLite through its page caches, not a mapping, within the default budget.
     */
    public DatabaseSettings(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, 0, DEFAULT_SQLITE_CACHE_BYTES);
    }

    public DatabaseSettings {
        if (sqliteCacheBytes < 1) {
            throw new IllegalArgumentException(
                    "sqliteCacheBytes must be positive, not " + sqliteCacheBytes);
        }
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

    /**
     * Each connection's share of {@link #sqliteCacheBytes}, in KiB as {@code PRAGMA cache_size}
     * takes it when negative; never under {@link #MIN_CACHE_PER_CONNECTION}.
     */
    public long sqliteCacheKibPerConnection() {
        return Math.max(MIN_CACHE_PER_CONNECTION, sqliteCacheBytes / poolSize) / 1024;
    }

    public Dialect dialect() {
        return Dialect.ofUrl(url);
    }
}
