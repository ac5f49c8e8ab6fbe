package org.entente.pattern;

import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One shape of the event mapping: which events it fits (its {@code when} and {@code when_any}
 * fields) and the objects it makes of them. Kept apart from {@link MappingReader}, which checks the
 * declaration once, because this is the per-event work: deciding whether an event fits and building
 * its observation.
 */
final class EventShape {
    final String name;
    final List<String[]> when;
    final List<String[]> whenAny;
    final List<ObjectRule> objects;

    EventShape(String name, List<String[]> when, List<String[]> whenAny, List<ObjectRule> objects) {
        this.name = name;
        this.when = when;
        this.whenAny = whenAny;
        this.objects = objects;
    }

    boolean applies(JsonNode event) {
        for (String[] f : when) {
            if (EventFields.field(event, f) == null) {
                return false;
            }
        }
        if (whenAny.isEmpty()) {
            return true;
        }
        for (String[] f : whenAny) {
            if (EventFields.field(event, f) != null) {
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
            keys[k] = EventFields.key(k);
            out[k] = built.nodes[k];
        }
        return new Observation(seq, null, time, time, keys, out);
    }

    /** The objects made for one event so far. */
    static final class Built {
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
}
