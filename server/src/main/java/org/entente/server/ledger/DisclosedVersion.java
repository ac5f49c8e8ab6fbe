package org.entente.server.ledger;

import java.util.Objects;
import org.entente.stix.Tlp;

/**
 * One object version a page entry ({@link LedgerEntry.Kind#DISCLOSED_PAGE}, {@link
 * LedgerEntry.Kind#RECEIVED_PAGE}) lists: what one entry of kind {@code DISCLOSED} or {@code
 * RECEIVED} records for a single version, without the clause, which the page entry names once for
 * all of them. Held to the same limits as those fields of a {@link LedgerEntry.Draft}, so that a
 * listing stores and hashes byte for byte.
 *
 * @param objectId the STIX id
 * @param version the object's {@code modified}
 * @param type the STIX type, the prefix of {@code objectId}
 * @param tlp the object's TLP as the node understood it
 */
public record DisclosedVersion(String objectId, String version, String type, Tlp tlp) {
    public DisclosedVersion {
        EntryText.required("objectId", objectId, 300);
        EntryText.required("version", version, 40);
        EntryText.required("type", type, 250);
        Objects.requireNonNull(tlp, "tlp");
        if (!objectId.startsWith(type) || !objectId.startsWith("--", type.length())) {
            throw new IllegalArgumentException(
                    "objectId '" + objectId + "' is not of type '" + type + "'");
        }
    }

    /** The version of {@code objectId}, its type taken from the id. */
    public static DisclosedVersion of(String objectId, String version, Tlp tlp) {
        Objects.requireNonNull(objectId, "objectId");
        int dashes = objectId.indexOf("--");
        if (dashes <= 0) {
            throw new IllegalArgumentException(
                    "objectId '" + objectId + "' is not a STIX id (type--uuid)");
        }
        return new DisclosedVersion(objectId, version, objectId.substring(0, dashes), tlp);
    }
}
