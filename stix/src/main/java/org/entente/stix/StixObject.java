package org.entente.stix;

import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A STIX object that passed validation, with the facts a store indexes read out once.
 *
 * @param id the STIX id
 * @param type the STIX type
 * @param specVersion {@code spec_version}, "2.1" when an SCO leaves it out
 * @param version the TAXII version: {@code modified}, else {@code created}, else empty (SCOs)
 * @param json the object itself
 */
public record StixObject(
        String id, String type, String specVersion, Optional<String> version, JsonNode json) {
    public StixObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(json, "json");
    }

    /** Reads the indexed facts of an object the validator accepted. */
    public static StixObject of(JsonNode valid) {
        String modified = JsonText.string(valid, "modified");
        String created = JsonText.string(valid, "created");
        String specVersion = JsonText.string(valid, "spec_version");
        return new StixObject(
                JsonText.string(valid, "id"),
                JsonText.string(valid, "type"),
                specVersion == null ? "2.1" : specVersion,
                Optional.ofNullable(modified != null ? modified : created),
                valid);
    }

    public Optional<Tlp> tlp() {
        return Tlp.of(json);
    }

    public Optional<String> createdByRef() {
        return Optional.ofNullable(JsonText.string(json, "created_by_ref"));
    }

    public boolean revoked() {
        JsonNode revoked = json.get("revoked");
        return revoked != null && revoked.isBoolean() && revoked.booleanValue();
    }
}
