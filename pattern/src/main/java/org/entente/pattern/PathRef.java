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

    final ObjectPath path;
    final String type;
    private final String[] keys;
    private final int[] index;
    private final boolean[] ref;
    private final boolean[] refList;

    /** The key of the last step that is a key: {@code value}, {@code SHA-256}... */
    final String lastKey;

    final boolean binary;
    final boolean hex;

    PathRef(ObjectPath path) {
        this.path = path;
        this.type = path.objectType();
        List<ObjectPath.Step> steps = path.steps();
        int n = steps.size();
        keys = new String[n];
        index = new int[n];
        ref = new boolean[n];
        refList = new boolean[n];
        for (int i = 0; i < n; i++) {
            ObjectPath.Step step = steps.get(i);
            if (step instanceof ObjectPath.Key k) {
                keys[i] = k.name();
                index[i] = KEY;
                ref[i] = k.name().endsWith("_ref");
                refList[i] = k.name().endsWith("_refs");
            } else if (step instanceof ObjectPath.Index x) {
                index[i] = x.index();
            } else {
                index[i] = ANY;
            }
        }
        lastKey = path.lastKey();
        binary = path.binary();
        hex = binary && lastKey.endsWith("_hex");
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

    @Override
    public String toString() {
        return path.toString();
    }
}
