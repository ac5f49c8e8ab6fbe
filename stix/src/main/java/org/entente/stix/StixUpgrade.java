package org.entente.stix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns STIX 2.0 objects into STIX 2.1, for feeds that still publish 2.0. The changes are the ones
 * the two specifications make necessary, each listed so that an import can record what it did:
 *
 * <ul>
 *   <li>{@code spec_version} becomes {@code 2.1} (2.0 put it on the bundle only);
 *   <li>{@code created} and {@code modified} are written to the millisecond (the same instant);
 *   <li>the {@code labels} of indicators, malware, threat actors, tools and reports move to {@code
 *       indicator_types}, {@code malware_types}, {@code threat_actor_types}, {@code tool_types} and
 *       {@code report_types}: in 2.0 these labels were required and defined as the object's types
 *       (open vocabularies whose 2.1 successors contain every 2.0 value), so all of them move;
 *       other objects keep their labels, which mean in 2.1 what they meant in 2.0;
 *   <li>indicators get {@code pattern_type: stix} (2.0 had no other pattern language) and {@code
 *       pattern_version: 2.0}, the patterning their pattern was written in;
 *   <li>malware gets {@code is_family: true}: 2.0 malware always had a name and no way to point at
 *       a sample (no {@code sample_refs}), so it described malware by its family name, as MITRE's
 *       own 2.1 release of ATT&CK reads its 2.0 malware;
 *   <li>the standard TLP 1.0 marking definitions get the {@code name} 2.1 gives them.
 * </ul>
 *
 * Nothing else is touched: ids, references, custom properties and the deprecated observed-data
 * {@code objects} stay as they are. The input is never modified.
 */
public final class StixUpgrade {
    private StixUpgrade() {}

    /**
     * A STIX 2.1 object made from a STIX 2.0 one, and one sentence per change ({@code
     * "spec_version: set to 2.1"}), in the order of the properties.
     */
    public record Upgraded(ObjectNode object, List<String> changes) {
        public Upgraded {
            Objects.requireNonNull(object, "object");
            changes = List.copyOf(changes);
        }
    }

    /** The 2.0 types whose labels were their types, with the 2.1 property that now holds them. */
    private static final Map<String, String> TYPES_PROPERTY =
            Map.of(
                    "indicator", "indicator_types",
                    "malware", "malware_types",
                    "threat-actor", "threat_actor_types",
                    "tool", "tool_types",
                    "report", "report_types");

    private static final Map<String, String> TLP1_NAMES =
            Map.of(
                    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "TLP:WHITE",
                    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "TLP:GREEN",
                    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "TLP:AMBER",
                    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "TLP:RED");

    /**
     * True when {@code object} is STIX 2.0: its {@code spec_version} is {@code 2.0}, or it has none
     * and is not a cyber-observable (which STIX 2.1 lets leave it out, and which STIX 2.0 only had
     * inside observed data).
     */
    public static boolean looksLikeStix20(JsonNode object) {
        if (object == null || !object.isObject()) {
            return false;
        }
        JsonNode specVersion = object.get("spec_version");
        if (specVersion != null) {
            return specVersion.isString() && specVersion.stringValue().equals("2.0");
        }
        String type = JsonText.string(object, "type");
        if (type == null || type.equals("bundle") || StixIds.typeProblem(type) != null) {
            return false;
        }
        TypeSpec spec = TypeCatalog.get(type);
        TypeSpec.Kind kind = spec != null ? spec.kind : TypeCatalog.custom(type, object).kind;
        return kind != TypeSpec.Kind.SCO;
    }

    /**
     * True when a bundle's own properties (such as {@link ObjectStream#container()}) say {@code
     * spec_version: 2.0}, which STIX 2.0 bundles carry and STIX 2.1 bundles do not.
     */
    public static boolean isStix20Bundle(JsonNode container) {
        return container != null
                && "bundle".equals(JsonText.string(container, "type"))
                && "2.0".equals(JsonText.string(container, "spec_version"));
    }

    /**
     * The STIX 2.1 form of a STIX 2.0 object (see the class comment for what changes).
     *
     * @throws IllegalArgumentException when {@code object} is not a JSON object with a type, or
     *     already names a {@code spec_version} other than 2.0
     */
    public static Upgraded fromStix20(JsonNode object) {
        if (object == null || !object.isObject() || JsonText.string(object, "type") == null) {
            throw new IllegalArgumentException(
                    "not a STIX object: it needs to be a JSON object with a type");
        }
        JsonNode specVersion = object.get("spec_version");
        if (specVersion != null
                && !(specVersion.isString() && specVersion.stringValue().equals("2.0"))) {
            throw new IllegalArgumentException(
                    "not a STIX 2.0 object: spec_version is "
                            + specVersion
                            + (specVersion.isString() && specVersion.stringValue().equals("2.1")
                                    ? ", it is already STIX 2.1"
                                    : ""));
        }
        String type = JsonText.string(object, "type");
        String typesProperty = TYPES_PROPERTY.get(type);
        List<String> changes = new ArrayList<>();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            String name = property.getKey();
            JsonNode value = property.getValue();
            switch (name) {
                case "spec_version" -> {} // written after type
                case "created", "modified" -> out.set(name, millis(name, value, changes));
                case "labels" -> {
                    if (typesProperty != null && !object.has(typesProperty) && value.isArray()) {
                        out.set(typesProperty, value.deepCopy());
                        changes.add(
                                "labels: moved to "
                                        + typesProperty
                                        + " ("
                                        + join((ArrayNode) value)
                                        + "), as STIX 2.0 labels of "
                                        + article(type)
                                        + " name its types");
                    } else {
                        out.set(name, value.deepCopy());
                    }
                }
                default -> out.set(name, value.deepCopy());
            }
            if (name.equals("type")) {
                out.put("spec_version", "2.1");
                changes.add(
                        specVersion == null
                                ? "spec_version: set to 2.1"
                                : "spec_version: 2.0 set to 2.1");
            }
            if (name.equals("pattern") && type.equals("indicator")) {
                patternLanguage(object, out, changes);
            }
            if (name.equals("name") && type.equals("malware")) {
                family(object, out, changes);
            }
        }
        if (type.equals("indicator")) {
            patternLanguage(object, out, changes); // when there was no pattern to put it beside
        }
        if (type.equals("malware")) {
            family(object, out, changes);
        }
        String id = JsonText.string(object, "id");
        // NB: found by fuzzing: Map.of refuses to look up null, and an id may be missing
        String tlpName = id == null ? null : TLP1_NAMES.get(id);
        if (type.equals("marking-definition") && tlpName != null && !object.has("name")) {
            out.put("name", tlpName);
            changes.add("name: set to " + tlpName + ", as STIX 2.1 names the TLP 1.0 markings");
        }
        return new Upgraded(out, changes);
    }

    private static void patternLanguage(JsonNode object, ObjectNode out, List<String> changes) {
        if (!object.has("pattern_type") && !out.has("pattern_type")) {
            out.put("pattern_type", "stix");
            changes.add("pattern_type: set to stix, the only pattern language of STIX 2.0");
        }
        if (!object.has("pattern_version") && !out.has("pattern_version")) {
            out.put("pattern_version", "2.0");
            changes.add("pattern_version: set to 2.0, the patterning the pattern was written in");
        }
    }

    private static void family(JsonNode object, ObjectNode out, List<String> changes) {
        if (!object.has("is_family") && !out.has("is_family")) {
            out.put("is_family", true);
            changes.add(
                    "is_family: set to true, as STIX 2.0 malware was named and could not point at"
                            + " a sample");
        }
    }

    /** A created or modified timestamp with fewer than three fraction digits, padded with zeros. */
    private static JsonNode millis(String name, JsonNode value, List<String> changes) {
        if (!value.isString() || !Timestamps.isValid(value.stringValue())) {
            return value.deepCopy(); // the validator says what is wrong with it
        }
        String text = value.stringValue();
        int digits = Timestamps.fractionDigits(text);
        if (digits >= 3) {
            return value.deepCopy();
        }
        StringBuilder padded = new StringBuilder(text.length() + 4).append(text, 0, 19).append('.');
        padded.append(text, 20, 20 + digits);
        for (int k = digits; k < 3; k++) {
            padded.append('0');
        }
        String result = padded.append('Z').toString();
        changes.add(name + ": " + text + " written to the millisecond, " + result);
        return JsonNodeFactory.instance.stringNode(result);
    }

    private static String join(ArrayNode values) {
        List<String> texts = new ArrayList<>();
        values.forEach(v -> texts.add(v.isString() ? v.stringValue() : v.toString()));
        return String.join(", ", texts);
    }

    private static String article(String type) {
        return (type.startsWith("i") ? "an " : "a ") + type.replace('-', ' ');
    }
}
