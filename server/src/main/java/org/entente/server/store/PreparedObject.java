package org.entente.server.store;

import java.util.Objects;
import java.util.Optional;
import org.entente.stix.StixObject;
import org.entente.stix.Timestamps;
import org.entente.stix.Tlp;

/**
 * A validated object ready to be written: the facts the store indexes and the serialized body. The
 * parsed tree is not kept, so a chunk of these costs little more than its JSON.
 *
 * @param version {@code modified} or {@code created}; empty for unversioned objects (SCOs), which
 *     get their date_added as version
 */
public record PreparedObject(
        String id,
        String type,
        String specVersion,
        Optional<String> version,
        Optional<Tlp> tlp,
        Optional<String> createdBy,
        byte[] body) {
    public PreparedObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(tlp, "tlp");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(body, "body");
    }

    /**
     * @param body the object's JSON: the bytes it arrived as, or its tree serialized
     */
    public static PreparedObject of(StixObject object, byte[] body) {
        return new PreparedObject(
                object.id(),
                object.type(),
                object.specVersion(),
                object.version(),
                object.tlp(),
                object.createdByRef(),
                body);
    }

    Optional<String> versionKey() {
        return version.map(Timestamps::sortKey);
    }
}
