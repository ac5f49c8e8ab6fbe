package org.entente.pattern;

import tools.jackson.databind.JsonNode;

/**
 * Finds a cyber-observable object by id, for observed-data that lists its objects in {@code
 * object_refs} rather than embedding them: typically the objects of the same bundle, or the store.
 */
@FunctionalInterface
public interface ScoLookup {
    /** The object with this id, or {@code null} when it is not known. */
    JsonNode find(String id);

    ScoLookup NONE = id -> null;
}
