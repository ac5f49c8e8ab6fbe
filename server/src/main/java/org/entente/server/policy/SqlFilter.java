package org.entente.server.policy;

import java.util.Map;
import java.util.Objects;

/**
 * A condition on the {@code objects} table, in portable SQL with named parameters (all prefixed
 * {@code p_}), that a query ANDs into its WHERE clause.
 */
public record SqlFilter(String sql, Map<String, Object> params) {
    public static final SqlFilter NONE = new SqlFilter("1 = 0", Map.of());

    public SqlFilter {
        Objects.requireNonNull(sql, "sql");
        params = Map.copyOf(params);
    }

    /** Both conditions; their parameter names must differ. */
    public SqlFilter and(SqlFilter other) {
        Map<String, Object> both = new java.util.HashMap<>(params);
        for (Map.Entry<String, Object> e : other.params.entrySet()) {
            if (both.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException(
                        "both filters use the parameter " + e.getKey() + "; rename one");
            }
        }
        return new SqlFilter("(" + sql + ") AND (" + other.sql + ")", both);
    }
}
