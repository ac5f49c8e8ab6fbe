package org.entente.server.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AreaRules;
import org.entente.server.org.Organisation;
import org.entente.stix.Tlp;

/** What a principal may add to one collection, now. */
public sealed interface WriteScope {
    /** The local agency's own writers: objects are ours. */
    record Own() implements WriteScope {}

    /** Nothing may be written. */
    record Nothing() implements WriteScope {}

    /**
     * Another organisation sending to us under the areas of its agreements in force whose direction
     * lets us receive.
     */
    record Receive(
            Organisation sender,
            Tlp collectionDefault,
            List<ReceiveRule> rules,
            String localIdentity)
            implements WriteScope {
        public Receive {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(collectionDefault, "collectionDefault");
            Objects.requireNonNull(localIdentity, "localIdentity");
            rules = List.copyOf(rules);
        }

        /**
         * The clause under which the object is accepted, or why it is not: the reason of the first
         * rule that refused it (they are tried in order, the first that accepts wins).
         */
        public Admission admit(ObjectFacts o, Optional<String> createdBy) {
            if (createdBy.isPresent() && createdBy.get().equals(localIdentity)) {
                return new Admission.Refused(
                        "created_by_ref names this node's own identity ("
                                + localIdentity
                                + "): an object from "
                                + sender.name()
                                + " cannot claim to be ours");
            }
            Tlp tlp = o.effectiveTlp(collectionDefault);
            if (tlp == Tlp.RED) {
                return new Admission.Refused(
                        "TLP:RED is for named people only and is never accepted through the node");
            }
            String why = "no area of an agreement in force lets us receive it here";
            for (ReceiveRule r : rules) {
                Optional<String> refusal = r.refusal(o, tlp);
                if (refusal.isEmpty()) {
                    return new Admission.Accepted(r.agreement(), r.area());
                }
                if (r == rules.get(0)) {
                    why = refusal.get();
                }
            }
            return new Admission.Refused(why);
        }
    }

    /**
     * An area of an agreement under which we receive.
     *
     * @param feedbackOnly the area shares with the partner and asks for feedback: only the
     *     partner's sightings come back under it
     */
    record ReceiveRule(Agreement agreement, AreaRules area, boolean feedbackOnly) {
        ReceiveRule(Agreement agreement, AreaRules area) {
            this(agreement, area, false);
        }

        Optional<String> refusal(ObjectFacts o, Tlp tlp) {
            String where = " (" + agreement.title() + ", " + area.area().key + ")";
            if (feedbackOnly && !o.type().equals("sighting")) {
                return Optional.of(
                        "only sightings come back under this area's feedback, not "
                                + o.type()
                                + where);
            }
            if (!area.admits(tlp)) {
                return Optional.of(
                        tlp.label()
                                + " is above this area's ceiling "
                                + area.tlpCeiling().label()
                                + where);
            }
            if (!area.types().isEmpty() && !area.types().contains(o.type())) {
                return Optional.of(
                        "type "
                                + o.type()
                                + " is not among this area's types "
                                + new java.util.TreeSet<>(area.types())
                                + where);
            }
            if (area.minConfidence() > 0
                    && (o.confidence().isEmpty()
                            || o.confidence().getAsInt() < area.minConfidence())) {
                return Optional.of(
                        "confidence "
                                + (o.confidence().isEmpty()
                                        ? "(none)"
                                        : Integer.toString(o.confidence().getAsInt()))
                                + " is below this area's minimum "
                                + area.minConfidence()
                                + where);
            }
            if (!area.labelsAny().isEmpty()
                    && area.labelsAny().stream().noneMatch(o.labels()::contains)) {
                return Optional.of(
                        "it carries none of the labels "
                                + new java.util.TreeSet<>(area.labelsAny())
                                + where);
            }
            for (String label : area.labelsNone()) {
                if (o.labels().contains(label)) {
                    return Optional.of("label '" + label + "' is excluded" + where);
                }
            }
            return Optional.empty();
        }
    }

    /** The outcome of checking one object against a write scope. */
    sealed interface Admission {
        record Accepted(Agreement agreement, AreaRules area) implements Admission {}

        record Refused(String reason) implements Admission {}
    }
}
