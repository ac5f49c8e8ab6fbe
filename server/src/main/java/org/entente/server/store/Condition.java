package org.entente.server.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A condition on the {@code objects} table in portable SQL with named parameters, which a read ANDs
 * into its WHERE clause. Built with a {@link Params} so that the parameter names of conditions
 * combined into one never collide.
 */
public record Condition(String sql, Map<String, Object> params) {
    public Condition {
        Objects.requireNonNull(sql, "sql");
        params = Map.copyOf(params);
    }

    /** A condition without parameters. */
    public static Condition of(String sql) {
        return new Condition(sql, Map.of());
    }

    public static final Condition TRUE = of("1 = 1");

    public static final Condition FALSE = of("1 = 0");

    /** Every condition; TRUE for none. Parameter names must differ (use one {@link Params}). */
    public static Condition all(List<Condition> conditions) {
        return join(conditions, " AND ", TRUE);
    }

    /** Any of the conditions; FALSE for none. */
    public static Condition any(List<Condition> conditions) {
        return join(conditions, " OR ", FALSE);
    }

    private static Condition join(List<Condition> conditions, String op, Condition empty) {
        if (conditions.isEmpty()) {
            return empty;
        }
        if (conditions.size() == 1) {
            return conditions.get(0);
        }
        Map<String, Object> params = new HashMap<>();
        List<String> parts = new ArrayList<>(conditions.size());
        for (Condition c : conditions) {
            for (Map.Entry<String, Object> e : c.params.entrySet()) {
                Object before = params.put(e.getKey(), e.getValue());
                if (before != null && !before.equals(e.getValue())) {
                    throw new IllegalArgumentException(
                            "two conditions give the parameter :"
                                    + e.getKey()
                                    + " different values; build them with one Params");
                }
            }
            parts.add("(" + c.sql + ")");
        }
        return new Condition(String.join(op, parts), params);
    }

    /**
     * Hands out parameter names ({@code p_0}, {@code p_1}...) for the conditions of one read, so
     * that conditions built separately can be combined.
     */
    public static final class Params {
        private final String prefix;
        private final Map<String, Object> values = new HashMap<>();

        public Params() {
            this("p_");
        }

        /** Names of the form {@code <prefix><n>}; a prefix must start with a letter. */
        public Params(String prefix) {
            if (!prefix.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("bad parameter prefix '" + prefix + "'");
            }
            this.prefix = prefix;
        }

        /** A new parameter holding {@code value}, as it is written in SQL ({@code :p_3}). */
        public String bind(Object value) {
            String name = prefix + values.size();
            values.put(name, value);
            return ":" + name;
        }

        /** A condition whose SQL uses parameters bound here. */
        public Condition condition(String sql) {
            Map<String, Object> used = new HashMap<>();
            for (Map.Entry<String, Object> e : values.entrySet()) {
                if (uses(sql, e.getKey())) {
                    used.put(e.getKey(), e.getValue());
                }
            }
            return new Condition(sql, used);
        }

        private static boolean uses(String sql, String name) {
            String ref = ":" + name;
            for (int at = sql.indexOf(ref); at >= 0; at = sql.indexOf(ref, at + 1)) {
                int end = at + ref.length();
                if (end == sql.length() || !Character.isLetterOrDigit(sql.charAt(end))) {
                    return true;
                }
            }
            return false;
        }
    }
}
