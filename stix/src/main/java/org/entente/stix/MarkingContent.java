package org.entente.stix;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads what a marking definition says about TLP; see {@link MarkingMeaning#of}. */
final class MarkingContent {
    private MarkingContent() {}

    /** TLP 1.0 levels as section 7.2.1.4 spells them in {@code definition.tlp}. */
    private static final Map<String, Tlp> TLP1_LEVELS =
            Map.of("white", Tlp.CLEAR, "green", Tlp.GREEN, "amber", Tlp.AMBER, "red", Tlp.RED);

    /** TLP 2.0 levels as the OASIS extension spells them in {@code tlp_2_0}. */
    private static final Map<String, Tlp> TLP2_LEVELS =
            Map.of(
                    "clear", Tlp.CLEAR,
                    "green", Tlp.GREEN,
                    "amber", Tlp.AMBER,
                    "amber+strict", Tlp.AMBER_STRICT,
                    "red", Tlp.RED);

    static MarkingMeaning read(JsonNode definition) {
        if (definition == null || !definition.isObject()) {
            return unknown("it is not a JSON object");
        }
        String type = JsonText.string(definition, "type");
        if (!"marking-definition".equals(type)) {
            return unknown("it is not a marking definition (type " + type + ")");
        }
        String id = JsonText.string(definition, "id");
        Tlp standard = id == null ? null : Tlp.ofMarkingId(id).orElse(null);
        if (standard == null && id != null && looksStandard(id)) {
            // NB: ids are compared exactly, so an upper-case spelling of a standard id is another
            // id; one that comes with content of its own is taken as an attempt to pass for it.
            return unknown(id + " spells a standard TLP id in another case");
        }

        Tlp tlp1 = null;
        boolean statement = false;
        JsonNode definitionType = definition.get("definition_type");
        JsonNode body = definition.get("definition");
        if (definitionType != null) {
            if (!definitionType.isString()) {
                return unknown("definition_type is not a string");
            }
            switch (definitionType.stringValue()) {
                case "tlp" -> {
                    String level = body == null ? null : JsonText.string(body, "tlp");
                    tlp1 = level == null ? null : TLP1_LEVELS.get(level);
                    if (tlp1 == null) {
                        return unknown(
                                "definition_type tlp without a TLP 1.0 level (white, green, amber,"
                                        + " red) in definition.tlp");
                    }
                }
                case "statement" -> {
                    if (body == null || JsonText.string(body, "statement") == null) {
                        return unknown("definition_type statement without definition.statement");
                    }
                    statement = true;
                }
                default -> {
                    return unknown(
                            "definition_type '"
                                    + definitionType.stringValue()
                                    + "' is not a marking type this node understands (tlp,"
                                    + " statement)");
                }
            }
        } else if (body != null) {
            return unknown("a definition without a definition_type");
        }

        Tlp tlp2 = null;
        List<String> others = new ArrayList<>();
        JsonNode extensions = definition.get("extensions");
        if (extensions != null) {
            if (!extensions.isObject()) {
                return unknown("extensions is not a dictionary");
            }
            for (Map.Entry<String, JsonNode> extension : extensions.properties()) {
                if (!extension.getKey().equals(Tlp.TLP2_EXTENSION)) {
                    others.add(extension.getKey());
                    continue;
                }
                JsonNode level = extension.getValue().get("tlp_2_0");
                tlp2 =
                        level != null && level.isString()
                                ? TLP2_LEVELS.get(level.stringValue())
                                : null;
                if (tlp2 == null) {
                    return unknown(
                            "the TLP 2.0 extension without a TLP 2.0 level (clear, green, amber,"
                                    + " amber+strict, red) in tlp_2_0");
                }
            }
        }

        if (tlp1 != null && tlp2 != null && tlp1 != tlp2) {
            return unknown(
                    "its TLP 1.0 content says "
                            + tlp1.label()
                            + " and its TLP 2.0 content says "
                            + tlp2.label());
        }
        Tlp content = tlp1 != null ? tlp1 : tlp2;
        if (standard != null) {
            if (content != null && content != standard) {
                return unknown(
                        id
                                + " is the standard "
                                + standard.label()
                                + " marking, but its content says "
                                + content.label());
            }
            if (statement) {
                return unknown(
                        id + " is the standard " + standard.label() + " marking, not a statement");
            }
            return new MarkingMeaning.Level(standard);
        }
        if (content != null) {
            // NB: extensions beside a TLP level (say, a PAP marking) do not change the TLP
            return new MarkingMeaning.Level(content);
        }
        if (!others.isEmpty()) {
            return unknown(
                    (statement ? "a statement with " : "only ")
                            + "extensions this node does not understand: "
                            + String.join(", ", others));
        }
        if (statement) {
            return new MarkingMeaning.NotTlp("statement");
        }
        return unknown("neither definition_type, definition nor an extension says what it means");
    }

    private static boolean looksStandard(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        return !lower.equals(id) && Tlp.ofMarkingId(lower).isPresent();
    }

    private static MarkingMeaning unknown(String reason) {
        return new MarkingMeaning.Unknown(reason);
    }
}
