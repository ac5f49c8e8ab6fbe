package org.entente.pattern;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.entente.stix.StixJson;
import org.entente.stix.Timestamps;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
                                    // each worker parses line after line on its own thread: its
                                    // buffers stay with it instead of going through a shared
                                    // concurrent pool for every line
                                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
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
    private final List<EventShape> shapes;

    private EventMapping(List<String[]> timeFields, List<EventShape> shapes) {
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
        for (String f : MappingReader.strings(json.get("time"), "time")) {
            time.add(EventFields.path(f));
        }
        JsonNode shapesNode = json.get("shapes");
        if (shapesNode == null || !shapesNode.isArray() || shapesNode.isEmpty()) {
            throw new IllegalArgumentException("shapes: a non-empty list is required");
        }
        List<EventShape> shapes = new ArrayList<>();
        int i = 0;
        for (JsonNode s : shapesNode) {
            shapes.add(MappingReader.shape(s, "shapes[" + i++ + "]"));
        }
        return new EventMapping(time, shapes);
    }

    /** The names of the shapes, in the order they are tried. */
    public List<String> shapeNames() {
        List<String> out = new ArrayList<>();
        for (EventShape s : shapes) {
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
        for (EventShape shape : shapes) {
            if (shape.applies(event)) {
                return shape.build(event, seq, time);
            }
        }
        return new Observation(seq, null, time, time, new String[0], new JsonNode[0]);
    }

    /** Every kind of object the shapes make, for {@link IndicatorLint}. */
    List<MadeObject> made() {
        return MadeObject.of(shapes);
    }

    /** The name of the shape that fits an event, or null. */
    public String shapeOf(JsonNode event) {
        for (EventShape shape : shapes) {
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
            JsonNode v = EventFields.field(event, field);
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

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
