package org.entente.server.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.entente.server.agreement.Agreement;
import org.entente.server.collection.Catalog;
import org.entente.server.collection.Collection;
import org.entente.server.org.Organisation;
import org.entente.server.org.OrganisationDao;
import org.entente.server.store.Condition;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.Outgoing;
import org.entente.server.store.TallyDao;
import org.entente.server.store.Visibility;
import org.entente.stix.Tlp;

/**
 * What each party of an agreement would receive if the agreement were in force now, as it stands (a
 * draft, a suspended one) or with proposed terms (an amendment), beside what it receives today:
 * counted over the latest versions of the node's stored objects, by TLP and type, with the reasons
 * for what would be withheld.
 *
 * <p>Both sides are the scopes {@link Policy#read} makes, from the same clauses and rules, over the
 * list of agreements in force with the candidate put in (or in place of its stored self): the
 * counts come from the scopes' own SQL (the visibility, and the CASE that names the clause, ADR
 * 0012), grouped in the database; the reasons are the scope's {@link ReadScope.Shared#whyWithheld}
 * on at most {@link #SAMPLE} withheld objects per party and area, the most recent ones
 * (docs/adr/0014-dry-run-counts-in-sql.md).
 */
public final class DryRun {
    /** The withheld objects per party and area whose reasons are worded, at most. */
    public static final int SAMPLE = 1000;

    /** The outcome of a row the hypothetical scope does not let go. */
    private static final int WITHHELD = -3;

    private static final String TODAY = "t_";

    private final Policy policy;
    private final OrganisationDao organisations;
    private final Catalog catalog;
    private final TallyDao tallies;
    private final Clock clock;

    public DryRun(
            Policy policy,
            OrganisationDao organisations,
            Catalog catalog,
            TallyDao tallies,
            Clock clock) {
        this.policy = policy;
        this.organisations = organisations;
        this.catalog = catalog;
        this.tallies = tallies;
        this.clock = clock;
    }

    /** Latest versions of objects, counted. */
    public record Counts(long wouldReceive, long withheld, long today, long gained, long lost) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

        Counts plus(Counts o) {
            return new Counts(
                    wouldReceive + o.wouldReceive,
                    withheld + o.withheld,
                    today + o.today,
                    gained + o.gained,
                    lost + o.lost);
        }

        /** Every latest version counted, received or not. */
        public long total() {
            return wouldReceive + withheld;
        }
    }

    /** The counts of one collection's objects of one TLP and type. */
    public record Cell(String collectionId, Tlp tlp, String type, Counts counts) {
        public Cell {
            Objects.requireNonNull(collectionId, "collectionId");
            Objects.requireNonNull(tlp, "tlp");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(counts, "counts");
        }
    }

    /** Why objects would be withheld, in the policy's words, and how many of those worded. */
    public record Reason(String text, long count) {
        public Reason {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * What one party would receive.
     *
     * @param returned of {@code wouldReceive}, its own objects, which it always reads back
     * @param byClause what would go, by the clause that lets it go (as the ledger would record it)
     * @param reasons why the withheld would be, most frequent first, over {@code worded} objects
     * @param worded how many withheld objects the reasons were worded for: all of them when it
     *     equals the total withheld, else the most recent {@link #SAMPLE} per area
     */
    public record Party(
            Organisation organisation,
            List<Cell> cells,
            long returned,
            Map<String, Long> byClause,
            List<Reason> reasons,
            long worded) {
        public Party {
            Objects.requireNonNull(organisation, "organisation");
            cells = List.copyOf(cells);
            byClause = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byClause));
            reasons = List.copyOf(reasons);
        }

        public Counts total() {
            return cells.stream().map(Cell::counts).reduce(Counts.ZERO, Counts::plus);
        }

        /** By TLP, from CLEAR to RED, the levels present only. */
        public Map<Tlp, Counts> byTlp() {
            Map<Tlp, Counts> out = new EnumMap<>(Tlp.class);
            for (Cell c : cells) {
                out.merge(c.tlp(), c.counts(), Counts::plus);
            }
            return out;
        }

        /** By STIX type, in alphabetical order. */
        public Map<String, Counts> byType() {
            Map<String, Counts> out = new TreeMap<>();
            for (Cell c : cells) {
                out.merge(c.type(), c.counts(), Counts::plus);
            }
            return out;
        }

        /** By collection, in the order the database counted them. */
        public Map<String, Counts> byCollection() {
            Map<String, Counts> out = new LinkedHashMap<>();
            for (Cell c : cells) {
                out.merge(c.collectionId(), c.counts(), Counts::plus);
            }
            return out;
        }

        /** One collection's counts. */
        public Counts in(String collectionId) {
            return cells.stream()
                    .filter(c -> c.collectionId().equals(collectionId))
                    .map(Cell::counts)
                    .reduce(Counts.ZERO, Counts::plus);
        }

        /** Whether reasons were worded for every withheld object. */
        public boolean allWorded() {
            return worded >= total().withheld();
        }
    }

    /**
     * The dry run of one agreement, at one moment.
     *
     * @param collections the name of each collection counted (its alias, else its title), by id
     */
    public record Report(
            Agreement agreement, Instant at, List<Party> parties, Map<String, String> collections) {
        public Report {
            Objects.requireNonNull(agreement, "agreement");
            Objects.requireNonNull(at, "at");
            parties = List.copyOf(parties);
            collections = Map.copyOf(collections);
        }

        /** A collection's name, else its id. */
        public String collection(String id) {
            return collections.getOrDefault(id, id);
        }
    }

    /**
     * The dry run of {@code candidate} as if it were in force now, whatever its status and dates:
     * for each of its parties, and each party the stored agreement of the same id names (an
     * amendment that drops a party shows what that party loses).
     */
    public Report of(Agreement candidate) {
        Instant now = clock.instant();
        List<Agreement> recorded = policy.recorded();
        List<Agreement> today = recorded.stream().filter(a -> a.inForceAt(now)).toList();
        Set<String> parties = new LinkedHashSet<>(candidate.parties());
        recorded.stream()
                .filter(a -> a.id().equals(candidate.id()))
                .forEach(a -> parties.addAll(a.parties()));
        Map<String, List<Collection>> byArea = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        collections(byArea, names);
        List<Agreement> asIf = asIf(candidate, recorded, now);
        List<Party> out = new ArrayList<>();
        for (String id : parties) {
            Optional<Organisation> org = organisations.byId(id);
            if (org.isPresent()) {
                out.add(party(org.get(), byArea, today, asIf));
            }
        }
        return new Report(candidate, now, out, names);
    }

    /**
     * What {@code party} receives and is withheld now, under the agreements in force as they stand:
     * the dry run's figures and reasons with no candidate put in, so that the dashboard's
     * "withheld" and an agreement's dry run are one rule counted one way. As costly as a dry run
     * for one party: it counts every latest version stored (docs/adr/0018).
     */
    public Party now(Organisation party) {
        Objects.requireNonNull(party, "party");
        Instant now = clock.instant();
        List<Agreement> today = policy.recorded().stream().filter(a -> a.inForceAt(now)).toList();
        Map<String, List<Collection>> byArea = new LinkedHashMap<>();
        collections(byArea, new HashMap<>());
        return party(party, byArea, today, today);
    }

    /** The generation of the agreement tables now (ADR 0016): what a kept figure is labelled by. */
    public long generation() {
        return policy.generation();
    }

    /** Every collection by its area, and its name (its alias, else its title) by id. */
    private void collections(Map<String, List<Collection>> byArea, Map<String, String> names) {
        for (var root : catalog.apiRoots()) {
            for (Collection c : catalog.list(root.name())) {
                byArea.computeIfAbsent(c.area(), k -> new ArrayList<>()).add(c);
                names.put(c.id(), c.alias().orElse(c.title()));
            }
        }
    }

    /**
     * The scope {@code party} would read {@code c} through if {@code candidate} were in force now:
     * what the dry run counts, to compare with what the party then reads.
     */
    public ReadScope scopeAsIf(Agreement candidate, Organisation party, Collection c) {
        List<Agreement> asIf = asIf(candidate, policy.recorded(), clock.instant());
        return policy.shared(party, c, asIf, ReadScope.Shared.PARAMS);
    }

    /**
     * The agreements in force at {@code now} with the candidate in its stored self's place (in the
     * order they were recorded, as a read takes them), or after them when it is not stored.
     */
    private static List<Agreement> asIf(
            Agreement candidate, List<Agreement> recorded, Instant now) {
        List<Agreement> asIf = new ArrayList<>();
        boolean placed = false;
        for (Agreement a : recorded) {
            if (a.id().equals(candidate.id())) {
                asIf.add(candidate);
                placed = true;
            } else if (a.inForceAt(now)) {
                asIf.add(a);
            }
        }
        if (!placed) {
            asIf.add(candidate);
        }
        return asIf;
    }

    private Party party(
            Organisation org,
            Map<String, List<Collection>> byArea,
            List<Agreement> today,
            List<Agreement> asIf) {
        List<Cell> cells = new ArrayList<>();
        long returned = 0;
        Map<String, Long> byClause = new LinkedHashMap<>();
        Map<String, Long> reasons = new HashMap<>();
        long worded = 0;
        for (Map.Entry<String, List<Collection>> area : byArea.entrySet()) {
            Collection first = area.getValue().get(0);
            List<String> ids = area.getValue().stream().map(Collection::id).toList();
            ReadScope would = policy.shared(org, first, asIf, ReadScope.Shared.PARAMS);
            ReadScope now = policy.shared(org, first, today, TODAY);
            // every stored latest version is counted, those kept apart for their sender too
            List<TallyDao.Tally> rows =
                    tallies.tally(ids, policy.internal(), outcome(would), seen(now));
            long withheld = 0;
            for (TallyDao.Tally t : rows) {
                boolean goes = t.outcome() >= Outgoing.RETURNED;
                if (t.outcome() == -2) {
                    // the visibility and the clause expressions disagree (ADR 0012): as a read
                    // would, fail rather than count
                    throw new IllegalStateException(
                            "the visibility of "
                                    + org.name()
                                    + " admits objects no clause lets go");
                }
                boolean before = t.today() == 1;
                long n = t.count();
                cells.add(
                        new Cell(
                                t.collectionId(),
                                t.tlp(),
                                t.type(),
                                new Counts(
                                        goes ? n : 0,
                                        goes ? 0 : n,
                                        before ? n : 0,
                                        goes && !before ? n : 0,
                                        !goes && before ? n : 0)));
                if (t.outcome() == Outgoing.RETURNED) {
                    returned += n;
                } else if (goes && would instanceof ReadScope.Shared s) {
                    byClause.merge(s.clauses().get(t.outcome()).describe(), n, Long::sum);
                }
                if (!goes) {
                    withheld += n;
                }
            }
            if (withheld == 0) {
                continue;
            }
            if (would instanceof ReadScope.Shared s) {
                for (ObjectFacts o : tallies.latestFacts(ids, unseen(s), SAMPLE)) {
                    String why =
                            s.whyWithheld(o)
                                    .orElseThrow(
                                            () ->
                                                    new IllegalStateException(
                                                            "SQL withholds an object the Java twin"
                                                                    + " lets go to "
                                                                    + org.name()));
                    reasons.merge(why, 1L, Long::sum);
                    worded++;
                }
            } else {
                // no clause at all: one reason for every object of the area, counted exactly
                reasons.merge(
                        "no agreement would share the area "
                                + area.getKey()
                                + " with "
                                + org.name(),
                        withheld,
                        Long::sum);
                worded += withheld;
            }
        }
        List<Reason> told =
                reasons.entrySet().stream()
                        .map(e -> new Reason(e.getKey(), e.getValue()))
                        .sorted(
                                Comparator.comparingLong(Reason::count)
                                        .reversed()
                                        .thenComparing(Reason::text))
                        .toList();
        return new Party(org, cells, returned, byClause, told, worded);
    }

    /**
     * The clause's number for a row the scope lets go ({@link Outgoing#RETURNED} for the party's
     * own), {@link #WITHHELD} for any other: the scope's two expressions, as a read asks them.
     */
    private static Condition outcome(ReadScope scope) {
        if (!(scope instanceof ReadScope.Shared s)) {
            return Condition.of(Integer.toString(WITHHELD));
        }
        Condition visible = where(s);
        Condition clause = s.clause();
        Map<String, Object> params = new HashMap<>(visible.params());
        params.putAll(clause.params()); // one Params made both: equal names hold equal values
        return new Condition(
                "CASE WHEN "
                        + visible.sql()
                        + " THEN "
                        + clause.sql()
                        + " ELSE "
                        + WITHHELD
                        + " END",
                params);
    }

    /** 1 for a row the scope lets go, else 0. */
    private static Condition seen(ReadScope scope) {
        if (!(scope instanceof ReadScope.Shared s)) {
            return Condition.of("0");
        }
        Condition visible = where(s);
        return new Condition("CASE WHEN " + visible.sql() + " THEN 1 ELSE 0 END", visible.params());
    }

    /**
     * The rows the scope does not let go. NB: not {@code NOT (visibility)}, which is NULL, and
     * admits nothing, on a row where a rule's SQL meets a NULL column (an object without a
     * confidence, say).
     */
    private static Visibility unseen(ReadScope.Shared s) {
        Condition visible = where(s);
        return Visibility.where(
                new Condition(
                        "CASE WHEN " + visible.sql() + " THEN 0 ELSE 1 END = 1", visible.params()));
    }

    private static Condition where(ReadScope.Shared s) {
        if (s.visibility() instanceof Visibility.Where w) {
            return w.condition();
        }
        throw new IllegalStateException("a shared scope's visibility is a condition");
    }
}
