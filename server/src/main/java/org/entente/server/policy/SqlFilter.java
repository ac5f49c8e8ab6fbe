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
}
