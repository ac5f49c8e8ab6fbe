package org.entente.server.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.entente.server.error.ApiException;
import org.entente.stix.Timestamps;

/**
 * TAXII's {@code match[version]}: {@code last} (the default), {@code first}, {@code all}, and exact
 * versions, combined with OR.
 *
 * @param keys exact versions as sort keys ({@link Timestamps#sortKey})
 */
public record VersionFilter(boolean all, boolean first, boolean last, List<String> keys) {
    public static final VersionFilter LAST = new VersionFilter(false, false, true, List.of());
    public static final VersionFilter ALL = new VersionFilter(true, false, false, List.of());

    public VersionFilter {
        keys = List.copyOf(keys);
        if (all && (first || last || !keys.isEmpty())) {
            throw new IllegalArgumentException("'all' cannot be combined with other versions");
        }
        if (!all && !first && !last && keys.isEmpty()) {
            throw new IllegalArgumentException("a version filter needs at least one value");
        }
    }

    /** Parses the comma list of a {@code match[version]} parameter, as TAXII 3.4.1 defines it. */
    public static VersionFilter parse(String raw) {
        if (raw == null) {
            return LAST;
        }
        boolean all = false;
        boolean first = false;
        boolean last = false;
        List<String> keys = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String value : raw.split(",", -1)) {
            if (!seen.add(value)) {
                throw ApiException.invalid(
                        "match[version] names '" + value + "' twice; each value may occur once");
            }
            switch (value) {
                case "all" -> all = true;
                case "first" -> first = true;
                case "last" -> last = true;
                default -> {
                    String problem = Timestamps.problem(value);
                    if (problem != null) {
                        throw ApiException.invalid(
                                "match[version] accepts first, last, all or timestamps: "
                                        + problem);
                    }
                    keys.add(Timestamps.sortKey(value));
                }
            }
        }
        if (all && seen.size() > 1) {
            throw ApiException.invalid("match[version]=all cannot be combined with other values");
        }
        return new VersionFilter(all, first, last, keys);
    }
}
