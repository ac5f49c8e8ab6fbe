package org.entente.pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * How the event mapping names things: dotted names split into interned keys, the lookup of a field
 * in an event, and the keys of an observation's objects. Shared by the mapping's declarations
 * (which split names once, when read) and its per-event work (which only looks up), so both sides
 * agree on the spelling that lets {@link SmallMap} find keys by identity.
 */
final class EventFields {
    private static final JsonNodeFactory NODES = SmallMap.Factory.INSTANCE;

    private static final String[] KEYS = new String[64];

    /** {@link #KEYS} as JSON strings: the references of every event, shared (they are values). */
    private static final JsonNode[] KEY_NODES = new JsonNode[KEYS.length];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = Integer.toString(i);
            KEY_NODES[i] = NODES.stringNode(KEYS[i]);
        }
    }

    private EventFields() {}

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

    /** The key of the k-th object of an observation: "0", "1"... as in the objects dictionary. */
    static String key(int k) {
        return k < KEYS.length ? KEYS[k] : Integer.toString(k);
    }

    /** {@link #key} as a JSON string, for a reference to the k-th object. */
    static JsonNode keyNode(int k) {
        return k < KEY_NODES.length ? KEY_NODES[k] : NODES.stringNode(key(k));
    }

    /**
     * The value of a field of the event, or null when it is absent or JSON null. A dotted path is
     * first tried as one flat key with dots in its name, then as nested objects.
     */
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
}
