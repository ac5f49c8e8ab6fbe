package org.entente.stix;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The deprecated observable container (STIX 2.1 section 2.13), the {@code objects} dictionary of
 * observed-data: cyber-observables keyed by local ids, referring to each other only by those keys.
 * Its objects may follow STIX 2.0, so only the container's own rules are checked here: each value
 * is an object with a type, and every {@code *_ref}/{@code *_refs} value resolves inside it.
 */
final class ObservableContainer {
    private ObservableContainer() {}

    static final PropertyType TYPE = ObservableContainer::check;

    private static void check(JsonNode value, Path path, Check check) {
        if (!value.isObject()) {
            check.error(
                    path,
                    "must be an observable container (JSON object), not " + Props.describe(value));
            return;
        }
        if (value.isEmpty()) {
            check.error(path, "must contain at least one object");
            return;
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            Path at = path.property(entry.getKey());
            JsonNode object = entry.getValue();
            if (!object.isObject()) {
                check.error(at, "must be a cyber-observable object, not " + Props.describe(object));
                continue;
            }
            JsonNode type = object.get("type");
            if (type == null || !type.isString()) {
                check.error(at.property("type"), "is required for a cyber-observable object");
            }
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                String name = property.getKey();
                JsonNode ref = property.getValue();
                if (name.endsWith("_ref")) {
                    localRef(value, ref, at.property(name), check);
                } else if (name.endsWith("_refs") && ref.isArray()) {
                    for (int i = 0; i < ref.size(); i++) {
                        localRef(value, ref.get(i), at.property(name).index(i), check);
                    }
                }
            }
        }
    }

    private static void localRef(JsonNode container, JsonNode ref, Path at, Check check) {
        if (!ref.isString() || !container.has(ref.stringValue())) {
            check.error(
                    at, "must be the key of another object in the same container (section 2.13)");
        }
    }
}
