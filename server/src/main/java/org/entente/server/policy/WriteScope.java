package org.entente.server.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entente.server.org.Organisation;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.Visibility;
import org.entente.stix.Tlp;

/**
 * What a principal may add to one collection, now: made by {@link Policy#write} only. {@link
 * #sees()} is what the writer may read there, the only holdings the answers to its POST may depend
 * on (ADR 0009).
 */
public sealed interface WriteScope permits WriteScope.Own, WriteScope.Nothing, WriteScope.Receive {
    /** What the writer may read in the collection. */
    Visibility sees();

    /**
     * Whether and under which clause one object is accepted.
     *
     * @param body its JSON, to judge how it names us
     */
    Admission admit(ObjectFacts o, String id, Optional<String> createdBy, byte[] body);

    /**
     * The local agency's own writers: objects are ours, so none may name another organisation this
     * node knows as its creator (it would go out as that organisation's word, under our rules, not
     * the ones its agreement set; its own objects reach us through that agreement).
     */
    final class Own implements WriteScope {
        private final Visibility sees;
        private final Anonymiser anonymiser;
        private final Map<String, String> others;

        /**
         * @param others the identity ids of the other organisations this node knows, to names
         */
        Own(Visibility sees, Anonymiser anonymiser, Map<String, String> others) {
            this.sees = sees;
            this.anonymiser = anonymiser;
            this.others = Map.copyOf(others);
        }

        @Override
        public Visibility sees() {
            return sees;
        }

        @Override
        public Admission admit(ObjectFacts o, String id, Optional<String> createdBy, byte[] body) {
            if (createdBy.isPresent() && others.containsKey(createdBy.get())) {
                return new Admission.Refused(
                        "created_by_ref names "
                                + createdBy.get()
                                + ", the identity of "
                                + others.get(createdBy.get())
                                + ": an object this agency writes cannot claim to be another"
                                + " organisation's (leave created_by_ref out, or name ours)");
            }
            return new Admission.Accepted(
                    Optional.empty(), false, anonymiser.classify(id, o.type(), body));
        }
    }

    /** Nothing may be written. */
    final class Nothing implements WriteScope {
        static final Nothing INSTANCE = new Nothing();

        private Nothing() {}

        @Override
        public Visibility sees() {
            return Visibility.none();
        }

        @Override
        public Admission admit(ObjectFacts o, String id, Optional<String> createdBy, byte[] body) {
            return new Admission.Refused("you may not write here");
        }
    }

    /**
     * Another organisation sending to us under the areas of its agreements in force whose direction
     * lets us receive.
     */
    final class Receive implements WriteScope {
        private final Organisation sender;
        private final List<Clause> clauses;
        private final String localIdentity;
        private final Set<String> otherIdentities;
        private final Visibility sees;
        private final Anonymiser anonymiser;

        /**
         * @param otherIdentities the identity ids of the organisations this node knows other than
         *     the sender and us: an object claiming one of them is kept apart
         */
        Receive(
                Organisation sender,
                List<Clause> clauses,
                String localIdentity,
                Set<String> otherIdentities,
                Visibility sees,
                Anonymiser anonymiser) {
            this.anonymiser = anonymiser;
            this.sender = Objects.requireNonNull(sender, "sender");
            this.clauses = List.copyOf(clauses);
            this.localIdentity = Objects.requireNonNull(localIdentity, "localIdentity");
            this.otherIdentities = Set.copyOf(otherIdentities);
            this.sees = Objects.requireNonNull(sees, "sees");
        }

        public Organisation sender() {
            return sender;
        }

        @Override
        public Visibility sees() {
            return sees;
        }

        /**
         * The clause under which the object is accepted, or why it is not: the reason of the first
         * clause that refused it (they are tried in order, the first that accepts wins).
         */
        @Override
        public Admission admit(ObjectFacts o, String id, Optional<String> createdBy, byte[] body) {
            if (createdBy.isPresent() && createdBy.get().equals(localIdentity)) {
                return new Admission.Refused(
                        "created_by_ref names this node's own identity ("
                                + localIdentity
                                + "): an object from "
                                + sender.name()
                                + " cannot claim to be ours");
            }
            if (id.equals(localIdentity)) {
                return new Admission.Refused(
                        id + " is this node's own identity: only we make versions of it");
            }
            if (o.tlp() == Tlp.RED) {
                return new Admission.Refused(
                        "TLP:RED is for named people only and is never accepted through the node");
            }
            boolean claims =
                    createdBy.filter(otherIdentities::contains).isPresent()
                            || otherIdentities.contains(id);
            String why = "no area of an agreement in force lets us receive it here";
            for (Clause c : clauses) {
                Optional<String> refusal = c.refusal(o);
                if (refusal.isEmpty()) {
                    return new Admission.Accepted(
                            Optional.of(
                                    new ObjectFacts.Source(
                                            sender.id(), c.agreement().id(), c.area().area().key)),
                            claims,
                            anonymiser.classify(id, o.type(), body));
                }
                if (c == clauses.get(0)) {
                    why = refusal.get();
                }
            }
            return new Admission.Refused(why);
        }
    }

    /** The outcome of checking one object against a write scope. */
    sealed interface Admission {
        /**
         * @param origin who sent it and under which area; empty for our own objects
         * @param keptApart it claims another organisation this node knows: stored visible only to
         *     its sender
         * @param namesUs how it names the local identity ({@link ObjectFacts#namesUs})
         */
        record Accepted(Optional<ObjectFacts.Source> origin, boolean keptApart, int namesUs)
                implements Admission {}

        record Refused(String reason) implements Admission {}
    }
}
