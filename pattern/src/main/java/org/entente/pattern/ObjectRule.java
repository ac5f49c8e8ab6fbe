package org.entente.pattern;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One object of an event shape: which event fields become which STIX properties, how their values
 * are normalised, the constants it adds and the references it makes to the shape's other objects.
 * It builds that object for every event the shape fits, so it keeps its declaration in parallel
 * arrays read by index, not in the {@link Property} records {@link MappingReader} hands it.
 */
final class ObjectRule {
    private static final JsonNodeFactory NODES = SmallMap.Factory.INSTANCE;
    private static final JsonNode IPV4 = NODES.stringNode("ipv4-addr");
    private static final JsonNode IPV6 = NODES.stringNode("ipv6-addr");

    /**
     * One property the rule sets from an event field.
     *
     * @param target the STIX property path, split into interned keys
     * @param source the event field path, split into interned keys
     * @param lower whether a string value is lower-cased
     * @param integer whether a string value is read as an integer (and left out when it is not one)
     * @param list whether the value is made a list
     */
    record Property(
            String[] target, String[] source, boolean lower, boolean integer, boolean list) {
        Property {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(source, "source");
        }
    }

    final String name;
    final String type;
    final JsonNode typeNode;
    final String[][] targets;
    final String[][] sources;
    final boolean[] lower;
    final boolean[] integer;
    final boolean[] list;
    final int valueIndex;
    final Map<String, String> refs;
    final String[][] constantPaths;
    final JsonNode[] constantValues;
    final boolean ip;
    String[] refNames;
    int[] refTargets;

    ObjectRule(
            String name,
            String type,
            List<Property> properties,
            Map<String, String> refs,
            Map<String, JsonNode> constants) {
        this.name = name;
        this.type = type;
        this.typeNode = NODES.stringNode(type);
        int n = properties.size();
        this.targets = new String[n][];
        this.sources = new String[n][];
        this.lower = new boolean[n];
        this.integer = new boolean[n];
        this.list = new boolean[n];
        for (int i = 0; i < n; i++) {
            Property p = properties.get(i);
            targets[i] = p.target();
            sources[i] = p.source();
            lower[i] = p.lower();
            integer[i] = p.integer();
            list[i] = p.list();
        }
        this.refs = refs;
        this.constantPaths = new String[constants.size()][];
        this.constantValues = new JsonNode[constants.size()];
        int c = 0;
        for (Map.Entry<String, JsonNode> e : constants.entrySet()) {
            constantPaths[c] = EventFields.path(e.getKey());
            constantValues[c++] = e.getValue();
        }
        this.ip = type.equals("ip");
        int v = -1;
        for (int i = 0; i < targets.length; i++) {
            if (targets[i].length == 1 && targets[i][0].equals("value")) {
                v = i;
            }
        }
        this.valueIndex = v;
    }

    /** Builds this rule's objects (one per item when the value field holds a list). */
    void build(JsonNode event, EventShape.Built out) {
        JsonNode primary = valueIndex >= 0 ? EventFields.field(event, sources[valueIndex]) : null;
        if (primary != null && primary.isArray()) {
            for (JsonNode item : primary) {
                out.add(one(event, item));
            }
            return;
        }
        out.add(one(event, primary));
    }

    private ObjectNode one(JsonNode event, JsonNode primaryItem) {
        ObjectNode o = null;
        for (int i = 0; i < targets.length; i++) {
            JsonNode v = i == valueIndex ? primaryItem : EventFields.field(event, sources[i]);
            if (v == null || v.isNull() || v.isObject()) {
                continue;
            }
            v = normalise(v, i);
            if (v == null) {
                continue;
            }
            if (o == null) {
                o = NODES.objectNode();
                o.set("type", typeNode);
            }
            put(o, targets[i], v);
        }
        if (o == null) {
            return null;
        }
        if (ip) {
            JsonNode value = o.get("value");
            boolean v6 = value != null && value.isString() && value.stringValue().indexOf(':') >= 0;
            o.set("type", v6 ? IPV6 : IPV4);
        }
        for (int c = 0; c < constantPaths.length; c++) {
            put(o, constantPaths[c], constantValues[c]);
        }
        return o;
    }

    private JsonNode normalise(JsonNode v, int i) {
        if (lower[i] && v.isString()) {
            String s = v.stringValue();
            String l = s.toLowerCase(Locale.ROOT);
            if (!l.equals(s)) {
                v = NODES.stringNode(l); // nodes are values: one already lower is kept
            }
        }
        if (integer[i] && v.isString()) {
            try {
                v = NODES.numberNode(Long.parseLong(v.stringValue().trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (list[i] && !v.isArray()) {
            ArrayNode a = NODES.arrayNode();
            a.add(v);
            v = a;
        } else if (list[i] && lower[i]) {
            ArrayNode a = NODES.arrayNode();
            for (JsonNode item : v) {
                a.add(
                        item.isString()
                                ? NODES.stringNode(item.stringValue().toLowerCase(Locale.ROOT))
                                : item);
            }
            v = a;
        }
        return v;
    }

    /** Sets the reference properties of {@code o}, an object of this rule. */
    void link(ObjectNode o, int[] made) {
        for (int r = 0; r < refNames.length; r++) {
            int from = made[refTargets[r]];
            int to = made[refTargets[r] + 1];
            if (from == to) {
                continue;
            }
            if (refNames[r].endsWith("_refs")) {
                ArrayNode a = o.putArray(refNames[r]);
                for (int k = from; k < to; k++) {
                    a.add(EventFields.keyNode(k));
                }
            } else {
                o.set(refNames[r], EventFields.keyNode(from));
            }
        }
    }

    /** Turns the names its references lead to into positions in the shape's rule order. */
    void resolve(List<String> order) {
        refNames = refs.keySet().toArray(new String[0]);
        for (int r = 0; r < refNames.length; r++) {
            refNames[r] = refNames[r].intern();
        }
        refTargets = new int[refNames.length];
        for (int r = 0; r < refNames.length; r++) {
            refTargets[r] = order.indexOf(refs.get(refNames[r]));
        }
    }

    private static void put(ObjectNode o, String[] path, JsonNode v) {
        ObjectNode at = o;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode next = at.get(path[i]);
            if (next == null || !next.isObject()) {
                next = at.putObject(path[i]);
            }
            at = (ObjectNode) next;
        }
        at.set(path[path.length - 1], v);
    }
}
