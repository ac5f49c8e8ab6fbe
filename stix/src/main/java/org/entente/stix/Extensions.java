package org.entente.stix;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code extensions} property (STIX 2.1 section 7.3): keys are either extension-definition ids,
 * whose bodies follow the definition's own schema and may name an {@code extension_type}, or the
 * predefined extensions of a cyber-observable type such as {@code ntfs-ext}.
 */
final class Extensions {
    private Extensions() {}

    static final Set<String> EXTENSION_TYPES =
            Set.of(
                    "new-sdo",
                    "new-sco",
                    "new-sro",
                    "property-extension",
                    "toplevel-property-extension");

    static void check(TypeSpec spec, JsonNode extensions, Path path, Check check) {
        if (!extensions.isObject()) {
            check.error(
                    path, "must be a dictionary of extensions, not " + Props.describe(extensions));
            return;
        }
        if (extensions.isEmpty()) {
            check.error(path, "must not be empty: leave the property out instead");
            return;
        }
        for (Map.Entry<String, JsonNode> entry : extensions.properties()) {
            String name = entry.getKey();
            JsonNode body = entry.getValue();
            Path at = path.property(name);
            if (name.startsWith("extension-definition--")) {
                String problem = StixIds.idProblem(name);
                if (problem != null) {
                    check.error(at, problem);
                    continue;
                }
                checkDefinedExtension(body, at, check);
                continue;
            }
            ObjectSpec predefined = spec.extensions.get(name);
            if (predefined != null) {
                predefined.check(body, at, check);
            } else if (name.endsWith("-ext")) {
                if (!body.isObject() || body.isEmpty()) {
                    check.error(at, "must be a non-empty object");
                } else {
                    check.warn(
                            at,
                            "'"
                                    + name
                                    + "' is not a predefined extension of "
                                    + spec.type
                                    + "; custom extensions should be defined by an"
                                    + " extension-definition");
                }
            } else {
                check.error(
                        at,
                        "extension names must be an extension-definition id or a predefined"
                                + " extension ending in '-ext'");
            }
        }
    }

    private static void checkDefinedExtension(JsonNode body, Path at, Check check) {
        if (!body.isObject()) {
            check.error(at, "must be an object, not " + Props.describe(body));
            return;
        }
        JsonNode kind = body.get("extension_type");
        if (kind != null) {
            if (!kind.isString() || !EXTENSION_TYPES.contains(kind.stringValue())) {
                check.error(
                        at.property("extension_type"),
                        "must be one of "
                                + String.join(", ", EXTENSION_TYPES.stream().sorted().toList()));
            }
        } else if (body.isEmpty()) {
            check.error(at, "must not be empty");
        }
    }

    /** True when the object declares a top-level property extension, so custom names are fine. */
    static boolean hasToplevelPropertyExtension(JsonNode object) {
        JsonNode extensions = object.get("extensions");
        if (extensions == null || !extensions.isObject()) {
            return false;
        }
        for (JsonNode body : extensions.values()) {
            JsonNode kind = body.get("extension_type");
            if (kind != null
                    && kind.isString()
                    && kind.stringValue().equals("toplevel-property-extension")) {
                return true;
            }
        }
        return false;
    }
}
