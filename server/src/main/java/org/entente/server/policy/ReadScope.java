package org.entente.server.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.entente.server.agreement.AgreementDao;
import org.entente.server.org.Organisation;
import org.entente.server.store.Condition;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.Outgoing;
import org.entente.server.store.Visibility;
import org.entente.stix.Tlp;

/**
 * What a principal may read in one collection, now: made by {@link Policy#read} only. Its {@link
 * #visibility()} is what every read of the store takes; a {@link Shared} scope also names, in Java,
 * the clause under which each object goes out (for the ledger), by the same rules.
 */
public sealed interface ReadScope permits ReadScope.Local, ReadScope.Nothing, ReadScope.Shared {
    Visibility visibility();

    /**
     * The same scope, whose SQL admits no row unless {@code credentials} still hold in the reading
     * statement's own snapshot: a caller's credentials kept between requests (ADR 0039). A reader
     * that gets nothing through it resolves the credentials afresh before believing it.
     */
    ReadScope guardedBy(Condition credentials);

    private static Visibility guarded(Visibility visibility, Condition credentials) {
        if (visibility instanceof Visibility.Where where) {
            return Visibility.where(Condition.all(List.of(credentials, where.condition())));
        }
        if (visibility instanceof Visibility.All) {
            return Visibility.where(credentials);
        }
        return visibility;
    }

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

        @Override
        public Local guardedBy(Condition credentials) {
            return new Local(guarded(visibility, credentials));
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

        @Override
        public Nothing guardedBy(Condition credentials) {
            return this;
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
        private final Condition clause;
        private final String prefix;

        /**
         * The generation of the agreement tables its SQL holds at, for a scope the policy kept
         * without asking the generation ({@link Policy#readKept}); empty for every other scope.
         */
        private final OptionalLong heldAt;

        /** The credentials its SQL holds at ({@link #guardedBy}); empty for every other scope. */
        private final Optional<Condition> credentials;

        /** The prefix of a reader's scope's SQL parameters. */
        static final String PARAMS = "r_";

        Shared(Organisation recipient, List<Clause> clauses) {
            this(recipient, clauses, PARAMS);
        }

        /**
         * @param prefix the prefix of the SQL parameters of {@link #visibility()} and {@link
         *     #clause()}: two scopes asked in one query (a dry run's) need different ones
         */
        Shared(Organisation recipient, List<Clause> clauses, String prefix) {
            this(recipient, clauses, prefix, OptionalLong.empty());
        }

        private Shared(
                Organisation recipient, List<Clause> clauses, String prefix, OptionalLong heldAt) {
            this.recipient = Objects.requireNonNull(recipient, "recipient");
            this.clauses = List.copyOf(clauses);
            this.prefix = prefix;
            this.heldAt = heldAt;
            this.credentials = Optional.empty();
            Condition.Params params = new Condition.Params(prefix);
            Split split = new Split(this.clauses);
            Condition scope = condition(params, split);
            if (heldAt.isPresent()) {
                // read in the statement's own snapshot: once the tables have moved on, no row
                scope =
                        params.condition(
                                AgreementDao.GENERATION
                                        + " = "
                                        + params.bind(heldAt.getAsLong())
                                        + " AND ("
                                        + scope.sql()
                                        + ")");
            }
            this.visibility = Visibility.where(scope);
            this.clause = clause(params, split);
        }

        /**
         * The same scope, whose SQL admits no row at all unless the agreement tables are still at
         * {@code generation}, the one its agreements were read at (ADR 0035). A reader that gets
         * nothing through it asks {@link Policy#current} before believing it.
         */
        Shared heldAt(long generation) {
            if (credentials.isPresent()) {
                throw new IllegalStateException("a scope is held at its generation, then guarded");
            }
            return new Shared(recipient, clauses, prefix, OptionalLong.of(generation));
        }

        /** This scope with its visibility guarded, without compiling its clauses again. */
        private Shared(Shared scope, Condition credentials) {
            this.recipient = scope.recipient;
            this.clauses = scope.clauses;
            this.prefix = scope.prefix;
            this.heldAt = scope.heldAt;
            this.credentials = Optional.of(credentials);
            this.visibility = guarded(scope.visibility, credentials);
            this.clause = scope.clause;
        }

        @Override
        public Shared guardedBy(Condition credentials) {
            if (this.credentials.isPresent()) {
                throw new IllegalStateException("a scope is guarded by one caller's credentials");
            }
            return new Shared(this, credentials);
        }

        /** The generation its SQL holds at, if it was kept without asking (see {@link #heldAt}). */
        OptionalLong heldAt() {
            return heldAt;
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
         * Which clause lets a visible row go, in SQL: an integer expression giving the clause's
         * index in {@link #clauses()}, or {@link Outgoing#RETURNED} for the recipient's own object,
         * to read beside {@link #visibility()} (its parameters do not collide with it). The first
         * clause that admits the row wins, as in {@link #clauseFor}. On a row the visibility
         * admits, the rules every clause holds are true, so each branch asks only its own; a row no
         * branch takes is a disagreement the store refuses.
         */
        public Condition clause() {
            return clause;
        }

        /** The rules every clause holds, and each clause's others (empty: it admits all). */
        private static final class Split {
            final List<Rule> common = new ArrayList<>();
            final List<List<Rule>> own = new ArrayList<>();

            Split(List<Clause> clauses) {
                if (!clauses.isEmpty()) {
                    for (Rule r : clauses.get(0).rules()) {
                        if (clauses.stream().allMatch(c -> c.rules().contains(r))
                                && !common.contains(r)) {
                            common.add(r);
                        }
                    }
                }
                for (Clause c : clauses) {
                    List<Rule> mine = new ArrayList<>(c.rules().size());
                    for (Rule r : c.rules()) {
                        if (!common.contains(r)) {
                            mine.add(r);
                        }
                    }
                    own.add(mine);
                }
            }
        }

        private static String all(List<Rule> rules, Condition.Params params) {
            List<String> sql = new ArrayList<>(rules.size());
            for (Rule r : rules) {
                sql.add(r.sql(params));
            }
            return String.join(" AND ", sql);
        }

        /**
         * The scope as SQL, with names from {@code params}: {@link #sees} in the database's words.
         * A rule every clause holds (the onward rule, one per recipient) is asked once before the
         * clauses rather than once in each: {@code (A AND B1) OR (A AND B2)} is {@code A AND (B1 OR
         * B2)}, and the database would otherwise weigh it again for every clause an object fails.
         */
        Condition condition(Condition.Params params) {
            return condition(params, new Split(clauses));
        }

        private Condition condition(Condition.Params params, Split split) {
            List<String> any = new ArrayList<>(clauses.size());
            for (List<Rule> own : split.own) {
                if (own.isEmpty()) {
                    any.clear();
                    any.add("1 = 1"); // this clause admits whatever passes the common rules
                    break;
                }
                any.add("(" + all(own, params) + ")");
            }
            String shared;
            if (clauses.isEmpty()) {
                shared = "1 = 0";
            } else {
                shared =
                        (split.common.isEmpty() ? "" : all(split.common, params) + " AND ")
                                + "("
                                + String.join(" OR ", any)
                                + ")";
            }
            return params.condition(
                    "lineage = "
                            + params.bind(recipient.id())
                            + " OR (shadowed = 0 AND ("
                            + shared
                            + "))");
        }

        private Condition clause(Condition.Params params, Split split) {
            StringBuilder sql =
                    new StringBuilder("CASE WHEN lineage = ")
                            .append(params.bind(recipient.id()))
                            .append(" THEN ")
                            .append(Outgoing.RETURNED);
            for (int i = 0; i < split.own.size(); i++) {
                List<Rule> own = split.own.get(i);
                sql.append(" WHEN ")
                        .append(own.isEmpty() ? "1 = 1" : all(own, params))
                        .append(" THEN ")
                        .append(i);
                if (own.isEmpty()) {
                    break; // later clauses are never reached
                }
            }
            return params.condition(sql.append(" ELSE -2 END").toString());
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
