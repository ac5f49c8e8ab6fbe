package org.entente.server.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entente.server.org.Organisation;
import org.entente.server.store.Condition;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.Visibility;
import org.entente.stix.Tlp;

/**
 * What a principal may read in one collection, now: made by {@link Policy#read} only. Its {@link
 * #visibility()} is what every read of the store takes; a {@link Shared} scope also names, in Java,
 * the clause under which each object goes out (for the ledger), by the same rules.
 */
public sealed interface ReadScope permits ReadScope.Local, ReadScope.Nothing, ReadScope.Shared {
    Visibility visibility();

    /** The local agency's readers: everything but what other organisations had kept apart. */
    final class Local implements ReadScope {
        private final Visibility visibility;

        Local(Visibility visibility) {
            this.visibility = visibility;
        }

        @Override
        public Visibility visibility() {
            return visibility;
        }
    }

    /** Nothing at all. */
    final class Nothing implements ReadScope {
        static final Nothing INSTANCE = new Nothing();

        private Nothing() {}

        @Override
        public Visibility visibility() {
            return Visibility.none();
        }
    }

    /**
     * Another organisation, through the clauses of its agreements in force, plus what it sent us
     * itself (its own lineage, which it may always read back).
     */
    final class Shared implements ReadScope {
        private final Organisation recipient;
        private final List<Clause> clauses;
        private final Visibility visibility;

        Shared(Organisation recipient, List<Clause> clauses) {
            this.recipient = Objects.requireNonNull(recipient, "recipient");
            this.clauses = List.copyOf(clauses);
            this.visibility = Visibility.where(condition(new Condition.Params("r_")));
        }

        public Organisation recipient() {
            return recipient;
        }

        public List<Clause> clauses() {
            return clauses;
        }

        @Override
        public Visibility visibility() {
            return visibility;
        }

        /**
         * The scope as SQL: {@link #sees} in the database's words. A rule every clause holds (the
         * onward rule, one per recipient) is asked once before the clauses rather than once in
         * each: {@code (A AND B1) OR (A AND B2)} is {@code A AND (B1 OR B2)}, and the database
         * would otherwise weigh it again for every clause an object fails.
         */
        Condition condition(Condition.Params params) {
            List<Rule> common = new ArrayList<>();
            if (!clauses.isEmpty()) {
                for (Rule r : clauses.get(0).rules()) {
                    if (clauses.stream().allMatch(c -> c.rules().contains(r))
                            && !common.contains(r)) {
                        common.add(r);
                    }
                }
            }
            List<String> any = new ArrayList<>(clauses.size());
            for (Clause c : clauses) {
                List<String> own = new ArrayList<>(c.rules().size());
                for (Rule r : c.rules()) {
                    if (!common.contains(r)) {
                        own.add(r.sql(params));
                    }
                }
                if (own.isEmpty()) {
                    any.clear();
                    any.add("1 = 1"); // this clause admits whatever passes the common rules
                    break;
                }
                any.add("(" + String.join(" AND ", own) + ")");
            }
            String shared;
            if (clauses.isEmpty()) {
                shared = "1 = 0";
            } else {
                List<String> all = new ArrayList<>(common.size() + 1);
                for (Rule r : common) {
                    all.add(r.sql(params));
                }
                all.add("(" + String.join(" OR ", any) + ")");
                shared = String.join(" AND ", all);
            }
            return params.condition(
                    "lineage = "
                            + params.bind(recipient.id())
                            + " OR (shadowed = 0 AND ("
                            + shared
                            + "))");
        }

        /** Whether the recipient sees the object: the Java twin of {@link #visibility()}. */
        public boolean sees(ObjectFacts o) {
            return returned(o) || (!o.shadowed() && clauseFor(o).isPresent());
        }

        /** The object is the recipient's own, handed back: no disclosure of ours. */
        public boolean returned(ObjectFacts o) {
            return o.originOrg().equals(Optional.of(recipient.id()));
        }

        /** The first clause that lets the object go, if any. */
        public Optional<Clause> clauseFor(ObjectFacts o) {
            for (Clause c : clauses) {
                if (c.admits(o)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        /**
         * Why the object does not go to the recipient, in words for people (the demo, reports, the
         * console); empty when it goes. The reason is the first clause's.
         */
        public Optional<String> whyWithheld(ObjectFacts o) {
            if (sees(o)) {
                return Optional.empty();
            }
            if (o.tlp() == Tlp.RED) {
                return Optional.of(
                        o.tlp().label()
                                + (o.ownTlp().isEmpty() ? " (the collection's default)" : "")
                                + " is for named people only: it never leaves the node");
            }
            if (o.shadowed()) {
                return Optional.of(
                        "it was kept apart on arrival: it claims what another source holds, so"
                                + " only its sender sees it");
            }
            if (clauses.isEmpty()) {
                return Optional.of(
                        "no agreement in force shares this area with " + recipient.name());
            }
            return clauses.get(0).refusal(o);
        }
    }
}
