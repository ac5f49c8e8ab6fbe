package org.entente.server.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AreaRules;
import org.entente.server.org.Organisation;
import org.entente.stix.Tlp;

/**
 * Where our sightings of a partner's objects go back to it: the areas of agreements in force with
 * the partner under which we receive and that ask for feedback. A sighting goes back when it is
 * ours, the object it sights came from the partner under one of these areas, and its TLP is within
 * that area's ceiling.
 *
 * @param shared what our agreements share with the recipient anyway in this collection, if
 *     anything: such sightings go the usual way, not as feedback
 */
public record FeedbackScope(
        Organisation recipient,
        Tlp collectionDefault,
        List<Rule> rules,
        java.util.Optional<ReadScope.Shared> shared) {
    /** An area asking for feedback. */
    public record Rule(Agreement agreement, AreaRules area) {
        public Rule {
            Objects.requireNonNull(agreement, "agreement");
            Objects.requireNonNull(area, "area");
        }

        /** The clause as the ledger records it. */
        public String describe() {
            return agreement.title() + " / " + area.describe() + ", feedback";
        }
    }

    public FeedbackScope {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(collectionDefault, "collectionDefault");
        rules = List.copyOf(rules);
        Objects.requireNonNull(shared, "shared");
    }

    /**
     * The clause under which our sighting of {@code sighted} goes back to the recipient, if any.
     *
     * @param sighting the facts of our sighting
     * @param sighted the facts of the object it sights (its {@code sighting_of_ref})
     */
    public Optional<Rule> ruleFor(ObjectFacts sighting, ObjectFacts sighted) {
        if (!sighting.type().equals("sighting") || sighting.originOrg().isPresent()) {
            return Optional.empty();
        }
        if (!sighted.originOrg().equals(Optional.of(recipient.id()))) {
            return Optional.empty();
        }
        if (shared.isPresent() && shared.get().ruleFor(sighting).isPresent()) {
            return Optional.empty(); // our agreements share it anyway: it goes the usual way
        }
        Tlp tlp = sighting.effectiveTlp(collectionDefault);
        for (Rule r : rules) {
            if (sighted.originAgreement().equals(Optional.of(r.agreement().id()))
                    && sighted.originArea().equals(Optional.of(r.area().area().key))
                    && r.area().admits(tlp)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
