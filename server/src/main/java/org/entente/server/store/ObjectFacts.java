package org.entente.server.store;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.entente.stix.Tlp;

/**
 * What the sharing rules judge an object version by, as the store keeps it beside the body.
 *
 * @param ownTlp the object's own TLP, read by meaning from its markings; empty when unmarked
 * @param tlp the TLP that governs it: its own or else its collection's default, raised to the most
 *     restrictive TLP of any later version of the same lineage (a version re-marked upward
 *     withdraws the earlier ones)
 * @param origin who sent it; empty for our own objects
 * @param onward whose onward rule governs where it may go next: the origin for a received object,
 *     the sighted object's origin for our sighting of a received object, empty otherwise
 * @param labels as {@link Labels#normalise} makes them
 * @param shadowed another lineage held the id first: this version is kept apart, visible only to
 *     the organisation that sent it
 * @param namesUs whether it names the local identity: 0 no, 1 in ways an anonymising area strips, 2
 *     it cannot go without naming us
 */
public record ObjectFacts(
        String type,
        Optional<Tlp> ownTlp,
        Tlp tlp,
        Optional<Source> origin,
        Optional<Source> onward,
        OptionalInt confidence,
        Set<String> labels,
        boolean shadowed,
        int namesUs) {
    public ObjectFacts {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ownTlp, "ownTlp");
        Objects.requireNonNull(tlp, "tlp");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(onward, "onward");
        Objects.requireNonNull(confidence, "confidence");
        labels = Set.copyOf(labels);
    }

    /** The organisation that sent it; empty for our own objects. */
    public Optional<String> originOrg() {
        return origin.map(Source::org);
    }

    /**
     * An organisation and the area of an agreement under which something came to us.
     *
     * @param agreement the agreement's id
     * @param area the area's key
     */
    public record Source(String org, String agreement, String area) {
        public Source {
            Objects.requireNonNull(org, "org");
            Objects.requireNonNull(agreement, "agreement");
            Objects.requireNonNull(area, "area");
        }
    }
}
