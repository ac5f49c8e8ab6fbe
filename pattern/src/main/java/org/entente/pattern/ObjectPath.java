package org.entente.pattern;

import java.util.List;
import java.util.Objects;

/**
 * An object path (STIX 2.1 section 9.7): the type of the object the comparison starts from, then
 * property names, dictionary keys, list indexes and {@code [*]}. A step after a {@code _ref}
 * property, or after an item of a {@code _refs} list, continues in the referenced object.
 *
 * @param objectType the SCO type, e.g. {@code network-traffic}
 * @param steps the steps after the colon; the first is always a {@link Key}
 */
public record ObjectPath(String objectType, List<Step> steps) {
    public ObjectPath {
        Objects.requireNonNull(objectType, "objectType");
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.get(0) instanceof Key)) {
            throw new IllegalArgumentException("steps: a path starts with a property name");
        }
    }

    /** One step of a path. */
    public sealed interface Step {}

    /** A property name or dictionary key. */
    public record Key(String name) implements Step {
        public Key {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("name: a key must not be empty");
            }
        }

        @Override
        public String toString() {
            return plain(name) ? name : Constant.quote(name);
        }
    }

    /** A list index, 0-based. */
    public record Index(int index) implements Step {
        public Index {
            if (index < 0) {
                throw new IllegalArgumentException("index: must not be negative");
            }
        }

        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    /** {@code [*]}: every item of a list. */
    public record AnyIndex() implements Step {
        @Override
        public String toString() {
            return "[*]";
        }
    }

    /** The first property name. */
    public String property() {
        return ((Key) steps.get(0)).name();
    }

    /** The last key of the path, e.g. {@code value} or {@code SHA-256}. */
    public String lastKey() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) instanceof Key k) {
                return k.name();
            }
        }
        throw new IllegalStateException("a path always has a key");
    }

    /**
     * True when the path ends in a binary or hex property ({@code _bin}, {@code _hex}), whose
     * values are compared as octets (section 9.6.4).
     */
    public boolean binary() {
        if (!(steps.get(steps.size() - 1) instanceof Key k)) {
            return false;
        }
        return k.name().endsWith("_bin") || k.name().endsWith("_hex");
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(objectType).append(':');
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step instanceof Key && i > 0) {
                out.append('.');
            }
            out.append(step);
        }
        return out.toString();
    }

    static boolean plain(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '_';
            if (!ok) {
                return false;
            }
        }
        return !name.isEmpty();
    }
}
