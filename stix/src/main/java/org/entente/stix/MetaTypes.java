package org.entente.stix;

import static org.entente.stix.Props.BOOLEAN;
import static org.entente.stix.Props.STRING;
import static org.entente.stix.Props.STRING_LIST;
import static org.entente.stix.Props.TIMESTAMP;
import static org.entente.stix.Props.TIMESTAMP_MILLIS;
import static org.entente.stix.Props.enumOf;
import static org.entente.stix.Props.integer;
import static org.entente.stix.Props.list;
import static org.entente.stix.Props.ref;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The meta objects of STIX 2.1 section 7: marking definitions, language content, extensions. */
final class MetaTypes {
    private MetaTypes() {}

    /** The TLP 1.0 marking definitions of section 7.2.1.4, by level: the only ones allowed. */
    private static final Map<String, String> TLP1_IDS =
            Map.of(
                    "white", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
                    "green", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
                    "amber", "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
                    "red", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");

    private static final String TLP1_CREATED = "2017-01-20T00:00:00.000Z";

    private static final Set<String> TLP1_PROPERTIES =
            Set.of(
                    "type",
                    "spec_version",
                    "id",
                    "created",
                    "definition_type",
                    "name",
                    "definition");

    /** The TLP 2.0 levels of the OASIS extension, with their marking definition ids. */
    private static final Map<String, String> TLP2_IDS =
            Map.of(
                    "clear", Tlp.CLEAR.markingId(),
                    "green", Tlp.GREEN.markingId(),
                    "amber", Tlp.AMBER.markingId(),
                    "amber+strict", Tlp.AMBER_STRICT.markingId(),
                    "red", Tlp.RED.markingId());

    private static final ObjectSpec STATEMENT =
            ObjectSpec.builder("statement marking").req("statement", STRING).build();

    private static final ObjectSpec TLP1 =
            ObjectSpec.builder("TLP marking")
                    .req("tlp", enumOf("white", "green", "amber", "red"))
                    .unknown(ObjectSpec.Unknown.ERROR)
                    .build();

    private static final String DEFINITION_DEPRECATED =
            "is deprecated (section 7.2.1): new marking definitions should use an extension"
                    + " definition instead";

    static void register(Map<String, TypeSpec> types) {
        TypeCatalog.add(
                types,
                TypeSpec.Kind.META,
                ObjectSpec.builder("marking-definition")
                        .req("type", STRING)
                        .req("spec_version", enumOf("2.1"))
                        .req("id", STRING)
                        .req("created", Props.TIMESTAMP_MILLIS_WARN)
                        .opt("created_by_ref", ref("identity"))
                        .opt("external_references", Common.EXTERNAL_REFERENCES)
                        .opt("object_marking_refs", Common.MARKING_REFS)
                        .opt("granular_markings", Common.GRANULAR_MARKINGS)
                        .opt("extensions", Props.ANY)
                        .opt("name", STRING)
                        .opt("definition_type", STRING)
                        .opt("definition", Props.ANY) // judged with definition_type below
                        .notApplicable(
                                "modified", "revoked", "labels", "confidence", "lang", "defanged")
                        .rule(MetaTypes::markingDefinition)
                        .build());
        TypeCatalog.add(
                types,
                TypeSpec.Kind.META,
                ObjectSpec.builder("language-content")
                        .req("type", STRING)
                        .req("spec_version", enumOf("2.1"))
                        .req("id", STRING)
                        .req("created", TIMESTAMP_MILLIS)
                        .req("modified", TIMESTAMP_MILLIS)
                        .opt("created_by_ref", ref("identity"))
                        .opt("revoked", BOOLEAN)
                        .opt("labels", STRING_LIST)
                        .opt("confidence", integer(0, 100))
                        .opt("external_references", Common.EXTERNAL_REFERENCES)
                        .opt("object_marking_refs", Common.MARKING_REFS)
                        .opt("granular_markings", Common.GRANULAR_MARKINGS)
                        .opt("extensions", Props.ANY)
                        .req("object_ref", Props.REF_ANY)
                        .opt("object_modified", TIMESTAMP)
                        .req("contents", MetaTypes::contents)
                        .notApplicable("lang", "defanged")
                        .build());
        TypeCatalog.add(
                types,
                TypeSpec.Kind.META,
                ObjectSpec.builder("extension-definition")
                        .req("type", STRING)
                        .req("spec_version", enumOf("2.1"))
                        .req("id", STRING)
                        .req("created", TIMESTAMP_MILLIS)
                        .req("modified", TIMESTAMP_MILLIS)
                        .req("created_by_ref", ref("identity"))
                        .opt("revoked", BOOLEAN)
                        .opt("labels", STRING_LIST)
                        .opt("external_references", Common.EXTERNAL_REFERENCES)
                        .opt("object_marking_refs", Common.MARKING_REFS)
                        .opt("granular_markings", Common.GRANULAR_MARKINGS)
                        .req("name", STRING)
                        .opt("description", STRING)
                        .req("schema", STRING)
                        .req("version", STRING)
                        .req("extension_types", list(Vocab.EXTENSION_TYPE))
                        .opt("extension_properties", STRING_LIST)
                        .notApplicable("confidence", "lang", "defanged", "extensions")
                        .rule(MetaTypes::extensionProperties)
                        .build());
    }

    /**
     * Section 7.2.1: without extensions, definition_type and definition say what the marking is;
     * TLP 1.0 markings must be the four the specification defines; TLP 2.0 markings (OASIS
     * extension) must name a TLP 2.0 level, and the standard ids must carry their own level.
     */
    private static void markingDefinition(JsonNode value, Path path, Check check) {
        JsonNode extensions = value.get("extensions");
        boolean hasExtensions =
                extensions != null && extensions.isObject() && !extensions.isEmpty();
        String definitionType = JsonText.string(value, "definition_type");
        JsonNode definition = value.get("definition");
        if (!hasExtensions) {
            if (!value.has("definition_type")) {
                check.error(
                        path.property("definition_type"),
                        "is required when there are no extensions");
            }
            if (definition == null) {
                check.error(
                        path.property("definition"), "is required when there are no extensions");
            }
        }
        if (definitionType != null && definition != null && !definition.isNull()) {
            Path at = path.property("definition");
            switch (definitionType) {
                case "tlp" -> tlp1(value, definition, path, check);
                case "statement" -> {
                    STATEMENT.check(definition, at, check);
                    check.warn(path.property("definition_type"), DEFINITION_DEPRECATED);
                }
                default -> {
                    if (!definition.isObject()) {
                        check.error(at, "must be an object, not " + Props.describe(definition));
                    }
                    check.warn(
                            path.property("definition_type"),
                            "'"
                                    + definitionType
                                    + "' is not a marking type STIX defines (statement, tlp);"
                                    + " definition_type "
                                    + DEFINITION_DEPRECATED);
                }
            }
        }
        if (hasExtensions) {
            JsonNode tlp2 = extensions.get(Tlp.TLP2_EXTENSION);
            if (tlp2 != null && tlp2.isObject()) {
                tlp2(value, tlp2, path.property("extensions").property(Tlp.TLP2_EXTENSION), check);
            }
        }
        String id = JsonText.string(value, "id");
        standardIdsKeepTheirMeaning(value, id, definitionType, hasExtensions, path, check);
        if (MarkingMeaning.of(value) instanceof MarkingMeaning.Unknown unknown) {
            check.warn(
                    path,
                    "what this marking means for TLP cannot be established ("
                            + unknown.reason()
                            + "): objects it marks are treated as TLP:RED");
        }
        JsonNode markedBy = value.get("object_marking_refs");
        if (id != null && markedBy != null && markedBy.isArray()) {
            for (int i = 0; i < markedBy.size(); i++) {
                if (id.equals(markedBy.get(i).asString(""))) {
                    check.error(
                            path.property("object_marking_refs").index(i),
                            "a marking definition must not mark itself");
                }
            }
        }
    }

    /**
     * The ids of the standard TLP markings stand for those markings only: a marking definition
     * under a TLP 1.0 id must be that TLP 1.0 definition, and one under a TLP 2.0 id must carry the
     * TLP 2.0 extension.
     */
    private static void standardIdsKeepTheirMeaning(
            JsonNode value,
            String id,
            String definitionType,
            boolean hasExtensions,
            Path path,
            Check check) {
        if (id == null) {
            return;
        }
        if (TLP1_IDS.containsValue(id) && !"tlp".equals(definitionType)) {
            check.error(
                    path.property("definition_type"),
                    "must be tlp: "
                            + id
                            + " is one of the standard TLP 1.0 marking definitions (section"
                            + " 7.2.1.4)");
        }
        if (TLP2_IDS.containsValue(id)
                && !(hasExtensions && value.get("extensions").has(Tlp.TLP2_EXTENSION))) {
            check.error(
                    path.property("extensions"),
                    "must carry the TLP 2.0 extension "
                            + Tlp.TLP2_EXTENSION
                            + ": "
                            + id
                            + " is one of the standard TLP 2.0 marking definitions");
        }
    }

    private static void tlp1(JsonNode value, JsonNode definition, Path path, Check check) {
        TLP1.check(definition, path.property("definition"), check);
        String level = JsonText.string(definition, "tlp");
        String expectedId = level == null ? null : TLP1_IDS.get(level);
        if (expectedId == null) {
            return;
        }
        String id = JsonText.string(value, "id");
        if (id != null && !id.equals(expectedId)) {
            check.error(
                    path.property("id"),
                    "TLP:"
                            + level.toUpperCase(java.util.Locale.ROOT)
                            + " must be the marking definition the specification defines, "
                            + expectedId
                            + "; no other TLP marking definitions may be created");
            return;
        }
        String name = "TLP:" + level.toUpperCase(java.util.Locale.ROOT);
        if (!name.equals(JsonText.string(value, "name"))) {
            check.error(
                    path.property("name"),
                    "must be '" + name + "' in the standard " + name + " marking definition");
        }
        if (!TLP1_CREATED.equals(JsonText.string(value, "created"))) {
            check.error(
                    path.property("created"),
                    "must be " + TLP1_CREATED + " in the standard " + name + " marking definition");
        }
        for (String property : value.propertyNames()) {
            if (!TLP1_PROPERTIES.contains(property)) {
                check.error(
                        path.property(property),
                        "must not be added to the standard " + name + " marking definition");
            }
        }
    }

    private static void tlp2(JsonNode value, JsonNode body, Path at, Check check) {
        JsonNode level = body.get("tlp_2_0");
        if (level == null) {
            check.error(at.property("tlp_2_0"), "is required by the TLP 2.0 extension");
            return;
        }
        String expectedId = level.isString() ? TLP2_IDS.get(level.stringValue()) : null;
        if (expectedId == null) {
            check.error(
                    at.property("tlp_2_0"),
                    "must be one of clear, green, amber, amber+strict or red");
            return;
        }
        String id = JsonText.string(value, "id");
        if (id == null) {
            return;
        }
        if (TLP2_IDS.containsValue(id) && !id.equals(expectedId)) {
            check.error(
                    at.property("tlp_2_0"),
                    "'"
                            + level.stringValue()
                            + "' contradicts the standard TLP 2.0 marking definition "
                            + id);
        } else if (!id.equals(expectedId)) {
            check.warn(
                    Path.ROOT.property("id"),
                    "TLP 2.0 markings should reference the standard marking definition "
                            + expectedId
                            + " instead of defining their own");
        }
    }

    /** Section 7.1.1: language codes to objects that mirror the translated properties. */
    private static void contents(JsonNode value, Path path, Check check) {
        if (!value.isObject()) {
            check.error(path, "must be a dictionary of languages, not " + Props.describe(value));
            return;
        }
        if (value.isEmpty()) {
            check.error(path, "must not be an empty dictionary");
            return;
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            Path at = path.property(entry.getKey());
            if (!Props.isLanguageTag(entry.getKey())) {
                check.error(at, "'" + entry.getKey() + "' is not an RFC 5646 language code");
            }
            JsonNode translation = entry.getValue();
            if (!translation.isObject() || translation.isEmpty()) {
                check.error(
                        at,
                        "must be a non-empty object mirroring the translated properties, not "
                                + Props.describe(translation));
            }
        }
    }

    /** Section 7.3.1: extension_properties only with toplevel-property-extension. */
    private static void extensionProperties(JsonNode value, Path path, Check check) {
        if (!value.has("extension_properties")) {
            return;
        }
        JsonNode kinds = value.get("extension_types");
        if (kinds != null && kinds.isArray()) {
            for (JsonNode kind : kinds) {
                if (kind.isString() && kind.stringValue().equals("toplevel-property-extension")) {
                    return;
                }
            }
        }
        check.error(
                path.property("extension_properties"),
                "may only be used when extension_types includes toplevel-property-extension");
    }
}
