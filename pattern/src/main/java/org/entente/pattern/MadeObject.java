package org.entente.pattern;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One kind of object an event mapping makes, as {@link IndicatorLint} needs to know it: its STIX
 * types, the property paths it may set (keys, hash names in the vocabulary's spelling), which of
 * them it lower-cases or turns into integers, and the objects its references lead to. A summary
 * read off the shapes once, so the lint never looks at the per-event rules.
 */
final class MadeObject {
    final Set<String> types;
    final List<List<String>> paths = new ArrayList<>();
    final Set<List<String>> lowered = new HashSet<>();
    final Set<List<String>> integers = new HashSet<>();
    final Map<String, MadeObject> refs = new LinkedHashMap<>();

    MadeObject(Set<String> types) {
        this.types = types;
    }

    /** Every kind of object the shapes make. */
    static List<MadeObject> of(List<EventShape> shapes) {
        List<MadeObject> out = new ArrayList<>();
        for (EventShape shape : shapes) {
            Map<String, MadeObject> byName = new LinkedHashMap<>();
            for (ObjectRule r : shape.objects) {
                MadeObject m =
                        new MadeObject(r.ip ? Set.of("ipv4-addr", "ipv6-addr") : Set.of(r.type));
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
}
