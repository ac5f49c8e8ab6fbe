package org.entente.server.db;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * SQLite connections that keep the statements they prepared (docs/adr/0026): preparing is SQLite's
 * compile step, and a partner's page query, with its agreements' clauses, cost about 0.4 ms to
 * compile on every page it read. PgJDBC keeps its server-side statements itself; sqlite-jdbc keeps
 * none.
 *
 * <p>Only {@link Connection#prepareStatement(String)} is cached, by its SQL text, the last {@code
 * capacity} texts per connection. Closing such a statement hands it back: its result set is closed
 * (which resets the SQLite statement, so no read snapshot outlives its use) and its parameters are
 * forgotten. A statement that was run with {@code execute()} or given settings of its own ({@code
 * setFetchSize} and the like) is closed for real, as is one evicted from the cache and every cached
 * one when its connection closes. A text whose statement is in use (a query inside another's row
 * loop) is prepared afresh, uncached.
 */
final class StatementCache {
    private StatementCache() {}

    /** {@code source}'s connections, each caching up to {@code capacity} statements. */
    static DataSource over(DataSource source, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        return new Caching(source, capacity);
    }

    private static final class Caching implements DataSource {
        private final DataSource source;
        private final int capacity;

        Caching(DataSource source, int capacity) {
            this.source = source;
            this.capacity = capacity;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return CachingConnection.of(source.getConnection(), capacity);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return CachingConnection.of(source.getConnection(username, password), capacity);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return source.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            source.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            source.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return source.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return source.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : source.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || source.isWrapperFor(type);
        }
    }

    /** A connection's cache; the pool lends a connection to one thread at a time. */
    private static final class CachingConnection implements InvocationHandler {
        private final Connection real;
        private final int capacity;
        private final Map<String, Cached> statements = new LinkedHashMap<>(16, 0.75f, true);
        private Connection self;

        private CachingConnection(Connection real, int capacity) {
            this.real = real;
            this.capacity = capacity;
        }

        static Connection of(Connection real, int capacity) {
            CachingConnection handler = new CachingConnection(real, capacity);
            handler.self =
                    (Connection)
                            Proxy.newProxyInstance(
                                    StatementCache.class.getClassLoader(),
                                    new Class<?>[] {Connection.class},
                                    handler);
            return handler.self;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "prepareStatement":
                    if (args.length == 1) {
                        return prepare((String) args[0]);
                    }
                    break;
                case "close":
                    closeAll();
                    break;
                default:
                    break;
            }
            Object own = own(proxy, method, args, real);
            return own != DELEGATED ? own : call(real, method, args);
        }

        private synchronized PreparedStatement prepare(String sql) throws SQLException {
            Cached cached = statements.get(sql);
            if (cached != null) {
                if (cached.inUse) {
                    return real.prepareStatement(sql); // a second use of the text at once
                }
                cached.inUse = true;
                return cached.self;
            }
            cached = new Cached(this, sql, real.prepareStatement(sql));
            statements.put(sql, cached);
            evict();
            cached.inUse = true;
            return cached.self;
        }

        /** Closes the least recently used statements beyond the capacity that are not in use. */
        private void evict() {
            Iterator<Cached> oldest = statements.values().iterator();
            while (statements.size() > capacity && oldest.hasNext()) {
                Cached c = oldest.next();
                if (!c.inUse) {
                    oldest.remove();
                    c.closeQuietly();
                }
            }
        }

        synchronized void drop(Cached cached) {
            statements.remove(cached.sql, cached);
            cached.closeQuietly();
        }

        private synchronized void closeAll() {
            List<Cached> all = new ArrayList<>(statements.values());
            statements.clear();
            for (Cached c : all) {
                c.closeQuietly();
            }
        }
    }

    /**
     * What makes a statement not worth reusing: a setting of its own, which the next caller would
     * not expect, or {@code execute()}, whose results a caller may leave unread.
     */
    private static final Set<String> NOT_REUSED_AFTER =
            Set.of(
                    "setMaxRows",
                    "setLargeMaxRows",
                    "setMaxFieldSize",
                    "setFetchSize",
                    "setFetchDirection",
                    "setQueryTimeout",
                    "setEscapeProcessing",
                    "setCursorName",
                    "setPoolable",
                    "closeOnCompletion",
                    "execute",
                    "getMoreResults");

    /** A cached statement, lent to one caller at a time. */
    private static final class Cached implements InvocationHandler {
        private final CachingConnection connection;
        private final String sql;
        private final PreparedStatement real;
        private final PreparedStatement self;
        private boolean inUse;
        private boolean keep = true;
        private ResultSet results;

        Cached(CachingConnection connection, String sql, PreparedStatement real) {
            this.connection = connection;
            this.sql = sql;
            this.real = real;
            this.self =
                    (PreparedStatement)
                            Proxy.newProxyInstance(
                                    StatementCache.class.getClassLoader(),
                                    new Class<?>[] {PreparedStatement.class},
                                    this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close":
                    handBack();
                    return null;
                case "isClosed":
                    return !inUse;
                case "getConnection":
                    requireInUse();
                    return connection.self;
                default:
                    break;
            }
            Object own = own(proxy, method, args, real);
            if (own != DELEGATED) {
                return own;
            }
            requireInUse();
            if (NOT_REUSED_AFTER.contains(name)) {
                keep = false;
            }
            Object result = call(real, method, args);
            if (name.equals("executeQuery") || name.equals("getResultSet")) {
                results = (ResultSet) result;
            }
            return result;
        }

        private void requireInUse() throws SQLException {
            if (!inUse) {
                throw new SQLException("the statement is closed");
            }
        }

        /** Ends a caller's use: the statement is reset and waits for the next, or is closed. */
        private void handBack() {
            if (!inUse) {
                return;
            }
            try {
                if (results != null) {
                    ResultSet open = results;
                    results = null;
                    open.close();
                }
                // not clearParameters: that is sqlite3_clear_bindings, after which SQLite 3.54
                // compiles the statement again at its next step (as long as a token lookup
                // itself); the driver binds every parameter at each execution, from the values
                // clearBatch nulls, so the next caller's unset parameter is still NULL
                real.clearBatch();
            } catch (SQLException | RuntimeException e) {
                keep = false;
            }
            inUse = false;
            if (!keep) {
                connection.drop(this);
            }
        }

        void closeQuietly() {
            try {
                real.close();
            } catch (SQLException | RuntimeException e) {
                // its connection is closing or the statement is broken: nothing left to hand back
            }
        }
    }

    /** What {@link #own} returns for a call the wrapped object answers. */
    private static final Object DELEGATED = new Object();

    /**
     * What a proxy answers itself: {@code Object}'s methods by identity, and {@code unwrap} and
     * {@code isWrapperFor} when asked for what it is; {@link #DELEGATED} for everything else.
     */
    private static Object own(Object proxy, Method method, Object[] args, Object real) {
        switch (method.getName()) {
            case "unwrap":
                return ((Class<?>) args[0]).isInstance(proxy) ? proxy : DELEGATED;
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(proxy) ? Boolean.TRUE : DELEGATED;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "cached statements of " + real;
            default:
                return DELEGATED;
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
