package org.entente.server.policy;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AgreementKind;
import org.entente.server.agreement.AreaRules;
import org.entente.server.agreement.Onward;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.stix.Tlp;

/**
 * What an agreement's areas let go where, read from their rules alone: the TLP levels each admits
 * and where received objects may go on. {@link Policy} turns them into {@link Rule}s.
 */
final class AreaLevels {
    private AreaLevels() {}

    /**
     * Where received objects may go on to a recipient of this kind, by every agreement in force.
     */
    static Rule.Onward onward(Organisation recipient, List<Agreement> inForce) {
        Set<AreaRef> community = new HashSet<>();
        Set<AreaRef> constituents = new HashSet<>();
        for (Agreement a : inForce) {
            for (AreaRules r : a.areas().values()) {
                AreaRef ref = new AreaRef(a.id(), r.area().key);
                if (r.onward() == Onward.COMMUNITY) {
                    community.add(ref);
                }
                if (r.onward() != Onward.NONE) {
                    constituents.add(ref);
                }
            }
        }
        return new Rule.Onward(recipient.id(), recipient.kind(), community, constituents);
    }

    static Rule.Ceiling ceiling(OrgKind recipient, AgreementKind kind, AreaRules r) {
        boolean constituentWithoutStrict =
                recipient == OrgKind.CONSTITUENT && kind != AgreementKind.SUBSCRIPTION;
        return new Rule.Ceiling(
                r.tlpCeiling(), ownLevels(recipient, kind, r), constituentWithoutStrict);
    }

    /**
     * The TLP levels of our own objects an area lets go to a recipient. A ceiling admits the levels
     * below it by meaning (AMBER admits CLEAR, GREEN and AMBER, never AMBER+STRICT); RED never
     * goes; AMBER+STRICT goes to partner agencies, and to a constituent only under its own
     * subscription whose ceiling names AMBER+STRICT.
     */
    static Set<Tlp> ownLevels(OrgKind recipient, AgreementKind kind, AreaRules r) {
        Set<Tlp> levels = EnumSet.noneOf(Tlp.class);
        for (Tlp t : List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT)) {
            if (r.admits(t)) {
                levels.add(t);
            }
        }
        if (recipient == OrgKind.CONSTITUENT && kind != AgreementKind.SUBSCRIPTION) {
            levels.remove(Tlp.AMBER_STRICT);
        }
        return levels;
    }

    /**
     * Every TLP level an area's ceiling admits, with no exception by recipient (as {@link
     * #ownLevels} makes).
     */
    static Set<Tlp> receivable(AreaRules r) {
        Set<Tlp> levels = EnumSet.noneOf(Tlp.class);
        for (Tlp t : Tlp.values()) {
            if (r.admits(t)) {
                levels.add(t);
            }
        }
        return levels;
    }
}
