package org.entente.pattern;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads the declarations of an event mapping (its shapes and their objects) from JSON, once, and
 * says what is wrong where; the per-event classes ({@link EventShape}, {@link ObjectRule}) then
 * trust what they are given.
 */
final class MappingReader {
    private MappingReader() {}

    static EventShape shape(JsonNode s, String where) {
        if (!s.isObject()) {
            throw new IllegalArgumentException(where + ": must be an object");
        }
        JsonNode name = s.get("name");
        if (name == null || !name.isString()) {
            throw new IllegalArgumentException(where + ".name: a string is required");
        }
        List<String[]> when = paths(strings(s.get("when"), where + ".when"));
        List<String[]> whenAny = paths(strings(s.get("when_any"), where + ".when_any"));
        if (when.isEmpty() && whenAny.isEmpty()) {
            throw new IllegalArgumentException(
                    where + ": needs 'when' or 'when_any' to say which events it fits");
        }
        JsonNode objects = s.get("objects");
        if (objects == null || !objects.isObject() || objects.isEmpty()) {
            throw new IllegalArgumentException(where + ".objects: a non-empty object is required");
        }
        List<ObjectRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>(objects.propertyNames());
        for (Map.Entry<String, JsonNode> e : objects.properties()) {
            rules.add(
                    objectRule(e.getKey(), e.getValue(), where + ".objects." + e.getKey(), names));
        }
        List<String> order = new ArrayList<>();
        rules.forEach(r -> order.add(r.name));
        rules.forEach(r -> r.resolve(order));
        return new EventShape(name.stringValue(), when, whenAny, rules);
    }

    private static ObjectRule objectRule(String name, JsonNode o, String where, Set<String> names) {
        if (!o.isObject()) {
            throw new IllegalArgumentException(where + ": must be an object");
        }
        JsonNode type = o.get("type");
        if (type == null || !type.isString()) {
            throw new IllegalArgumentException(where + ".type: a STIX type (or 'ip') is required");
        }
        JsonNode props = o.get("properties");
        if (props == null || !props.isObject() || props.isEmpty()) {
            throw new IllegalArgumentException(
                    where + ".properties: a non-empty object is required");
        }
        Set<String> lower = new HashSet<>(strings(o.get("lower"), where + ".lower"));
        Set<String> integers = new HashSet<>(strings(o.get("integers"), where + ".integers"));
        Set<String> lists = new HashSet<>(strings(o.get("lists"), where + ".lists"));
        List<ObjectRule.Property> properties = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : props.properties()) {
            if (!p.getValue().isString()) {
                throw new IllegalArgumentException(
                        where + ".properties." + p.getKey() + ": must name an event field");
            }
            properties.add(
                    new ObjectRule.Property(
                            EventFields.path(p.getKey()),
                            EventFields.path(p.getValue().stringValue()),
                            lower.remove(p.getKey()),
                            integers.remove(p.getKey()),
                            lists.remove(p.getKey())));
        }
        for (Set<String> left : List.of(lower, integers, lists)) {
            if (!left.isEmpty()) {
                throw new IllegalArgumentException(
                        where + ": " + left + " are not among its properties");
            }
        }
        Map<String, String> refs = new LinkedHashMap<>();
        JsonNode r = o.get("refs");
        if (r != null) {
            for (Map.Entry<String, JsonNode> e : r.properties()) {
                String target = e.getValue().isString() ? e.getValue().stringValue() : null;
                if (!e.getKey().endsWith("_ref") && !e.getKey().endsWith("_refs")) {
                    throw new IllegalArgumentException(
                            where
                                    + ".refs."
                                    + e.getKey()
                                    + ": a reference property ends in _ref or _refs");
                }
                if (target == null || !names.contains(target)) {
                    throw new IllegalArgumentException(
                            where
                                    + ".refs."
                                    + e.getKey()
                                    + ": must name another object of the shape");
                }
                refs.put(e.getKey(), target);
            }
        }
        Map<String, JsonNode> constants = new LinkedHashMap<>();
        JsonNode c = o.get("constants");
        if (c != null) {
            for (Map.Entry<String, JsonNode> e : c.properties()) {
                constants.put(e.getKey(), e.getValue());
            }
        }
        return new ObjectRule(name, type.stringValue(), properties, refs, constants);
    }

    /** A list of non-empty strings, or an empty list when the node is absent. */
    static List<String> strings(JsonNode node, String where) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + ": must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isString() || n.stringValue().isEmpty()) {
                throw new IllegalArgumentException(where + ": must be a list of strings");
            }
            out.add(n.stringValue());
        }
        return out;
    }

    static List<String[]> paths(List<String> fields) {
        List<String[]> out = new ArrayList<>();
        for (String f : fields) {
            out.add(EventFields.path(f));
        }
        return out;
    }
}
