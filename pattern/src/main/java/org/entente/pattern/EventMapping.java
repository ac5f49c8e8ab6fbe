package org.entente.pattern;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.entente.stix.StixJson;
import org.entente.stix.Timestamps;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns flat log events (one JSON object per line: DNS queries, proxy logs, flows, file hashes)
 * into observations of STIX cyber-observable objects, following a mapping written as JSON
 * (docs/pattern.md, "Event mapping"; the defaults are in {@code
 * org/entente/pattern/event-mapping.json}).
 *
 * <p>A mapping has {@code time}, the fields that may hold the event's time, and {@code shapes},
 * tried in order: the first whose {@code when} fields are all present (or one of whose {@code
 * when_any} fields is) makes the objects. Each object names its STIX {@code type} ({@code ip} picks
 * ipv4-addr or ipv6-addr from the value), its {@code properties} (STIX property path, dotted, to
 * event field, dotted for nested fields), {@code refs} to other objects of the shape, and {@code
 * lower}, {@code integers}, {@code lists} and {@code constants} to normalise values. An event field
 * holding a list for {@code value} makes one object per item. An object with none of its fields
 * present is left out, and so are references to it.
 *
 * <p>An event that is itself a STIX observed-data object (with embedded {@code objects}) is taken
 * as it is. Immutable and thread-safe.
 */
public final class EventMapping {
    private static final JsonNodeFactory NODES = SmallMap.Factory.INSTANCE;

    /** The longest event line {@link #parseEvent} reads. */
    public static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    /** Parses event lines: Jackson trees backed by {@link SmallMap}s, nesting capped. */
    private static final JsonMapper EVENTS =
            JsonMapper.builder(
                            JsonFactory.builder()
                                    // field names interned (once, in the symbol table): the
                                    // mapping's and the paths' keys are, so lookups in the
                                    // SmallMaps are by identity
                                    .enable(TokenStreamFactory.Feature.INTERN_PROPERTY_NAMES)
                                    .streamReadConstraints(
                                            StreamReadConstraints.builder()
                                                    .maxNestingDepth(StixJson.MAX_NESTING_DEPTH)
                                                    .maxStringLength(MAX_EVENT_BYTES)
                                                    .build())
                                    .build())
                    .nodeFactory(SmallMap.Factory.INSTANCE)
                    .build();

    /**
     * Parses one event (a JSON text) into the compact tree {@link #map} reads fastest: small
     * objects are arrays, not hash maps. Nesting is capped as for STIX content.
     *
     * @throws tools.jackson.core.JacksonException when the bytes are not JSON
     */
    public static JsonNode parseEvent(byte[] line, int from, int length) {
        return EVENTS.readTree(line, from, length);
    }

    private final List<String[]> timeFields;
    private final List<Shape> shapes;

    private EventMapping(List<String[]> timeFields, List<Shape> shapes) {
        this.timeFields = timeFields;
        this.shapes = shapes;
    }

    /** The mapping shipped with the engine. */
    public static EventMapping defaults() {
        try (InputStream in =
                EventMapping.class.getResourceAsStream("/org/entente/pattern/event-mapping.json")) {
            if (in == null) {
                throw new IllegalStateException("the default event mapping is missing");
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a mapping.
     *
     * @throws IllegalArgumentException saying what is wrong where
     */
    public static EventMapping load(InputStream json) {
        return of(StixJson.mapper().readTree(json));
    }

    public static EventMapping of(JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("an event mapping is a JSON object");
        }
        List<String[]> time = new ArrayList<>();
        for (String f : strings(json.get("time"), "time")) {
            time.add(path(f));
        }
        JsonNode shapesNode = json.get("shapes");
        if (shapesNode == null || !shapesNode.isArray() || shapesNode.isEmpty()) {
            throw new IllegalArgumentException("shapes: a non-empty list is required");
        }
        List<Shape> shapes = new ArrayList<>();
        int i = 0;
        for (JsonNode s : shapesNode) {
            shapes.add(Shape.of(s, "shapes[" + i++ + "]"));
        }
        return new EventMapping(time, shapes);
    }

    /** The names of the shapes, in the order they are tried. */
    public List<String> shapeNames() {
        List<String> out = new ArrayList<>();
        for (Shape s : shapes) {
            out.add(s.name);
        }
        return out;
    }

    /**
     * The observation an event records; it has no objects when no shape fits.
     *
     * @param seq the event's position in its stream
     * @param fallback the time to use when the event has no time field
     * @throws IllegalArgumentException when the event's time field cannot be read (saying which)
     */
    public Observation map(JsonNode event, long seq, Instant fallback) {
        JsonNode type = event.get("type");
        if (type != null && type.isString() && type.stringValue().equals("observed-data")) {
            return Observation.fromObservedData(event, ScoLookup.NONE, seq);
        }
        long time = time(event, fallback);
        for (Shape shape : shapes) {
            if (shape.applies(event)) {
                return shape.build(event, seq, time);
            }
        }
        return new Observation(seq, null, time, time, new String[0], new JsonNode[0]);
    }

    /**
     * One kind of object the mapping makes, for {@link IndicatorLint}: its STIX types, the property
     * paths it may set (keys, hash names in the vocabulary's spelling), which of them it
     * lower-cases or turns into integers, and the objects its references lead to.
     */
    static final class Made {
        final Set<String> types;
        final List<List<String>> paths = new ArrayList<>();
        final Set<List<String>> lowered = new HashSet<>();
        final Set<List<String>> integers = new HashSet<>();
        final Map<String, Made> refs = new LinkedHashMap<>();

        Made(Set<String> types) {
            this.types = types;
        }
    }

    /** Every kind of object the shapes make. */
    List<Made> made() {
        List<Made> out = new ArrayList<>();
        for (Shape shape : shapes) {
            Map<String, Made> byName = new LinkedHashMap<>();
            for (ObjectRule r : shape.objects) {
                Made m = new Made(r.ip ? Set.of("ipv4-addr", "ipv6-addr") : Set.of(r.type));
                m.paths.add(List.of("type"));
                for (int i = 0; i < r.targets.length; i++) {
                    List<String> path = canonicalKeys(r.targets[i]);
                    m.paths.add(path);
                    if (r.lower[i]) {
                        m.lowered.add(path);
                    }
                    if (r.integer[i]) {
                        m.integers.add(path);
                    }
                }
                for (int c = 0; c < r.constantPaths.length; c++) {
                    List<String> path = canonicalKeys(r.constantPaths[c]);
                    m.paths.add(path);
                    if (lowerCase(r.constantValues[c])) {
                        m.lowered.add(path); // a constant in lower case is as good as lowered
                    }
                }
                byName.put(r.name, m);
            }
            for (ObjectRule r : shape.objects) {
                for (Map.Entry<String, String> ref : r.refs.entrySet()) {
                    byName.get(r.name).refs.put(ref.getKey(), byName.get(ref.getValue()));
                }
            }
            out.addAll(byName.values());
        }
        return out;
    }

    private static boolean lowerCase(JsonNode v) {
        if (v.isString()) {
            return Normalise.lower(v.stringValue()).equals(v.stringValue());
        }
        if (v.isArray()) {
            for (JsonNode item : v) {
                if (!lowerCase(item)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static List<String> canonicalKeys(String[] keys) {
        List<String> out = new ArrayList<>(List.of(keys));
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i - 1).equals("hashes")) {
                out.set(i, Normalise.hashAlgorithm(out.get(i)));
            }
        }
        return List.copyOf(out);
    }

    /** The name of the shape that fits an event, or null. */
    public String shapeOf(JsonNode event) {
        for (Shape shape : shapes) {
            if (shape.applies(event)) {
                return shape.name;
            }
        }
        return null;
    }

    /**
     * The event's time from the first time field that can be read; {@code fallback} only when the
     * event has no time field at all. A time field that cannot be read (and no other that can)
     * makes the event unreadable: replacing "yesterday" by now would date the match wrongly and say
     * nothing.
     */
    private long time(JsonNode event, Instant fallback) {
        String unreadable = null;
        for (String[] field : timeFields) {
            JsonNode v = field(event, field);
            if (v == null) {
                continue;
            }
            if (v.isString()) {
                String s = v.stringValue();
                if (Timestamps.isValid(s)) {
                    return Timestamps.toMicros(s);
                }
                try {
                    return Observation.micros(OffsetDateTime.parse(s).toInstant());
                } catch (DateTimeParseException e) {
                    if (unreadable == null) {
                        unreadable =
                                String.join(".", field) + ": '" + clip(s) + "' is not a timestamp";
                    }
                    continue;
                }
            }
            if (v.isNumber()) {
                // seconds, milliseconds or microseconds since the epoch, told apart by size
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    // the common case without BigDecimal: the same answer, every event pays it
                    long n = v.longValue();
                    double d = n;
                    return Math.abs(d) < 1e11
                            ? Math.multiplyExact(n, 1_000_000L)
                            : Math.abs(d) < 1e14 ? Math.multiplyExact(n, 1_000L) : n;
                }
                BigDecimal n = v.decimalValue();
                double d = n.doubleValue();
                BigDecimal micros =
                        Math.abs(d) < 1e11
                                ? n.movePointRight(6)
                                : Math.abs(d) < 1e14 ? n.movePointRight(3) : n;
                return micros.longValue();
            }
            if (unreadable == null) {
                unreadable =
                        String.join(".", field)
                                + ": a time is an RFC 3339 string or a number since the epoch, not "
                                + v.getNodeType().name().toLowerCase(Locale.ROOT);
            }
        }
        if (unreadable != null) {
            throw new IllegalArgumentException(unreadable);
        }
        return Observation.micros(fallback);
    }

    /**
     * A dotted field or property name split into its keys, interned: the parser interns the names
     * of an event's fields and {@link PathRef} the keys of a pattern's paths, so that {@link
     * SmallMap} finds them by identity before it compares text.
     */
    static String[] path(String dotted) {
        String[] keys = dotted.split("\\.");
        for (int i = 0; i < keys.length; i++) {
            keys[i] = keys[i].intern();
        }
        return keys;
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    private static final String[] KEYS = new String[64];

    /** {@link #KEYS} as JSON strings: the references of every event, shared (they are values). */
    private static final JsonNode[] KEY_NODES = new JsonNode[KEYS.length];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = Integer.toString(i);
            KEY_NODES[i] = NODES.stringNode(KEYS[i]);
        }
    }

    private static JsonNode keyNode(int k) {
        return k < KEY_NODES.length ? KEY_NODES[k] : NODES.stringNode(key(k));
    }

    private static final JsonNode IPV4 = NODES.stringNode("ipv4-addr");
    private static final JsonNode IPV6 = NODES.stringNode("ipv6-addr");

    /** The key of the k-th object of an observation: "0", "1"... as in the objects dictionary. */
    static String key(int k) {
        return k < KEYS.length ? KEYS[k] : Integer.toString(k);
    }

    static JsonNode field(JsonNode event, String[] path) {
        JsonNode v = path.length == 1 ? event.get(path[0]) : null;
        if (v == null && path.length > 1) {
            v = event.get(String.join(".", path)); // a flat key with dots in its name
            if (v == null) {
                v = event;
                for (String part : path) {
                    v = v.isObject() ? v.get(part) : null;
                    if (v == null) {
                        break;
                    }
                }
            }
        }
        return v == null || v.isNull() ? null : v;
    }

    private static List<String> strings(JsonNode node, String where) {
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

    /** The objects made for one event so far. */
    private static final class Built {
        ObjectNode[] nodes;
        int count;

        Built(int expected) {
            nodes = new ObjectNode[Math.max(4, expected)];
        }

        void add(ObjectNode o) {
            if (o == null) {
                return;
            }
            if (count == nodes.length) {
                nodes = Arrays.copyOf(nodes, count * 2);
            }
            nodes[count++] = o;
        }
    }

    private static final class Shape {
        final String name;
        final List<String[]> when;
        final List<String[]> whenAny;
        final List<ObjectRule> objects;

        Shape(String name, List<String[]> when, List<String[]> whenAny, List<ObjectRule> objects) {
            this.name = name;
            this.when = when;
            this.whenAny = whenAny;
            this.objects = objects;
        }

        static Shape of(JsonNode s, String where) {
            if (!s.isObject()) {
                throw new IllegalArgumentException(where + ": must be an object");
            }
            JsonNode name = s.get("name");
            if (name == null || !name.isString()) {
                throw new IllegalArgumentException(where + ".name: a string is required");
            }
            List<String[]> when = split(strings(s.get("when"), where + ".when"));
            List<String[]> whenAny = split(strings(s.get("when_any"), where + ".when_any"));
            if (when.isEmpty() && whenAny.isEmpty()) {
                throw new IllegalArgumentException(
                        where + ": needs 'when' or 'when_any' to say which events it fits");
            }
            JsonNode objects = s.get("objects");
            if (objects == null || !objects.isObject() || objects.isEmpty()) {
                throw new IllegalArgumentException(
                        where + ".objects: a non-empty object is required");
            }
            List<ObjectRule> rules = new ArrayList<>();
            Set<String> names = new HashSet<>(objects.propertyNames());
            for (Map.Entry<String, JsonNode> e : objects.properties()) {
                rules.add(
                        ObjectRule.of(
                                e.getKey(), e.getValue(), where + ".objects." + e.getKey(), names));
            }
            List<String> order = new ArrayList<>();
            rules.forEach(r -> order.add(r.name));
            rules.forEach(r -> r.resolve(order));
            return new Shape(name.stringValue(), when, whenAny, rules);
        }

        boolean applies(JsonNode event) {
            for (String[] f : when) {
                if (field(event, f) == null) {
                    return false;
                }
            }
            if (whenAny.isEmpty()) {
                return true;
            }
            for (String[] f : whenAny) {
                if (field(event, f) != null) {
                    return true;
                }
            }
            return false;
        }

        Observation build(JsonNode event, long seq, long time) {
            // objects in rule order; made[r] .. made[r + 1] are the objects of rule r
            int[] made = new int[objects.size() + 1];
            Built built = new Built(objects.size());
            for (int r = 0; r < objects.size(); r++) {
                made[r] = built.count;
                objects.get(r).build(event, built);
            }
            made[objects.size()] = built.count;
            for (int r = 0; r < objects.size(); r++) {
                for (int k = made[r]; k < made[r + 1]; k++) {
                    objects.get(r).link(built.nodes[k], made);
                }
            }
            String[] keys = new String[built.count];
            JsonNode[] out = new JsonNode[built.count];
            for (int k = 0; k < built.count; k++) {
                keys[k] = key(k);
                out[k] = built.nodes[k];
            }
            return new Observation(seq, null, time, time, keys, out);
        }

        private static List<String[]> split(List<String> fields) {
            List<String[]> out = new ArrayList<>();
            for (String f : fields) {
                out.add(path(f));
            }
            return out;
        }
    }

    private static final class ObjectRule {
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

        private ObjectRule(
                String name,
                String type,
                String[][] targets,
                String[][] sources,
                boolean[] lower,
                boolean[] integer,
                boolean[] list,
                Map<String, String> refs,
                Map<String, JsonNode> constants) {
            this.name = name;
            this.type = type;
            this.typeNode = NODES.stringNode(type);
            this.targets = targets;
            this.sources = sources;
            this.lower = lower;
            this.integer = integer;
            this.list = list;
            this.refs = refs;
            this.constantPaths = new String[constants.size()][];
            this.constantValues = new JsonNode[constants.size()];
            int c = 0;
            for (Map.Entry<String, JsonNode> e : constants.entrySet()) {
                constantPaths[c] = path(e.getKey());
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

        static ObjectRule of(String name, JsonNode o, String where, Set<String> names) {
            if (!o.isObject()) {
                throw new IllegalArgumentException(where + ": must be an object");
            }
            JsonNode type = o.get("type");
            if (type == null || !type.isString()) {
                throw new IllegalArgumentException(
                        where + ".type: a STIX type (or 'ip') is required");
            }
            JsonNode props = o.get("properties");
            if (props == null || !props.isObject() || props.isEmpty()) {
                throw new IllegalArgumentException(
                        where + ".properties: a non-empty object is required");
            }
            Set<String> lower = new HashSet<>(strings(o.get("lower"), where + ".lower"));
            Set<String> integers = new HashSet<>(strings(o.get("integers"), where + ".integers"));
            Set<String> lists = new HashSet<>(strings(o.get("lists"), where + ".lists"));
            int n = props.size();
            String[][] targets = new String[n][];
            String[][] sources = new String[n][];
            boolean[] lo = new boolean[n];
            boolean[] in = new boolean[n];
            boolean[] li = new boolean[n];
            int i = 0;
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                if (!p.getValue().isString()) {
                    throw new IllegalArgumentException(
                            where + ".properties." + p.getKey() + ": must name an event field");
                }
                targets[i] = path(p.getKey());
                sources[i] = path(p.getValue().stringValue());
                lo[i] = lower.remove(p.getKey());
                in[i] = integers.remove(p.getKey());
                li[i] = lists.remove(p.getKey());
                i++;
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
            return new ObjectRule(
                    name, type.stringValue(), targets, sources, lo, in, li, refs, constants);
        }

        /** Builds this rule's objects (one per item when the value field holds a list). */
        void build(JsonNode event, Built out) {
            JsonNode primary = valueIndex >= 0 ? field(event, sources[valueIndex]) : null;
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
                JsonNode v = i == valueIndex ? primaryItem : field(event, sources[i]);
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
                boolean v6 =
                        value != null && value.isString() && value.stringValue().indexOf(':') >= 0;
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
                        a.add(keyNode(k));
                    }
                } else {
                    o.set(refNames[r], keyNode(from));
                }
            }
        }

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
}
