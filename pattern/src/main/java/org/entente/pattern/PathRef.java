package org.entente.pattern;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An object path made ready for evaluation. Resolving it from an object yields every value it
 * reaches: several when it passes {@code [*]}; none when a step is missing, an index is out of
 * range, or a reference leads outside the observation.
 */
final class PathRef {
    /** Receives the values a path reaches; returns true to stop early. */
    interface Visitor {
        boolean visit(JsonNode value, JsonNode owner);
    }

    private static final int KEY = -2;
    private static final int ANY = -1;

    /** The path with hash algorithm names in the vocabulary's spelling ({@link Normalise}). */
    final ObjectPath path;

    final String type;
    private final String[] keys;

    /** Whether a key step names a hash algorithm (it follows {@code hashes}). */
    private final boolean[] hashKey;

    /** How values reached by this path are folded before comparison. */
    final Normalise.Fold fold;

    private final int[] index;
    private final boolean[] ref;
    private final boolean[] refList;

    /** The key of the last step that is a key: {@code value}, {@code SHA-256}... */
    final String lastKey;

    final boolean binary;
    final boolean hex;

    /**
     * Paths made ready, shared: a million indicators use a handful of paths, and a PathRef is
     * several arrays. Bounded, so that patterns with ever new paths cannot grow it without end.
     */
    private static final java.util.concurrent.ConcurrentHashMap<ObjectPath, PathRef> SHARED =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static final int MAX_SHARED = 4096;

    /** The (shared) PathRef of a path as a pattern writes it. Immutable, so safe to share. */
    static PathRef of(ObjectPath written) {
        PathRef p = SHARED.get(written);
        if (p == null) {
            p = new PathRef(written);
            if (SHARED.size() < MAX_SHARED) {
                PathRef raced = SHARED.putIfAbsent(written, p);
                if (raced != null) {
                    p = raced;
                }
            }
        }
        return p;
    }

    PathRef(ObjectPath written) {
        this.path = canonical(written);
        this.type = path.objectType();
        List<ObjectPath.Step> steps = path.steps();
        int n = steps.size();
        keys = new String[n];
        hashKey = new boolean[n];
        index = new int[n];
        ref = new boolean[n];
        refList = new boolean[n];
        for (int i = 0; i < n; i++) {
            ObjectPath.Step step = steps.get(i);
            if (step instanceof ObjectPath.Key k) {
                // interned: an event's field names are (the parser's), so SmallMap finds a key
                // by identity before it compares text
                keys[i] = k.name().intern();
                index[i] = KEY;
                ref[i] = k.name().endsWith("_ref");
                refList[i] = k.name().endsWith("_refs");
                hashKey[i] = i > 0 && "hashes".equals(keys[i - 1]);
            } else if (step instanceof ObjectPath.Index x) {
                index[i] = x.index();
            } else {
                index[i] = ANY;
            }
        }
        lastKey = path.lastKey();
        binary = path.binary();
        hex = binary && lastKey.endsWith("_hex");
        fold =
                n >= 2 && hashKey[n - 1] && Normalise.hexAlgorithm(lastKey)
                        ? Normalise.Fold.HEX
                        : type.equals("domain-name") && n == 1 && lastKey.equals("value")
                                ? Normalise.Fold.DOMAIN
                                : Normalise.Fold.NONE;
    }

    /** {@code path} with every key after {@code hashes} in the vocabulary's spelling. */
    static ObjectPath canonical(ObjectPath path) {
        List<ObjectPath.Step> steps = path.steps();
        List<ObjectPath.Step> out = null;
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i) instanceof ObjectPath.Key k
                    && steps.get(i - 1) instanceof ObjectPath.Key previous
                    && previous.name().equals("hashes")) {
                String name = Normalise.hashAlgorithm(k.name());
                if (!name.equals(k.name())) {
                    if (out == null) {
                        out = new java.util.ArrayList<>(steps);
                    }
                    out.set(i, new ObjectPath.Key(name));
                }
            }
        }
        return out == null ? path : new ObjectPath(path.objectType(), out);
    }

    /** Visits the values reached from {@code root}; true if the visitor stopped early. */
    boolean resolve(Observation obs, JsonNode root, Visitor visitor) {
        if (keys.length == 1) {
            JsonNode v = root.get(keys[0]);
            return v != null && !v.isNull() && visitor.visit(v, root);
        }
        return walk(obs, root, root, 0, false, visitor);
    }

    /** Whether the path reaches at least one value. */
    boolean exists(Observation obs, JsonNode root) {
        return resolve(obs, root, (v, owner) -> true);
    }

    /**
     * @param derefable whether {@code current}, if a string, is a reference that the next key step
     *     follows
     */
    private boolean walk(
            Observation obs,
            JsonNode current,
            JsonNode owner,
            int step,
            boolean derefable,
            Visitor visitor) {
        if (step == keys.length) {
            return !current.isNull() && visitor.visit(current, owner);
        }
        int idx = index[step];
        if (idx == KEY) {
            JsonNode object = current;
            if (derefable && current.isString()) {
                object = obs.deref(current.stringValue());
                if (object == null) {
                    return false;
                }
            }
            if (!object.isObject()) {
                return false;
            }
            JsonNode next = object.get(keys[step]);
            if (next == null && hashKey[step]) {
                next = hashEntry(object, keys[step]);
            }
            if (next == null) {
                return false;
            }
            return walk(obs, next, object, step + 1, ref[step], visitor);
        }
        if (!current.isArray()) {
            return false;
        }
        // items of a list of references are themselves references
        boolean itemsRef = step > 0 && index[step - 1] == KEY && refList[step - 1];
        if (idx == ANY) {
            for (JsonNode item : current) {
                if (walk(obs, item, owner, step + 1, itemsRef, visitor)) {
                    return true;
                }
            }
            return false;
        }
        JsonNode item = current.get(idx);
        return item != null && walk(obs, item, owner, step + 1, itemsRef, visitor);
    }

    /** The entry of a hashes dictionary whose key spells the algorithm {@code canonical}. */
    private static JsonNode hashEntry(JsonNode hashes, String canonical) {
        for (java.util.Map.Entry<String, JsonNode> e : hashes.properties()) {
            if (Normalise.hashAlgorithm(e.getKey()).equals(canonical)) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
