package org.entente.server.db;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                return cached;
            }
            cached = new Cached(this, sql, real.prepareStatement(sql));
            statements.put(sql, cached);
            evict();
            cached.inUse = true;
            return cached;
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
     * A cached statement, lent to one caller at a time. Every call reaches the statement the driver
     * prepared directly: a proxy's reflective call for each parameter bound was a tenth of the Java
     * samples of a SQLite ingest's request threads, most of it under the write lock (session 39,
     * docs/benchmarks.md). What makes a statement not worth reusing is marked by {@link #setting}:
     * a setting of its own, which the next caller would not expect, or {@code execute()}, whose
     * results a caller may leave unread.
     */
    private static final class Cached implements PreparedStatement {
        private final CachingConnection connection;
        private final String sql;
        private final PreparedStatement real;
        private boolean inUse;
        private boolean keep = true;
        private ResultSet results;

        Cached(CachingConnection connection, String sql, PreparedStatement real) {
            this.connection = connection;
            this.sql = sql;
            this.real = real;
        }

        /** The prepared statement, for a caller that holds this one. */
        private PreparedStatement use() throws SQLException {
            if (!inUse) {
                throw new SQLException("the statement is closed");
            }
            return real;
        }

        /** The same, for a call after which the statement is closed when handed back. */
        private PreparedStatement setting() throws SQLException {
            PreparedStatement statement = use();
            keep = false;
            return statement;
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

        @Override
        public void close() {
            handBack();
        }

        @Override
        public boolean isClosed() {
            return !inUse;
        }

        @Override
        public Connection getConnection() throws SQLException {
            use();
            return connection.self;
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : use().unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || use().isWrapperFor(type);
        }

        @Override
        public String toString() {
            return "a cached statement of " + real;
        }

        @Override
        public void addBatch() throws SQLException {
            use().addBatch();
        }

        @Override
        public void addBatch(String sql) throws SQLException {
            use().addBatch(sql);
        }

        @Override
        public void cancel() throws SQLException {
            use().cancel();
        }

        @Override
        public void clearBatch() throws SQLException {
            use().clearBatch();
        }

        @Override
        public void clearParameters() throws SQLException {
            use().clearParameters();
        }

        @Override
        public void clearWarnings() throws SQLException {
            use().clearWarnings();
        }

        @Override
        public void closeOnCompletion() throws SQLException {
            setting().closeOnCompletion();
        }

        @Override
        public String enquoteIdentifier(String identifier, boolean alwaysQuote)
                throws SQLException {
            return use().enquoteIdentifier(identifier, alwaysQuote);
        }

        @Override
        public String enquoteLiteral(String value) throws SQLException {
            return use().enquoteLiteral(value);
        }

        @Override
        public String enquoteNCharLiteral(String value) throws SQLException {
            return use().enquoteNCharLiteral(value);
        }

        @Override
        public boolean execute() throws SQLException {
            return setting().execute();
        }

        @Override
        public boolean execute(String sql) throws SQLException {
            return setting().execute(sql);
        }

        @Override
        public boolean execute(String sql, int[] columnIndexes) throws SQLException {
            return setting().execute(sql, columnIndexes);
        }

        @Override
        public boolean execute(String sql, String[] columnNames) throws SQLException {
            return setting().execute(sql, columnNames);
        }

        @Override
        public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
            return setting().execute(sql, autoGeneratedKeys);
        }

        @Override
        public int[] executeBatch() throws SQLException {
            return use().executeBatch();
        }

        @Override
        public long[] executeLargeBatch() throws SQLException {
            return use().executeLargeBatch();
        }

        @Override
        public long executeLargeUpdate() throws SQLException {
            return use().executeLargeUpdate();
        }

        @Override
        public long executeLargeUpdate(String sql) throws SQLException {
            return use().executeLargeUpdate(sql);
        }

        @Override
        public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
            return use().executeLargeUpdate(sql, columnIndexes);
        }

        @Override
        public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
            return use().executeLargeUpdate(sql, columnNames);
        }

        @Override
        public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
            return use().executeLargeUpdate(sql, autoGeneratedKeys);
        }

        @Override
        public ResultSet executeQuery() throws SQLException {
            ResultSet result = use().executeQuery();
            results = result;
            return result;
        }

        @Override
        public ResultSet executeQuery(String sql) throws SQLException {
            ResultSet result = use().executeQuery(sql);
            results = result;
            return result;
        }

        @Override
        public int executeUpdate() throws SQLException {
            return use().executeUpdate();
        }

        @Override
        public int executeUpdate(String sql) throws SQLException {
            return use().executeUpdate(sql);
        }

        @Override
        public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
            return use().executeUpdate(sql, columnIndexes);
        }

        @Override
        public int executeUpdate(String sql, String[] columnNames) throws SQLException {
            return use().executeUpdate(sql, columnNames);
        }

        @Override
        public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
            return use().executeUpdate(sql, autoGeneratedKeys);
        }

        @Override
        public int getFetchDirection() throws SQLException {
            return use().getFetchDirection();
        }

        @Override
        public int getFetchSize() throws SQLException {
            return use().getFetchSize();
        }

        @Override
        public ResultSet getGeneratedKeys() throws SQLException {
            return use().getGeneratedKeys();
        }

        @Override
        public long getLargeMaxRows() throws SQLException {
            return use().getLargeMaxRows();
        }

        @Override
        public long getLargeUpdateCount() throws SQLException {
            return use().getLargeUpdateCount();
        }

        @Override
        public int getMaxFieldSize() throws SQLException {
            return use().getMaxFieldSize();
        }

        @Override
        public int getMaxRows() throws SQLException {
            return use().getMaxRows();
        }

        @Override
        public ResultSetMetaData getMetaData() throws SQLException {
            return use().getMetaData();
        }

        @Override
        public boolean getMoreResults() throws SQLException {
            return setting().getMoreResults();
        }

        @Override
        public boolean getMoreResults(int current) throws SQLException {
            return setting().getMoreResults(current);
        }

        @Override
        public ParameterMetaData getParameterMetaData() throws SQLException {
            return use().getParameterMetaData();
        }

        @Override
        public int getQueryTimeout() throws SQLException {
            return use().getQueryTimeout();
        }

        @Override
        public ResultSet getResultSet() throws SQLException {
            ResultSet result = use().getResultSet();
            results = result;
            return result;
        }

        @Override
        public int getResultSetConcurrency() throws SQLException {
            return use().getResultSetConcurrency();
        }

        @Override
        public int getResultSetHoldability() throws SQLException {
            return use().getResultSetHoldability();
        }

        @Override
        public int getResultSetType() throws SQLException {
            return use().getResultSetType();
        }

        @Override
        public int getUpdateCount() throws SQLException {
            return use().getUpdateCount();
        }

        @Override
        public SQLWarning getWarnings() throws SQLException {
            return use().getWarnings();
        }

        @Override
        public boolean isCloseOnCompletion() throws SQLException {
            return use().isCloseOnCompletion();
        }

        @Override
        public boolean isPoolable() throws SQLException {
            return use().isPoolable();
        }

        @Override
        public boolean isSimpleIdentifier(String identifier) throws SQLException {
            return use().isSimpleIdentifier(identifier);
        }

        @Override
        public void setArray(int index, Array value) throws SQLException {
            use().setArray(index, value);
        }

        @Override
        public void setAsciiStream(int index, InputStream value) throws SQLException {
            use().setAsciiStream(index, value);
        }

        @Override
        public void setAsciiStream(int index, InputStream value, int length) throws SQLException {
            use().setAsciiStream(index, value, length);
        }

        @Override
        public void setAsciiStream(int index, InputStream value, long length) throws SQLException {
            use().setAsciiStream(index, value, length);
        }

        @Override
        public void setBigDecimal(int index, BigDecimal value) throws SQLException {
            use().setBigDecimal(index, value);
        }

        @Override
        public void setBinaryStream(int index, InputStream value) throws SQLException {
            use().setBinaryStream(index, value);
        }

        @Override
        public void setBinaryStream(int index, InputStream value, int length) throws SQLException {
            use().setBinaryStream(index, value, length);
        }

        @Override
        public void setBinaryStream(int index, InputStream value, long length) throws SQLException {
            use().setBinaryStream(index, value, length);
        }

        @Override
        public void setBlob(int index, InputStream value) throws SQLException {
            use().setBlob(index, value);
        }

        @Override
        public void setBlob(int index, Blob value) throws SQLException {
            use().setBlob(index, value);
        }

        @Override
        public void setBlob(int index, InputStream value, long length) throws SQLException {
            use().setBlob(index, value, length);
        }

        @Override
        public void setBoolean(int index, boolean value) throws SQLException {
            use().setBoolean(index, value);
        }

        @Override
        public void setByte(int index, byte value) throws SQLException {
            use().setByte(index, value);
        }

        @Override
        public void setBytes(int index, byte[] value) throws SQLException {
            use().setBytes(index, value);
        }

        @Override
        public void setCharacterStream(int index, Reader value) throws SQLException {
            use().setCharacterStream(index, value);
        }

        @Override
        public void setCharacterStream(int index, Reader value, int length) throws SQLException {
            use().setCharacterStream(index, value, length);
        }

        @Override
        public void setCharacterStream(int index, Reader value, long length) throws SQLException {
            use().setCharacterStream(index, value, length);
        }

        @Override
        public void setClob(int index, Reader value) throws SQLException {
            use().setClob(index, value);
        }

        @Override
        public void setClob(int index, Clob value) throws SQLException {
            use().setClob(index, value);
        }

        @Override
        public void setClob(int index, Reader value, long length) throws SQLException {
            use().setClob(index, value, length);
        }

        @Override
        public void setCursorName(String name) throws SQLException {
            setting().setCursorName(name);
        }

        @Override
        public void setDate(int index, Date value) throws SQLException {
            use().setDate(index, value);
        }

        @Override
        public void setDate(int index, Date value, Calendar calendar) throws SQLException {
            use().setDate(index, value, calendar);
        }

        @Override
        public void setDouble(int index, double value) throws SQLException {
            use().setDouble(index, value);
        }

        @Override
        public void setEscapeProcessing(boolean enable) throws SQLException {
            setting().setEscapeProcessing(enable);
        }

        @Override
        public void setFetchDirection(int direction) throws SQLException {
            setting().setFetchDirection(direction);
        }

        @Override
        public void setFetchSize(int rows) throws SQLException {
            setting().setFetchSize(rows);
        }

        @Override
        public void setFloat(int index, float value) throws SQLException {
            use().setFloat(index, value);
        }

        @Override
        public void setInt(int index, int value) throws SQLException {
            use().setInt(index, value);
        }

        @Override
        public void setLargeMaxRows(long max) throws SQLException {
            setting().setLargeMaxRows(max);
        }

        @Override
        public void setLong(int index, long value) throws SQLException {
            use().setLong(index, value);
        }

        @Override
        public void setMaxFieldSize(int max) throws SQLException {
            setting().setMaxFieldSize(max);
        }

        @Override
        public void setMaxRows(int max) throws SQLException {
            setting().setMaxRows(max);
        }

        @Override
        public void setNCharacterStream(int index, Reader value) throws SQLException {
            use().setNCharacterStream(index, value);
        }

        @Override
        public void setNCharacterStream(int index, Reader value, long length) throws SQLException {
            use().setNCharacterStream(index, value, length);
        }

        @Override
        public void setNClob(int index, Reader value) throws SQLException {
            use().setNClob(index, value);
        }

        @Override
        public void setNClob(int index, NClob value) throws SQLException {
            use().setNClob(index, value);
        }

        @Override
        public void setNClob(int index, Reader value, long length) throws SQLException {
            use().setNClob(index, value, length);
        }

        @Override
        public void setNString(int index, String value) throws SQLException {
            use().setNString(index, value);
        }

        @Override
        public void setNull(int index, int sqlType) throws SQLException {
            use().setNull(index, sqlType);
        }

        @Override
        public void setNull(int index, int sqlType, String typeName) throws SQLException {
            use().setNull(index, sqlType, typeName);
        }

        @Override
        public void setObject(int index, Object value) throws SQLException {
            use().setObject(index, value);
        }

        @Override
        public void setObject(int index, Object value, int targetSqlType) throws SQLException {
            use().setObject(index, value, targetSqlType);
        }

        @Override
        public void setObject(int index, Object value, SQLType targetSqlType) throws SQLException {
            use().setObject(index, value, targetSqlType);
        }

        @Override
        public void setObject(int index, Object value, int targetSqlType, int scaleOrLength)
                throws SQLException {
            use().setObject(index, value, targetSqlType, scaleOrLength);
        }

        @Override
        public void setObject(int index, Object value, SQLType targetSqlType, int scaleOrLength)
                throws SQLException {
            use().setObject(index, value, targetSqlType, scaleOrLength);
        }

        @Override
        public void setPoolable(boolean poolable) throws SQLException {
            setting().setPoolable(poolable);
        }

        @Override
        public void setQueryTimeout(int seconds) throws SQLException {
            setting().setQueryTimeout(seconds);
        }

        @Override
        public void setRef(int index, Ref value) throws SQLException {
            use().setRef(index, value);
        }

        @Override
        public void setRowId(int index, RowId value) throws SQLException {
            use().setRowId(index, value);
        }

        @Override
        public void setSQLXML(int index, SQLXML value) throws SQLException {
            use().setSQLXML(index, value);
        }

        @Override
        public void setShort(int index, short value) throws SQLException {
            use().setShort(index, value);
        }

        @Override
        public void setString(int index, String value) throws SQLException {
            use().setString(index, value);
        }

        @Override
        public void setTime(int index, Time value) throws SQLException {
            use().setTime(index, value);
        }

        @Override
        public void setTime(int index, Time value, Calendar calendar) throws SQLException {
            use().setTime(index, value, calendar);
        }

        @Override
        public void setTimestamp(int index, Timestamp value) throws SQLException {
            use().setTimestamp(index, value);
        }

        @Override
        public void setTimestamp(int index, Timestamp value, Calendar calendar)
                throws SQLException {
            use().setTimestamp(index, value, calendar);
        }

        @Override
        public void setURL(int index, URL value) throws SQLException {
            use().setURL(index, value);
        }

        @Override
        @Deprecated
        @SuppressWarnings("deprecation")
        public void setUnicodeStream(int index, InputStream value, int length) throws SQLException {
            use().setUnicodeStream(index, value, length);
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
