package org.entente.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cached statement is the driver's statement with a lender's rules on top: every call of {@code
 * PreparedStatement} (the JDK's default methods too) reaches the driver's with the caller's
 * arguments; none does once the statement is handed back; and exactly the calls that leave a
 * setting or unread results behind keep the statement from its next caller. Checked over every
 * method of the interface against a driver that records what reaches it: SQLite's refuses many of
 * them, and the node's own tests (StatementCacheTest) use the real one.
 */
class CachedStatementCallsTest {
    /** What a cached statement answers itself. */
    private static final Set<String> ANSWERED_HERE = Set.of("close", "isClosed", "getConnection");

    /** After these, a statement handed back is closed rather than lent again. */
    private static final Set<String> NOT_LENT_AGAIN =
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

    private final List<String> reached = new ArrayList<>();
    private int prepared;
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = StatementCache.over(recordingDriver(), 4).getConnection();
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void everyCallReachesTheDriversStatementWithItsArguments() throws Exception {
        for (Method m : methods()) {
            PreparedStatement ps = lend();
            Object[] args = arguments(m);
            reached.clear();
            m.invoke(ps, args);
            assertThat(reached).as(m.toString()).containsExactly(call(m, args));
            ps.close();
        }
    }

    @Test
    void noCallReachesItOnceHandedBack() throws Exception {
        PreparedStatement ps = lend();
        ps.close();
        assertThat(ps.isClosed()).isTrue();
        reached.clear();
        for (Method m : methods()) {
            try {
                m.invoke(ps, arguments(m));
                throw new AssertionError(m + " answered on a statement handed back");
            } catch (InvocationTargetException e) {
                assertThat(e.getCause())
                        .as(m.toString())
                        .isInstanceOf(SQLException.class)
                        .hasMessage("the statement is closed");
            }
        }
        assertThat(reached).isEmpty();
    }

    @Test
    void exactlyTheCallsThatLeaveSomethingBehindKeepItFromItsNextCaller() throws Exception {
        List<String> notLent = new ArrayList<>();
        for (Method m : methods()) {
            try (PreparedStatement ps = lend()) {
                m.invoke(ps, arguments(m));
            }
            int before = prepared;
            lend().close();
            if (prepared > before) {
                notLent.add(m.getName());
            }
        }
        assertThat(Set.copyOf(notLent)).isEqualTo(NOT_LENT_AGAIN);
    }

    @Test
    void aStatementAnswersForItselfWhenAskedWhatItIs() throws SQLException {
        PreparedStatement ps = lend();
        reached.clear();
        assertThat(ps.unwrap(PreparedStatement.class)).isSameAs(ps);
        assertThat(ps.isWrapperFor(PreparedStatement.class)).isTrue();
        assertThat(ps.getConnection()).isSameAs(connection);
        assertThat(reached).isEmpty();
    }

    /** The cached statement of the one text these tests prepare. */
    private PreparedStatement lend() throws SQLException {
        return connection.prepareStatement("SELECT 1");
    }

    /** Every method of the interface a caller may call on a lent statement, in a fixed order. */
    private static List<Method> methods() {
        return Arrays.stream(PreparedStatement.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !ANSWERED_HERE.contains(m.getName()))
                .sorted(Comparator.comparing(Method::toString))
                .toList();
    }

    /** An argument of each type a method takes; a type asked for is not the statement's own. */
    private static final Map<Class<?>, Object> ARGUMENTS =
            Map.ofEntries(
                    Map.entry(int.class, 7),
                    Map.entry(long.class, 7L),
                    Map.entry(boolean.class, true),
                    Map.entry(byte.class, (byte) 7),
                    Map.entry(short.class, (short) 7),
                    Map.entry(float.class, 7f),
                    Map.entry(double.class, 7d),
                    Map.entry(String.class, "seven"),
                    Map.entry(Object.class, "seven"),
                    Map.entry(int[].class, new int[] {7}),
                    Map.entry(String[].class, new String[] {"seven"}),
                    Map.entry(Class.class, ResultSet.class),
                    Map.entry(SQLType.class, JDBCType.VARCHAR),
                    Map.entry(BigDecimal.class, BigDecimal.TEN));

    /** Arguments for {@code m}: null for the types not above (streams, LOBs, dates). */
    private static Object[] arguments(Method m) {
        return Arrays.stream(m.getParameterTypes()).map(ARGUMENTS::get).toArray();
    }

    private static String call(Method m, Object[] args) {
        return m.getName()
                + Arrays.deepToString(args == null ? new Object[0] : args)
                + Arrays.toString(m.getParameterTypes());
    }

    /** A driver whose connections prepare statements that record every call and answer nothing. */
    private DataSource recordingDriver() {
        Connection driven =
                proxy(
                        Connection.class,
                        (method, args) -> {
                            if (method.getName().equals("prepareStatement")) {
                                prepared++;
                                return proxy(
                                        PreparedStatement.class,
                                        (m, a) -> {
                                            reached.add(call(m, a));
                                            return null;
                                        });
                            }
                            return null;
                        });
        return proxy(DataSource.class, (method, args) -> driven);
    }

    private interface Answer {
        Object answer(Method method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(
                Proxy.newProxyInstance(
                        CachedStatementCallsTest.class.getClassLoader(),
                        new Class<?>[] {type},
                        (self, method, args) -> {
                            if (method.getDeclaringClass() == Object.class) {
                                return method.getName().equals("equals")
                                        ? self == args[0]
                                        : method.getName().equals("hashCode")
                                                ? System.identityHashCode(self)
                                                : type.getSimpleName();
                            }
                            Object result = answer.answer(method, args);
                            return result != null ? result : zero(method.getReturnType());
                        }));
    }

    /** What a call that answers nothing returns: null, or the zero of a primitive type. */
    private static Object zero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        } else if (type == int.class) {
            return 0;
        } else if (type == long.class) {
            return 0L;
        }
        return null; // no other primitive is returned by a Connection or a PreparedStatement
    }
}
