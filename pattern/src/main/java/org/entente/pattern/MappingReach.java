package org.entente.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an event mapping does to the values of a pattern's path, for {@link IndicatorLint}: whether
 * any object the mapping makes has the path, and whether every such object lower-cases it or makes
 * it an integer. Following references from object to object is the subtle part, so it lives here,
 * apart from the checks that use the answer.
 */
final class MappingReach {

    /** What the mapping does to the values of one path. */
    record Reach(boolean made, boolean lowered, boolean integer) {}

    private final List<MadeObject> objects;

    MappingReach(List<MadeObject> objects) {
        this.objects = Objects.requireNonNull(objects, "objects");
    }

    /** What the mapping does to the values of {@code path}, over every object of its type. */
    Reach reach(PathRef path) {
        List<String> keys = new ArrayList<>();
        for (ObjectPath.Step step : path.path.steps()) {
            if (step instanceof ObjectPath.Key k) {
                keys.add(k.name());
            }
        }
        boolean made = false;
        boolean lowered = true;
        boolean integer = true;
        for (MadeObject m : objects) {
            if (!m.types.contains(path.type)) {
                continue;
            }
            Reach r = reach(m, keys, 0, 0);
            if (r.made) {
                made = true;
                lowered &= r.lowered;
                integer &= r.integer;
            }
        }
        return made ? new Reach(true, lowered, integer) : new Reach(false, false, false);
    }

    /** Whether {@code m} makes the keys from {@code from} on; {@code depth} bounds ref cycles. */
    private static Reach reach(MadeObject m, List<String> keys, int from, int depth) {
        String first = keys.get(from);
        if (from + 1 < keys.size()
                && (first.endsWith("_ref") || first.endsWith("_refs"))
                && m.refs.containsKey(first)) {
            return depth > 8
                    ? new Reach(false, false, false)
                    : reach(m.refs.get(first), keys, from + 1, depth + 1);
        }
        List<String> rest = keys.subList(from, keys.size());
        for (List<String> p : m.paths) {
            // the pattern may stop inside a made path (EXISTS of a dictionary) or go past it
            // (into a list); either way the value can be there
            int n = Math.min(p.size(), rest.size());
            if (p.subList(0, n).equals(rest.subList(0, n))) {
                return new Reach(true, m.lowered.contains(p), m.integers.contains(p));
            }
        }
        if (m.refs.containsKey(first) && from + 1 == keys.size()) {
            return new Reach(true, false, false); // the reference itself
        }
        return new Reach(false, false, false);
    }
}
