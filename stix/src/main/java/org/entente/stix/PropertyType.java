package org.entente.stix;

import tools.jackson.databind.JsonNode;

/** Checks one property value against a STIX data type; see {@link Props} for the catalogue. */
@FunctionalInterface
interface PropertyType {
    void check(JsonNode value, Path path, Check check);
}
