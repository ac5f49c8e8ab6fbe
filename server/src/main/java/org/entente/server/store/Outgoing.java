package org.entente.server.store;

import java.util.Objects;
import org.entente.stix.Tlp;

/**
 * One object version as it leaves the node for another organisation: what its envelope and its
 * ledger entry need, and nothing the policy has already judged in the database.
 *
 * @param dateAdded microseconds since the epoch, unique within the collection
 * @param tlp the TLP that governs it (its effective TLP, read by meaning at ingest)
 * @param namesUs how many of its references name our organisation (for anonymising areas)
 * @param clause which of the reader's clauses lets it go, as numbered by the read that chose it:
 *     {@link #RETURNED} for the reader's own object handed back
 * @param body the object's JSON, UTF-8, exactly as stored
 */
public record Outgoing(
        long dateAdded,
        String id,
        String version,
        String type,
        Tlp tlp,
        int namesUs,
        int clause,
        byte[] body)
        implements Enveloped {
    /** The clause number of an object that is the reader's own: nothing of ours leaves. */
    public static final int RETURNED = -1;

    public Outgoing {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tlp, "tlp");
        Objects.requireNonNull(body, "body");
        if (clause < RETURNED) {
            throw new IllegalArgumentException("clause " + clause + " is no clause");
        }
    }

    /** The same version with another body (an anonymised one). */
    public Outgoing withBody(byte[] other) {
        return new Outgoing(dateAdded, id, version, type, tlp, namesUs, clause, other);
    }

    /** A whole row going out under the clause numbered {@code clause}. */
    public static Outgoing of(StoredObject o, int clause) {
        return new Outgoing(
                o.dateAdded(),
                o.id(),
                o.version(),
                o.facts().type(),
                o.facts().tlp(),
                o.facts().namesUs(),
                clause,
                o.body());
    }
}
