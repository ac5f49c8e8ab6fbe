package org.entente.server.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AreaRules;
import org.entente.stix.Tlp;

/**
 * One clause under which objects may be disclosed to a recipient: an area of an agreement in force,
 * and which TLP levels it lets through for our own objects and for objects we received.
 *
 * @param own TLP levels of our own objects that may go
 * @param receivedClear whether TLP:CLEAR objects we received may go on
 * @param receivedGreen whether TLP:GREEN objects may go on where their origin allows community
 * @param receivedAmber whether TLP:AMBER objects may go on where their origin allows constituents
 *     (only ever true for a constituent recipient)
 */
public record ReadRule(
        Agreement agreement,
        AreaRules area,
        Set<Tlp> own,
        boolean receivedClear,
        boolean receivedGreen,
        boolean receivedAmber) {
    public ReadRule {
        Objects.requireNonNull(agreement, "agreement");
        Objects.requireNonNull(area, "area");
        own = Set.copyOf(own);
        if (own.contains(Tlp.RED)) {
            throw new IllegalArgumentException("TLP:RED never leaves");
        }
    }

    /** The clause as the ledger records it. */
    public String describe() {
        return agreement.title() + " / " + area.describe();
    }

    /** Why the area's type, label and confidence filters keep the object back, if they do. */
    Optional<String> filterRefusal(ObjectFacts o) {
        if (!area.types().isEmpty() && !area.types().contains(o.type())) {
            return Optional.of(
                    "type "
                            + o.type()
                            + " is not among the types "
                            + new java.util.TreeSet<>(area.types())
                            + " of "
                            + describe());
        }
        if (area.minConfidence() > 0
                && (o.confidence().isEmpty() || o.confidence().getAsInt() < area.minConfidence())) {
            return Optional.of(
                    "its confidence is below the minimum "
                            + area.minConfidence()
                            + " of "
                            + describe());
        }
        if (!area.labelsAny().isEmpty()
                && area.labelsAny().stream().noneMatch(o.labels()::contains)) {
            return Optional.of(
                    "it carries none of the labels "
                            + new java.util.TreeSet<>(area.labelsAny())
                            + " of "
                            + describe());
        }
        for (String label : area.labelsNone()) {
            if (o.labels().contains(label)) {
                return Optional.of("label '" + label + "' is excluded by " + describe());
            }
        }
        return Optional.empty();
    }

    /** Whether the area's type, label and confidence filters let the object through. */
    boolean filtersAdmit(ObjectFacts o) {
        if (!area.types().isEmpty() && !area.types().contains(o.type())) {
            return false;
        }
        if (area.minConfidence() > 0
                && (o.confidence().isEmpty() || o.confidence().getAsInt() < area.minConfidence())) {
            return false;
        }
        if (!area.labelsAny().isEmpty()
                && area.labelsAny().stream().noneMatch(o.labels()::contains)) {
            return false;
        }
        return area.labelsNone().stream().noneMatch(o.labels()::contains);
    }
}
