package org.entente.stix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The properties of a JSON object that STIX defines: a top-level object's own properties, an
 * embedded type such as {@code external-reference}, or a predefined extension such as {@code
 * ntfs-ext}. Unknown properties are reported by the caller's policy ({@link Unknown}).
 */
final class ObjectSpec {
    /** What to say about a property the specification does not define here. */
    enum Unknown {
        /** A custom property: allowed, named by the custom-property rules, warned about. */
        CUSTOM,
        /** Not allowed at all (closed structures such as the granular marking). */
        ERROR,
        /** Allowed when well named, without a warning (the properties of custom objects). */
        NAMED,
        /** Anything goes (dictionaries of free form). */
        ALLOW
    }

    /** A rule across properties of one object, run after each property was checked. */
    @FunctionalInterface
    interface Rule {
        void check(JsonNode object, Path path, Check check);
    }

    final String name;
    final Map<String, PropertyType> properties;
    final Set<String> required;
    final Map<String, String> deprecated;
    final List<Rule> rules;
    final Unknown unknown;

    private ObjectSpec(Builder b) {
        this.name = b.name;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
        this.required = Collections.unmodifiableSet(new LinkedHashSet<>(b.required));
        this.deprecated = Collections.unmodifiableMap(new LinkedHashMap<>(b.deprecated));
        List<Rule> rules = new ArrayList<>(b.rules);
        if (b.ownPropertyBesides != null) {
            List<String> own = new ArrayList<>(b.properties.keySet());
            own.removeAll(b.ownPropertyBesides);
            rules.add(0, Rules.atLeastOne(own.toArray(new String[0])));
        }
        this.rules = List.copyOf(rules);
        this.unknown = b.unknown;
    }

    static Builder builder(String name) {
        return new Builder(name);
    }

    Builder toBuilder() {
        Builder b = new Builder(name);
        b.properties.putAll(properties);
        b.required.addAll(required);
        b.deprecated.putAll(deprecated);
        b.rules.addAll(rules);
        b.unknown = unknown;
        return b;
    }

    /**
     * Checks {@code value} as an object of this spec, which the caller has not yet type-checked.
     */
    void check(JsonNode value, Path path, Check check) {
        if (!value.isObject()) {
            check.error(path, "must be an object (" + name + "), not " + Props.describe(value));
            return;
        }
        if (value.isEmpty()) {
            check.error(path, "must not be an empty object");
            return;
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String key = entry.getKey();
            PropertyType type = properties.get(key);
            Path at = path.property(key);
            if (type != null) {
                if (entry.getValue().isNull()) {
                    check.error(at, "must not be null: leave an optional property out instead");
                    continue;
                }
                type.check(entry.getValue(), at, check);
                if (!deprecated.isEmpty()) {
                    String why = deprecated.get(key);
                    if (why != null) {
                        check.warn(at, why);
                    }
                }
            } else {
                unknownProperty(key, entry.getValue(), at, check);
            }
        }
        for (String key : required) {
            if (!value.has(key)) {
                check.error(path.property(key), "is required for " + name + " but missing");
            }
        }
        for (Rule rule : rules) {
            rule.check(value, path, check);
        }
    }

    private void unknownProperty(String key, JsonNode value, Path at, Check check) {
        switch (unknown) {
            case ALLOW -> {}
            case ERROR ->
                    check.error(
                            at,
                            "is not a property of "
                                    + name
                                    + "; custom properties are allowed only on objects and extensions"
                                    + " (section 11.1)");
            case NAMED -> {
                String problem = Props.customPropertyNameProblem(key);
                if (problem != null) {
                    check.error(at, problem);
                } else {
                    customValue(key, value, at, check);
                }
            }
            case CUSTOM -> {
                String problem = Props.customPropertyNameProblem(key);
                if (problem != null) {
                    check.error(at, problem);
                } else if (customValue(key, value, at, check)
                        && !key.startsWith("x_")
                        && !Extensions.hasToplevelPropertyExtension(check.object)) {
                    check.warn(
                            at,
                            "is not a STIX 2.1 property of "
                                    + name
                                    + "; custom properties should start with 'x_'");
                }
            }
        }
    }

    /**
     * The value rules every custom property follows (no nulls, no empty lists, the {@code _hex} and
     * {@code _bin} suffixes kept for those types); false when the value broke one of them.
     */
    static boolean customValue(String key, JsonNode value, Path at, Check check) {
        if (!noNullsOrEmptyLists(value, at, check)) {
            return false;
        }
        if (key.endsWith("_ref") || key.endsWith("_refs")) {
            return Props.customReference(key, value, at, check);
        }
        // NB: section 3.1 asks hex and binary properties to end in _hex and _bin; the OASIS
        // schemas go further and refuse other values under such names. We only warn.
        if (key.endsWith("_hex") && (!value.isString() || !Props.isHex(value.stringValue()))) {
            check.warn(at, "a property named *_hex should hold hexadecimal digits");
        } else if (key.endsWith("_bin")
                && (!value.isString() || !Props.isBase64(value.stringValue()))) {
            check.warn(at, "a property named *_bin should hold base64 data");
        }
        return true;
    }

    /**
     * STIX has no nulls and no empty lists (section 2.12), custom properties included: reports a
     * null or empty-list value, or a null in a list, and returns false if there was one. NB: what
     * lies deeper inside a custom value is the producer's own structure and is left alone (ATT&CK
     * and CAPEC publish empty lists there).
     */
    static boolean noNullsOrEmptyLists(JsonNode value, Path at, Check check) {
        if (value.isNull()) {
            check.error(at, "must not be null: leave an optional property out instead");
            return false;
        }
        if (value.isArray()) {
            if (value.isEmpty()) {
                check.error(at, "must not be an empty list: leave the property out instead");
                return false;
            }
            for (int i = 0; i < value.size(); i++) {
                if (value.get(i).isNull()) {
                    check.error(at.index(i), "must not be null");
                    return false;
                }
            }
        }
        return true;
    }

    static final class Builder {
        private final String name;
        private final Map<String, PropertyType> properties = new LinkedHashMap<>();
        private final Set<String> required = new LinkedHashSet<>();
        private final Map<String, String> deprecated = new LinkedHashMap<>();
        private final List<Rule> rules = new ArrayList<>();
        private Unknown unknown = Unknown.CUSTOM;
        private Set<String> ownPropertyBesides;

        private Builder(String name) {
            this.name = name;
        }

        Builder req(String property, PropertyType type) {
            properties.put(property, type);
            required.add(property);
            return this;
        }

        Builder opt(String property, PropertyType type) {
            properties.put(property, type);
            return this;
        }

        /** An optional property the specification keeps but discourages; using it warns. */
        Builder deprecated(String property, PropertyType type, String why) {
            properties.put(property, type);
            deprecated.put(property, why);
            return this;
        }

        Builder rule(Rule rule) {
            rules.add(rule);
            return this;
        }

        Builder unknown(Unknown policy) {
            this.unknown = policy;
            return this;
        }

        /**
         * Common properties this type does not use: their names are refused, as custom content must
         * not reuse common property names (section 11.2).
         */
        Builder notApplicable(String... names) {
            for (String property : names) {
                properties.put(property, Props.notApplicable(name + " objects"));
            }
            return this;
        }

        /**
         * At least one of the properties this spec defines must be present, other than {@code
         * besides}: "an object using this extension MUST contain at least one property from this
         * extension" (custom properties do not count).
         */
        Builder needsOwnProperty(String... besides) {
            this.ownPropertyBesides = Set.of(besides);
            return this;
        }

        /** Makes a property optional again, for types that relax a common requirement. */
        Builder notRequired(String property) {
            required.remove(property);
            return this;
        }

        /** Removes a property inherited from the common set, for types that do not have it. */
        Builder without(String property) {
            properties.remove(property);
            required.remove(property);
            return this;
        }

        ObjectSpec build() {
            return new ObjectSpec(this);
        }
    }
}
