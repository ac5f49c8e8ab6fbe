package org.entente.server.policy;

import java.util.Objects;
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
