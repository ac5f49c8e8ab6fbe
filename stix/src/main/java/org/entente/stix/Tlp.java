package org.entente.stix;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * FIRST Traffic Light Protocol levels, read from STIX marking references by meaning. Both the TLP
 * 2.0 marking definitions (OASIS extension {@code extension-definition--60a3c5c5-...}) and the TLP
 * 1.0 ones built into STIX 2.1 are understood; TLP:WHITE reads as CLEAR. Other marking definitions
 * are read by their content ({@link MarkingMeaning}), found through a {@link MarkingLookup}.
 *
 * <p>The declaration order is from least to most restrictive. That order only answers "which of two
 * markings on one object wins"; whether an object may go to a recipient is a policy question
 * answered by meaning, not by comparing positions.
 */
public enum Tlp {
    CLEAR("TLP:CLEAR", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"),
    GREEN("TLP:GREEN", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"),
    AMBER("TLP:AMBER", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"),
    AMBER_STRICT("TLP:AMBER+STRICT", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"),
    RED("TLP:RED", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");

    /** The OASIS extension that defines the TLP 2.0 marking definitions. */
    public static final String TLP2_EXTENSION =
            "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    private static final Map<String, Tlp> BY_MARKING_ID =
            Map.of(
                    CLEAR.markingId,
                    CLEAR,
                    GREEN.markingId,
                    GREEN,
                    AMBER.markingId,
                    AMBER,
                    AMBER_STRICT.markingId,
                    AMBER_STRICT,
                    RED.markingId,
                    RED,
                    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
                    CLEAR,
                    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
                    GREEN,
                    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
                    AMBER,
                    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
                    RED);

    private final String label;
    private final String markingId;

    Tlp(String label, String markingId) {
        this.label = label;
        this.markingId = markingId;
    }

    /** The label as FIRST writes it, e.g. {@code TLP:AMBER+STRICT}. */
    public String label() {
        return label;
    }

    /** The id of the TLP 2.0 marking definition for this level. */
    public String markingId() {
        return markingId;
    }

    /**
     * The level one of the ten standard marking definition ids stands for (TLP 1.0 or 2.0),
     * compared exactly: identifiers are lower case, and another spelling is another id.
     */
    public static Optional<Tlp> ofMarkingId(String markingDefinitionId) {
        return Optional.ofNullable(BY_MARKING_ID.get(markingDefinitionId));
    }

    /**
     * The most restrictive TLP an object carries over {@code object_marking_refs} and the {@code
     * marking_ref} of its granular markings, read by meaning; empty when it carries no TLP marking
     * at all (the caller then applies its default). Granular markings count because the node shares
     * whole objects: a RED description makes the object RED.
     *
     * <p>The ten standard ids always mean their standard level. Any other id is resolved through
     * {@code lookup}; one the lookup does not know, one whose meaning is unknown, and a reference
     * that is not even a string all count as RED, since a marking nobody can read must not let
     * anything out. A statement marking leaves the TLP alone.
     */
    public static Optional<Tlp> of(JsonNode object, MarkingLookup lookup) {
        Tlp most = null;
        JsonNode refs = object.get("object_marking_refs");
        if (refs != null) {
            if (!refs.isArray()) {
                return Optional.of(RED);
            }
            for (JsonNode ref : refs) {
                most = stricter(most, levelOf(ref, lookup));
            }
        }
        JsonNode granular = object.get("granular_markings");
        if (granular != null) {
            if (!granular.isArray()) {
                return Optional.of(RED);
            }
            for (JsonNode marking : granular) {
                if (!marking.isObject()) {
                    return Optional.of(RED);
                }
                JsonNode ref = marking.get("marking_ref");
                if (ref != null) {
                    most = stricter(most, levelOf(ref, lookup));
                }
            }
        }
        return Optional.ofNullable(most);
    }

    /**
     * {@link #of(JsonNode, MarkingLookup)} for a caller that knows no marking definitions: only the
     * ten standard ids are understood, and every other marking counts as RED.
     */
    public static Optional<Tlp> of(JsonNode object) {
        return of(object, MarkingLookup.NONE);
    }

    /** Reads {@code clear}, {@code TLP:AMBER+STRICT}, {@code amber_strict}, {@code white}... */
    public static Tlp parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("TLP:")) {
            t = t.substring(4);
        }
        switch (t.replace('_', '+').replace('-', '+')) {
            case "CLEAR", "WHITE":
                return CLEAR;
            case "GREEN":
                return GREEN;
            case "AMBER":
                return AMBER;
            case "AMBER+STRICT":
                return AMBER_STRICT;
            case "RED":
                return RED;
            default:
                throw new IllegalArgumentException(
                        "'"
                                + text
                                + "' is not a TLP level: use clear, green, amber, amber+strict"
                                + " or red");
        }
    }

    /** What one reference imposes: a level, nothing (a statement), or RED when unreadable. */
    private static Tlp levelOf(JsonNode ref, MarkingLookup lookup) {
        if (!ref.isString()) {
            return RED;
        }
        String id = ref.stringValue();
        Tlp standard = BY_MARKING_ID.get(id);
        if (standard != null) {
            return standard;
        }
        return lookup.meaningOf(id)
                .map(MarkingMeaning::restriction)
                .orElse(Optional.of(RED))
                .orElse(null);
    }

    private static Tlp stricter(Tlp current, Tlp found) {
        if (found == null) {
            return current;
        }
        return current == null || found.ordinal() > current.ordinal() ? found : current;
    }
}
