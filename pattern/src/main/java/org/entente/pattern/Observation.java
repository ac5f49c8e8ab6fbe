package org.entente.pattern;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entente.stix.Timestamps;
import tools.jackson.databind.JsonNode;

/**
 * One observation (STIX 2.1 section 9.1): the cyber-observable objects seen together, with the time
 * they were seen. It comes from an observed-data object (its embedded {@code objects} dictionary,
 * deprecated, or its {@code object_refs} resolved through a {@link ScoLookup}) or from a flat event
 * mapped by {@link EventMapping}.
 *
 * <p>References between the objects ({@code src_ref}, {@code resolves_to_refs}...) are followed
 * only to objects of the same observation, as section 9.7.4 requires. {@code number_observed} is
 * not used: each observation counts once for {@code REPEATS}.
 *
 * <p>Immutable and safe to share between threads, provided the objects are not modified.
 */
public final class Observation {
    /** Beyond this many objects, references are resolved through a hash map, not a scan. */
    private static final int SCAN_LIMIT = 8;

    private final long seq;
    private final String observedDataId;
    private final long first;
    private final long last;
    private final String[] keys;
    private final JsonNode[] objects;
    private final Map<String, JsonNode> byKey;

    Observation(
            long seq,
            String observedDataId,
            long firstMicros,
            long lastMicros,
            String[] keys,
            JsonNode[] objects) {
        if (keys.length != objects.length) {
            throw new IllegalArgumentException("keys: one key per object");
        }
        if (lastMicros < firstMicros) {
            throw new IllegalArgumentException("last: must not be before first");
        }
        this.seq = seq;
        this.observedDataId = observedDataId;
        this.first = firstMicros;
        this.last = lastMicros;
        this.keys = keys;
        this.objects = objects;
        if (keys.length > SCAN_LIMIT) {
            Map<String, JsonNode> map = new HashMap<>(keys.length * 2);
            for (int i = 0; i < keys.length; i++) {
                map.put(keys[i], objects[i]);
            }
            byKey = map;
        } else {
            byKey = null;
        }
    }

    /**
     * An observation of the given objects at one instant, keyed as in the deprecated {@code
     * objects} dictionary ({@code "0"}, {@code "1"}...), which their {@code _ref} properties use.
     */
    public static Observation of(long seq, Instant time, Map<String, ? extends JsonNode> objects) {
        long micros = micros(time);
        String[] keys = objects.keySet().toArray(new String[0]);
        JsonNode[] nodes = new JsonNode[keys.length];
        for (int i = 0; i < keys.length; i++) {
            nodes[i] = Objects.requireNonNull(objects.get(keys[i]), "objects");
        }
        return new Observation(seq, null, micros, micros, keys, nodes);
    }

    /**
     * The observation an observed-data object records.
     *
     * @param lookup resolves {@code object_refs}; ids it does not know are left out
     * @throws IllegalArgumentException when the object is not observed-data with valid {@code
     *     first_observed} and {@code last_observed}
     */
    public static Observation fromObservedData(JsonNode observedData, ScoLookup lookup, long seq) {
        if (!"observed-data".equals(text(observedData, "type"))) {
            throw new IllegalArgumentException("not an observed-data object");
        }
        long first = timestamp(observedData, "first_observed");
        long last = timestamp(observedData, "last_observed");
        if (last < first) {
            throw new IllegalArgumentException("last_observed is before first_observed");
        }
        List<String> keys = new ArrayList<>();
        List<JsonNode> nodes = new ArrayList<>();
        JsonNode embedded = observedData.get("objects");
        JsonNode refs = observedData.get("object_refs");
        if (embedded != null && embedded.isObject()) {
            for (Map.Entry<String, JsonNode> e : embedded.properties()) {
                if (e.getValue().isObject()) {
                    keys.add(e.getKey());
                    nodes.add(e.getValue());
                }
            }
        } else if (refs != null && refs.isArray()) {
            for (JsonNode ref : refs) {
                if (!ref.isString()) {
                    continue;
                }
                JsonNode found = lookup.find(ref.stringValue());
                if (found != null && found.isObject()) {
                    keys.add(ref.stringValue());
                    nodes.add(found);
                }
            }
        } else {
            throw new IllegalArgumentException("observed-data has neither objects nor object_refs");
        }
        return new Observation(
                seq,
                text(observedData, "id"),
                first,
                last,
                keys.toArray(new String[0]),
                nodes.toArray(new JsonNode[0]));
    }

    /** The position of this observation in its stream; orders observations and names them. */
    public long seq() {
        return seq;
    }

    /** The id of the observed-data this observation came from, if it came from one. */
    public Optional<String> observedDataId() {
        return Optional.ofNullable(observedDataId);
    }

    public Instant firstObserved() {
        return instant(first);
    }

    public Instant lastObserved() {
        return instant(last);
    }

    /** {@link #firstObserved()} in microseconds since the epoch, without an object. */
    public long firstMicros() {
        return first;
    }

    long lastMicros() {
        return last;
    }

    /** How many objects the observation has. */
    public int size() {
        return objects.length;
    }

    public JsonNode object(int i) {
        return objects[i];
    }

    /** The object a reference names, if it is part of this observation. */
    JsonNode deref(String ref) {
        if (byKey != null) {
            return byKey.get(ref);
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(ref)) {
                return objects[i];
            }
        }
        return null;
    }

    static long micros(Instant time) {
        return Math.addExact(
                Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    private static long timestamp(JsonNode node, String name) {
        String text = text(node, name);
        if (text == null || !Timestamps.isValid(text)) {
            throw new IllegalArgumentException(
                    "observed-data needs a valid " + name + " timestamp");
        }
        return Timestamps.toMicros(text);
    }

    @Override
    public String toString() {
        return "Observation#" + seq + (observedDataId == null ? "" : " " + observedDataId);
    }
}
