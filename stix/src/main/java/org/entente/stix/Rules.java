package org.entente.stix;

import tools.jackson.databind.JsonNode;

/** Cross-property rules that recur across object types. */
final class Rules {
    private Rules() {}

    /** {@code later} must not be before {@code earlier} (or must be after, when strict). */
    static ObjectSpec.Rule order(String earlier, String later, boolean strict) {
        return (value, path, check) -> {
            String a = JsonText.string(value, earlier);
            String b = JsonText.string(value, later);
            if (a == null || b == null || !Timestamps.isValid(a) || !Timestamps.isValid(b)) {
                return;
            }
            int cmp = Timestamps.compare(b, a);
            if (strict ? cmp <= 0 : cmp < 0) {
                check.error(
                        path.property(later),
                        later
                                + " ("
                                + b
                                + ") must be "
                                + (strict ? "later than " : "no earlier than ")
                                + earlier
                                + " ("
                                + a
                                + ")");
            }
        };
    }

    /** Integers: {@code larger} must be at least {@code smaller}. */
    static ObjectSpec.Rule notLess(String smaller, String larger) {
        return (value, path, check) -> {
            JsonNode a = value.get(smaller);
            JsonNode b = value.get(larger);
            if (a != null && b != null && a.isNumber() && b.isNumber()) {
                if (b.doubleValue() < a.doubleValue()) {
                    check.error(
                            path.property(larger),
                            larger + " must be greater than or equal to " + smaller);
                }
            }
        };
    }

    /** At least one of {@code properties} must be present. */
    static ObjectSpec.Rule atLeastOne(String... properties) {
        return (value, path, check) -> {
            for (String p : properties) {
                if (value.has(p)) {
                    return;
                }
            }
            check.error(path, "needs at least one of " + String.join(", ", properties));
        };
    }

    /** Not more than one of {@code properties} may be present. */
    static ObjectSpec.Rule atMostOne(String... properties) {
        return (value, path, check) -> {
            int present = 0;
            for (String p : properties) {
                if (value.has(p)) {
                    present++;
                }
            }
            if (present > 1) {
                check.error(
                        path, "must not have more than one of " + String.join(", ", properties));
            }
        };
    }

    /** When {@code property} is present, {@code needed} must be too. */
    static ObjectSpec.Rule requires(String property, String needed) {
        return (value, path, check) -> {
            if (value.has(property) && !value.has(needed)) {
                check.error(path.property(needed), "is required when " + property + " is present");
            }
        };
    }
}
