package org.entente.stix;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code extensions} property (STIX 2.1 sections 3.2, 7.3 and 11.3): keys are either
 * extension-definition ids, whose bodies follow the definition's own schema and name their {@code
 * extension_type}, or predefined extensions of a cyber-observable type such as {@code ntfs-ext}, or
 * (deprecated) custom extensions of cyber-observables named {@code *-ext}.
 */
final class Extensions {
    private Extensions() {}

    static final String PREFIX = "extension-definition--";

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
            if (body.isNull()) {
                check.error(at, "must not be null");
                continue;
            }
            if (name.startsWith(PREFIX)) {
                String problem = StixIds.idProblem(name);
                if (problem != null) {
                    check.error(at, problem);
                    continue;
                }
                checkDefinedExtension(spec, body, at, check);
                continue;
            }
            ObjectSpec predefined = spec.extensions.get(name);
            if (predefined != null) {
                predefined.check(body, at, check);
                continue;
            }
            String nameProblem = customExtensionNameProblem(name);
            if (nameProblem != null) {
                check.error(at, nameProblem);
            } else if (spec.kind != TypeSpec.Kind.SCO) {
                check.error(
                        at,
                        "custom extensions named *-ext exist only for cyber-observables;"
                                + " extend a "
                                + spec.kind.label
                                + " with an extension-definition");
            } else if (!body.isObject() || body.isEmpty()) {
                check.error(at, "must be a non-empty object");
            } else {
                checkPropertyNames(body, at, check, null);
                check.warn(
                        at,
                        "'"
                                + name
                                + "' is not a predefined extension of "
                                + spec.type
                                + "; custom extensions are deprecated, define them with an"
                                + " extension-definition");
            }
        }
    }

    private static void checkDefinedExtension(TypeSpec spec, JsonNode body, Path at, Check check) {
        if (!body.isObject()) {
            check.error(at, "must be an object, not " + Props.describe(body));
            return;
        }
        JsonNode kind = body.get("extension_type");
        if (kind == null) {
            check.error(
                    at.property("extension_type"),
                    "is required for an extension defined by an extension-definition");
            return;
        }
        Vocab.EXTENSION_TYPE.check(kind, at.property("extension_type"), check);
        if (!kind.isString()) {
            return;
        }
        String type = kind.stringValue();
        if (type.startsWith("new-") && TypeCatalog.get(spec.type) != null) {
            check.error(
                    at.property("extension_type"),
                    "an extension must not redefine '"
                            + spec.type
                            + "', which STIX 2.1 already defines");
        }
        checkPropertyNames(body, at, check, "extension_type");
    }

    /** Extension property names follow the custom property rules (section 7.3.2.1). */
    private static void checkPropertyNames(JsonNode body, Path at, Check check, String skip) {
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            String key = property.getKey();
            if (key.equals(skip)) {
                continue;
            }
            String problem = Props.customPropertyNameProblem(key);
            if (problem != null) {
                check.error(at.property(key), problem);
            } else if (ObjectSpec.noNullsOrEmptyLists(property.getValue(), at.property(key), check)
                    && (key.endsWith("_ref") || key.endsWith("_refs"))) {
                Props.customReference(key, property.getValue(), at.property(key), check);
            }
        }
    }

    /** Section 11.3.1: lower-case ASCII letters, digits and hyphens, 3 to 250, ending -ext. */
    static String customExtensionNameProblem(String name) {
        if (!name.endsWith("-ext")) {
            return "extension names must be an extension-definition id or a predefined"
                    + " extension ending in '-ext'";
        }
        if (name.length() > 250) {
            return "extension names must not be longer than 250 characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return "extension name '"
                        + name
                        + "' may only contain lower-case letters, digits and hyphens";
            }
        }
        return null;
    }

    /** True when the object declares a top-level property extension, so custom names are fine. */
    static boolean hasToplevelPropertyExtension(JsonNode object) {
        return declares(object, "toplevel-property-extension");
    }

    /** True when one of the object's extensions has the given {@code extension_type}. */
    static boolean declares(JsonNode object, String extensionType) {
        JsonNode extensions = object.get("extensions");
        if (extensions == null || !extensions.isObject()) {
            return false;
        }
        for (JsonNode body : extensions.values()) {
            JsonNode kind = body.get("extension_type");
            if (kind != null && kind.isString() && kind.stringValue().equals(extensionType)) {
                return true;
            }
        }
        return false;
    }
}
