package org.entente.stix;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Resolves the id of a marking definition that is not one of the ten standard TLP ids to what that
 * definition means. A node supplies the definitions it knows: those in the same envelope, those in
 * its store. An id a lookup does not know counts as RED (see {@link Tlp#of(JsonNode,
 * MarkingLookup)}).
 */
@FunctionalInterface
public interface MarkingLookup {

    /** The meaning of the marking definition with exactly this id, or empty when not known. */
    Optional<MarkingMeaning> meaningOf(String markingDefinitionId);

    /** Knows no marking definition: every non-standard marking then counts as RED. */
    MarkingLookup NONE = id -> Optional.empty();

    /**
     * Both lookups together: an id either one knows is known; where both know it and disagree, it
     * is unknown ({@link MarkingMeaning#agreed}).
     */
    default MarkingLookup and(MarkingLookup other) {
        return id -> {
            Optional<MarkingMeaning> mine = meaningOf(id);
            Optional<MarkingMeaning> theirs = other.meaningOf(id);
            if (mine.isEmpty()) {
                return theirs;
            }
            if (theirs.isEmpty()) {
                return mine;
            }
            return Optional.of(MarkingMeaning.agreed(mine.get(), theirs.get()));
        };
    }

    /**
     * A lookup over marking-definition objects, such as those of one envelope, each read by
     * meaning. Other objects, and definitions without a string id, are skipped; two definitions
     * under one id that disagree are unknown.
     */
    static MarkingLookup of(Iterable<? extends JsonNode> definitions) {
        Map<String, MarkingMeaning> byId = new HashMap<>();
        for (JsonNode definition : definitions) {
            if (definition == null
                    || !"marking-definition".equals(JsonText.string(definition, "type"))) {
                continue;
            }
            String id = JsonText.string(definition, "id");
            if (id != null) {
                byId.merge(id, MarkingMeaning.of(definition), MarkingMeaning::agreed);
            }
        }
        Map<String, MarkingMeaning> known = Map.copyOf(byId);
        return id -> Optional.ofNullable(known.get(id));
    }
}
