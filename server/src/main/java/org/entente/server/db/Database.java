package org.entente.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.StatementCallback;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The node's database: a connection pool, the migrated schema, and one transaction per use case.
 * Built the same way by the server and by the CLI, which must not start the web stack.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=FULL} (a committed POST survives power loss)
 * and {@code BEGIN IMMEDIATE} transactions, so that concurrent writers queue on the busy timeout
 * instead of failing with a lock upgrade error; readers use autocommit and never block writers.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final JdbcClient jdbc;

    /** PostgreSQL's connections for {@link #reads}; null on SQLite. */
    private final HikariDataSource readPool;

    private final JdbcClient readJdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;

    /**
     * SQLite admits one writer at a time and makes the others retry with sleeps of up to 100 ms
     * (its busy handler); writers of this process queue here instead, in order, and take the
     * database lock the moment it is free. Other processes (a CLI import) still meet the busy
     * timeout. PostgreSQL needs no such queue.
     */
    private final java.util.concurrent.locks.ReentrantLock sqliteWriters =
            new java.util.concurrent.locks.ReentrantLock(true);

    private Database(HikariDataSource dataSource, Dialect dialect, HikariDataSource readPool) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbc = JdbcClient.create(dataSource);
        this.readPool = readPool;
        this.readJdbc = readPool == null ? jdbc : JdbcClient.create(readPool);
        this.template = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(DatabaseSettings settings) {
        Dialect dialect = settings.dialect();
        HikariConfig config = new HikariConfig();
        config.setPoolName("entente");
        config.setMaximumPoolSize(settings.poolSize());
        config.setAutoCommit(true);
        if (dialect == Dialect.SQLITE) {
            config.setDataSource(sqlite(settings));
        } else {
            config.setJdbcUrl(settings.url());
            config.setUsername(settings.user());
            config.setPassword(settings.password());
        }
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrate(pool, dialect);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, dialect, dialect == Dialect.SQLITE ? null : reads(settings));
    }

    /**
     * PostgreSQL's connections for the pages read outside a transaction ({@link #reads}):
     * read-only, each statement on its generic plan. NB: PostgreSQL chose a custom plan at every
     * execution of a partner's page query with a date filter that found nothing (a poll for what is
     * new): its generic plan, whose {@code date_added > $n} and {@code LIMIT} it cannot see, looks
     * dearer than such custom plans, so it never switched, and planning the query with its
     * agreements' 90 parameters cost 0.56 ms a poll against 0.07 ms to run it (docs/benchmarks.md,
     * "Session 26"; docs/adr/0040). Opened as they are needed: most of the time the reads use a
     * few.
     */
    private static HikariDataSource reads(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("entente-reads");
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setAutoCommit(true);
        // NB: the driver's read-only flag does nothing to a connection in autocommit: the session's
        // default is what refuses a write
        config.setConnectionInitSql(
                "SET plan_cache_mode = force_generic_plan;"
                        + " SET default_transaction_read_only = on");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        return new HikariDataSource(config);
    }

    /**
     * How many prepared statements each SQLite connection keeps (docs/adr/0026): more than the
     * distinct statements of a request's hot paths together, a few MB of SQLite's memory over the
     * pool at most.
     */
    static final int STATEMENTS_PER_CONNECTION = 64;

    private static DataSource sqlite(DatabaseSettings settings) {
        String url = settings.url();
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        String path = query >= 0 ? file.substring(0, query) : file;
        if (!path.isEmpty() && !path.startsWith(":memory:") && !path.startsWith("file:")) {
            ownersOnly(Path.of(path).toAbsolutePath());
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(60_000);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // a share of one budget, not a size per connection: every connection fills its cache up
        // to the limit under random reads, so 16 MB each took a pool of 16 to 256 MB of resident
        // memory (docs/benchmarks.md, "SQLite's page caches"); what a connection misses, the
        // kernel's page cache usually still holds
        config.setCacheSize((int) -settings.sqliteCacheKibPerConnection());
        // sorts and temporary tables larger than a connection's cache go to a temporary file
        // (SQLITE_TMPDIR, else /var/tmp or /tmp; deleted as it is opened): held in memory, SQLite
        // never spilled a sort, so one grouped count of a million rows (the dashboard's withheld,
        // a dry run) took about 90 MB that malloc then kept, which put the node over 512 MB
        // (docs/benchmarks.md, "Session 15")
        config.setTempStore(SQLiteConfig.TempStore.FILE);
        // 0 by default: a mapped file's pages count in the node's resident memory, up to the
        // whole mapping (docs/benchmarks.md, "resident memory"), for a paging speed-up the idle
        // A/B could not tell from noise
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(settings.sqliteMmapBytes()));
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);
        return StatementCache.over(source, STATEMENTS_PER_CONNECTION);
    }

    /**
     * Makes a missing SQLite file, and the folders it needs, its user's alone (on a POSIX file
     * system): the database holds everything the node knows, TLP:RED included, and SQLite gives its
     * write-ahead log and shared-memory index the database file's mode. A file or folder that
     * exists keeps its mode, which is its operator's choice; one that others may read is named in
     * the log.
     */
    private static void ownersOnly(Path file) {
        Path folder = file.getParent();
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (!posix) {
                Files.createDirectories(folder);
                return;
            }
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
            }
            if (!Files.exists(file)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                } catch (FileAlreadyExistsException e) {
                    // another process of the node (a command beside a running node) made it first
                }
            } else if (!Collections.disjoint(Files.getPosixFilePermissions(file), OTHER_ACCOUNTS)) {
                LOG.warn(
                        "the database {} may be read by other accounts of this machine ({});"
                                + " chmod 600 it, and its -wal and -shm files, to keep it the"
                                + " node's alone",
                        file,
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the database " + file + " or its folder", e);
        }
    }

    private static final Set<PosixFilePermission> FOLDER =
            PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE =
            PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHER_ACCOUNTS =
            EnumSet.of(
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE);

    /**
     * One history for both databases: the portable scripts of {@code db/migration}, and the few
     * that cannot be portable (full-text search, docs/adr/0015) in {@code db/sqlite} or {@code
     * db/postgresql}, whose version numbers the two folders share and {@code db/migration} never
     * uses.
     */
    private static void migrate(DataSource dataSource, Dialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(
                        "classpath:db/migration",
                        dialect == Dialect.SQLITE
                                ? "classpath:db/sqlite"
                                : "classpath:db/postgresql")
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /**
     * Refreshes the query planner's statistics. SQLite has none until asked, and without them it
     * can pick a poor index for filters such as {@code match[type]}; the analysis limit keeps this
     * to milliseconds on large tables. PostgreSQL's autovacuum keeps its own, but only from its
     * first round (a minute after start by default): until then a table being filled is believed
     * empty and every lookup in it is a full scan, so {@code early} refreshes analyse the tables
     * that ingest and reads search, unless their statistics already count {@link #ANALYSED_LARGE}
     * rows. The early refreshes come again after each start (one as it starts, up to seven in its
     * first 127,000 objects), and on a large database they were pure cost: 0.8 s of PostgreSQL each
     * at a million objects, in the node's start-up and in the catch-up that follows an outage
     * (docs/benchmarks.md, "Session 37").
     *
     * <p>On SQLite every table is weighed, not only those this connection happened to query, and
     * the refresh is made one with the pool: each connection loads the statistics when it reads the
     * schema and keeps them, so one whose schema was read while the node was empty planned from
     * none until it closed (docs/benchmarks.md, "Session 15"). When the statistics changed, the
     * same transaction changes the schema (a table made and dropped), which has every connection
     * read the schema, and the statistics with it, before its next statement.
     */
    public void optimize(boolean early) {
        if (dialect == Dialect.SQLITE) {
            inTransaction(
                    () -> template.execute((StatementCallback<Void>) Database::refreshSqlite));
        } else if (early && analysedRows() < ANALYSED_LARGE) {
            jdbc.sql("ANALYZE objects").update();
        }
    }

    /**
     * The rows {@code objects}' statistics must count for an early refresh to leave them to
     * autovacuum: more than ANALYZE's sample (30,000 rows at the default statistics target), so the
     * planner has a large table's statistics already, and autovacuum analyses again once a tenth
     * more has come. A table filled from empty is analysed at every early refresh as before: its
     * statistics count at most 63,000 rows before the last.
     */
    static final long ANALYSED_LARGE = 100_000;

    /** The rows PostgreSQL's statistics count in {@code objects}; negative if never analysed. */
    private double analysedRows() {
        return jdbc.sql("SELECT reltuples FROM pg_class WHERE oid = 'objects'::regclass")
                .query(Double.class)
                .single();
    }

    /**
     * {@code PRAGMA optimize} with every table checked (0x10000), ANALYZE where it may help (0x2),
     * and its own cap on the rows read (0x10, under the limit set here).
     */
    private static final String SQLITE_OPTIMIZE = "PRAGMA optimize = 0x10012";

    private static Void refreshSqlite(Statement s) throws SQLException {
        String before = sqliteStatistics(s);
        s.execute("PRAGMA analysis_limit = 2000");
        s.execute(SQLITE_OPTIMIZE);
        if (!before.equals(sqliteStatistics(s))) {
            s.execute("CREATE TABLE entente_statistics_changed (changed INTEGER)");
            s.execute("DROP TABLE entente_statistics_changed");
        }
        return null;
    }

    /** Every row of {@code sqlite_stat1} in one text; empty before the first analysis. */
    private static String sqliteStatistics(Statement s) throws SQLException {
        try (ResultSet exists =
                s.executeQuery("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'")) {
            if (!exists.next()) {
                return "";
            }
        }
        StringBuilder all = new StringBuilder();
        try (ResultSet r =
                s.executeQuery("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx")) {
            while (r.next()) {
                all.append(r.getString(1))
                        .append(' ')
                        .append(r.getString(2))
                        .append(' ')
                        .append(r.getString(3))
                        .append('\n');
            }
        }
        return all.toString();
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    /**
     * For a page of objects read outside any transaction: on PostgreSQL a read-only connection
     * whose statements keep their generic plans (see {@link #reads(DatabaseSettings)}); inside a
     * transaction, or on SQLite, {@link #jdbc}.
     */
    public JdbcClient reads() {
        return readPool == null || TransactionSynchronizationManager.isActualTransactionActive()
                ? jdbc
                : readJdbc;
    }

    /** For batch statements, which {@link JdbcClient} does not offer. */
    public JdbcTemplate template() {
        return template;
    }

    /**
     * Runs {@code work} in one transaction, committed when it returns, rolled back if it throws.
     */
    public <T> T inTransaction(Supplier<T> work) {
        if (dialect != Dialect.SQLITE) {
            return transactions.execute(status -> work.get());
        }
        sqliteWriters.lock();
        try {
            return transactions.execute(status -> work.get());
        } finally {
            sqliteWriters.unlock();
        }
    }

    public void inTransaction(Runnable work) {
        inTransaction(
                () -> {
                    work.run();
                    return null;
                });
    }

    @Override
    public void close() {
        try {
            if (readPool != null) {
                readPool.close();
            }
        } finally {
            dataSource.close();
        }
    }
}
