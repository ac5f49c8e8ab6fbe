package org.entente.server.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AgreementDao;
import org.entente.server.agreement.AgreementStatus;
import org.entente.server.agreement.AreaRules;
import org.entente.server.auth.Grant;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.PrincipalDao;
import org.entente.server.collection.Area;
import org.entente.server.collection.Collection;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.OrganisationDao;
import org.entente.server.store.Condition;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.Visibility;
import org.entente.stix.Validator;

/**
 * The sharing rules of the brief, in one place: who may read and write which collection and, within
 * it, which objects. A change to an agreement's status, dates, parties or areas takes effect on the
 * next request, on every node behind the database: each request asks the generation of the
 * agreement tables (one row) and the agreements are read again only when it moved; the scopes made
 * of them are kept per generation and per span of time in which no agreement starts or expires
 * ({@link Recorded}, docs/adr/0016).
 *
 * <p>The local agency's principals are governed by their grants (admins see everything); the
 * principals of other organisations by the areas of their agreements in force, with FIRST TLP 2.0
 * read by meaning (see {@link AreaLevels#ownLevels}).
 */
public final class Policy {
    private final OrganisationDao organisations;
    private final AgreementDao agreements;
    private final PrincipalDao principals;
    private final Validator validator;
    private final Clock clock;

    /** The agreements as of the last generation a request saw; null before the first. */
    private volatile Recorded recorded;

    public Policy(
            OrganisationDao organisations,
            AgreementDao agreements,
            PrincipalDao principals,
            Validator validator,
            Clock clock) {
        this.organisations = organisations;
        this.agreements = agreements;
        this.principals = principals;
        this.validator = validator;
        this.clock = clock;
    }

    /** Judges and strips how objects name us (the local identity is fixed at first start). */
    private Anonymiser anonymiser() {
        return new Anonymiser(localOrganisation().identityId(), validator);
    }

    /**
     * The organisation a principal acts for. One the node does not know denies access: it is never
     * taken for the local agency.
     */
    public Organisation organisationOf(NodePrincipal p) {
        return organisations
                .byId(p.organisation())
                .orElseThrow(
                        () ->
                                org.entente.server.error.ApiException.forbidden(
                                        "your principal acts for organisation "
                                                + p.organisation()
                                                + ", which is not recorded on this node"));
    }

    /** Whether a principal belongs to the local agency. */
    public boolean isLocal(NodePrincipal p) {
        return organisationOf(p).kind() == OrgKind.LOCAL;
    }

    /** The agreements of an outside organisation and why none is in force, for clear errors. */
    public Optional<String> whyNothingInForce(NodePrincipal p) {
        Organisation org = organisationOf(p);
        if (org.kind() == OrgKind.LOCAL) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<Agreement> all =
                recordedNow().agreements.stream()
                        .filter(a -> a.parties().contains(org.id()))
                        .toList();
        if (all.stream().anyMatch(a -> a.inForceAt(now))) {
            return Optional.empty();
        }
        if (all.isEmpty()) {
            return Optional.of("no agreement with " + org.name() + " is recorded on this node");
        }
        List<String> states = new ArrayList<>();
        for (Agreement a : all) {
            AgreementStatus s = a.statusAt(now);
            String state =
                    s == AgreementStatus.ACTIVE
                            ? "not in effect before " + a.effectiveFrom()
                            : s.key();
            states.add("'" + a.title() + "' is " + state);
        }
        return Optional.of(
                "no agreement with " + org.name() + " is in force: " + String.join("; ", states));
    }

    /**
     * Whether {@code recipient}, a partner agency or a constituent, would receive the object
     * version {@code o} of {@code c} if one of its principals read the collection now, and why: the
     * clause that lets it go, or the refusal of the rules. The same scope as {@link #read} makes
     * for those principals, so the answer is what their TAXII read returns (a test holds the two
     * together).
     *
     * @throws IllegalArgumentException for the local agency, whose people read by their grants
     */
    public Verdict verdict(Organisation recipient, Collection c, ObjectFacts o) {
        if (recipient.kind() == OrgKind.LOCAL) {
            throw new IllegalArgumentException(
                    "the local agency's people read by their grants, not by agreements");
        }
        ReadScope scope = shared(recipient, c);
        if (!(scope instanceof ReadScope.Shared s)) {
            return new Verdict.Withheld(
                    "no agreement in force with "
                            + recipient.name()
                            + " shares the area "
                            + c.area());
        }
        if (s.returned(o)) {
            return new Verdict.Returned();
        }
        if (s.sees(o)) {
            return new Verdict.Shared(s.clauseFor(o).orElseThrow());
        }
        return new Verdict.Withheld(
                s.whyWithheld(o).orElseThrow(() -> new IllegalStateException("no reason")));
    }

    /** What {@code p} may read in {@code c}, now. */
    public ReadScope read(NodePrincipal p, Collection c) {
        return read(organisationOf(p), p, c);
    }

    private ReadScope read(Organisation org, NodePrincipal p, Collection c) {
        if (org.kind() == OrgKind.LOCAL) {
            return localGrant(p, c).canRead()
                    ? new ReadScope.Local(LOCAL)
                    : ReadScope.Nothing.INSTANCE;
        }
        return shared(org, c);
    }

    /**
     * What an outside organisation may read in {@code c}, now: {@link #read} for any of its
     * principals, which are all governed by their organisation's agreements alone.
     */
    private ReadScope shared(Organisation org, Collection c) {
        return shared(recordedNow().at(clock.instant()), org, c);
    }

    private ReadScope shared(Recorded.InForce now, Organisation org, Collection c) {
        return now.scope(
                org, c.area(), () -> shared(org, c, now.agreements, ReadScope.Shared.PARAMS));
    }

    /**
     * What {@code p} may read in {@code c} as of the agreements the policy last read, without
     * asking their generation first: the lean path of the TAXII reads (docs/adr/0035). An outside
     * organisation's scope then admits rows only while the agreement tables are still at that
     * generation, asked in the reading statement's own snapshot: a change made since makes it read
     * nothing, never too much. Whoever reads nothing through it asks {@link #current} before
     * believing it, and reads again through {@link #read} if it no longer holds. "Nothing in force"
     * is never taken from the kept agreements: that answer is asked again.
     */
    public ReadScope readKept(NodePrincipal p, Collection c) {
        Organisation org = organisationOf(p);
        Recorded r = recorded;
        if (org.kind() == OrgKind.LOCAL || r == null) {
            return read(org, p, c);
        }
        Recorded.InForce now = r.at(clock.instant());
        ReadScope kept =
                now.kept(
                        org,
                        c.area(),
                        () ->
                                shared(now, org, c) instanceof ReadScope.Shared s
                                        ? s.heldAt(r.generation)
                                        : ReadScope.Nothing.INSTANCE);
        return kept instanceof ReadScope.Shared ? kept : read(org, p, c);
    }

    /**
     * Whether a read through {@code scope} whose statement asked {@code credentials} and returned
     * nothing may be believed as it is: the credentials still hold, and so does the generation the
     * scope was held at, asked in one statement as the read's own asked them. False means only that
     * something changed: the caller resolves its credentials and scope afresh.
     */
    public boolean stillHolds(ReadScope scope, Condition credentials) {
        OptionalLong at = scope instanceof ReadScope.Shared s ? s.heldAt() : OptionalLong.empty();
        return agreements.holds(credentials, at);
    }

    /**
     * Whether a scope still holds: one from {@link #readKept} while the agreement tables are at the
     * generation it was kept at (asked now, which reads the agreements again if it moved); every
     * other scope is as fresh as the request that asked for it.
     */
    public boolean current(ReadScope scope) {
        if (scope instanceof ReadScope.Shared s && s.heldAt().isPresent()) {
            return recordedNow().generation == s.heldAt().getAsLong();
        }
        return true;
    }

    /** The generation of the agreement tables now, whose agreements the policy then holds. */
    long generation() {
        return recordedNow().generation;
    }

    /** Every agreement recorded, in the order they were recorded. */
    List<Agreement> recorded() {
        return recordedNow().agreements;
    }

    /**
     * The agreements recorded, as of the generation of their tables now. The generation is read
     * before the agreements: were it read after, a change committed in between would be labelled
     * with its own generation over the older agreements, and kept. Read before, the agreements are
     * at least as new as their label, and a newer label only reloads them once more.
     */
    private Recorded recordedNow() {
        long generation = agreements.generation();
        Recorded r = recorded;
        if (r == null || r.generation != generation) {
            r = new Recorded(generation, agreements.list());
            recorded = r;
        }
        return r;
    }

    /**
     * What another organisation may read in {@code c} if exactly {@code all} were in force: {@link
     * #read}'s rule, which a dry run also asks of agreements not (yet) in force.
     *
     * @param prefix the prefix of the scope's SQL parameters, so that two scopes can be asked in
     *     one query
     */
    ReadScope shared(Organisation org, Collection c, List<Agreement> all, String prefix) {
        // every agreement in force is needed for the onward rule, and the recipient's from among
        // them
        List<Clause> clauses = new ArrayList<>();
        Rule.Onward onward = AreaLevels.onward(org, all);
        for (Agreement a : all) {
            if (!a.parties().contains(org.id())) {
                continue;
            }
            AreaRules r = a.areas().get(Area.of(c.area()));
            if (r != null && r.direction().shares()) {
                List<Rule> rules = new ArrayList<>();
                rules.add(onward);
                rules.addAll(Clause.filters(r));
                rules.add(AreaLevels.ceiling(org.kind(), a.kind(), r));
                if (r.anonymise()) {
                    rules.add(new Rule.Anonymous());
                }
                clauses.add(new Clause(a, r, rules));
            }
        }
        if (clauses.isEmpty()) {
            return ReadScope.Nothing.INSTANCE;
        }
        return new ReadScope.Shared(org, clauses, prefix);
    }

    /**
     * What the local agency's readers see: everything but the versions other organisations sent
     * that were kept apart (visible to their sender only).
     */
    static final Visibility LOCAL = Visibility.where(Condition.of("shadowed = 0 OR lineage = ''"));

    /**
     * What the local agency's readers see, for the node's work on their behalf (detection looks for
     * these indicators): never a version kept apart for its sender alone.
     */
    public Visibility localReaders() {
        return LOCAL;
    }

    /** The node's own machinery (ingest's checks, exports of the store): every stored version. */
    public Visibility internal() {
        return Visibility.all();
    }

    /**
     * The node's operator at the command line (an import): our own objects, answered from what the
     * local agency's readers see.
     */
    public WriteScope operatorWrite() {
        return new WriteScope.Own(LOCAL, anonymiser(), othersThanUs());
    }

    /** The node's own machinery writing our objects (detection's sightings). */
    public WriteScope nodeWrite() {
        return new WriteScope.Own(Visibility.all(), anonymiser(), othersThanUs());
    }

    /**
     * The identities of the organisations this node knows other than ours, with their names: no
     * object our own people write may name one as its creator.
     */
    private Map<String, String> othersThanUs() {
        String local = localOrganisation().id();
        Map<String, String> others = new HashMap<>();
        for (Organisation o : organisations.list()) {
            if (!o.id().equals(local)) {
                others.put(o.identityId(), o.name());
            }
        }
        return others;
    }

    private List<Agreement> inForce(Organisation org, Instant now) {
        List<Agreement> in = new ArrayList<>();
        for (Agreement a : recordedNow().at(now).agreements) {
            if (a.parties().contains(org.id())) {
                in.add(a);
            }
        }
        return in;
    }

    /** What {@code p} may add to {@code c}, now. */
    public WriteScope write(NodePrincipal p, Collection c) {
        Organisation org = organisationOf(p);
        if (org.kind() == OrgKind.LOCAL) {
            Grant g = localGrant(p, c);
            return g.canWrite()
                    ? new WriteScope.Own(
                            g.canRead() ? LOCAL : Visibility.none(), anonymiser(), othersThanUs())
                    : WriteScope.Nothing.INSTANCE;
        }
        Instant now = clock.instant();
        List<Clause> clauses = new ArrayList<>();
        for (Agreement a : inForce(org, now)) {
            AreaRules r = a.areas().get(Area.of(c.area()));
            if (r == null) {
                continue;
            }
            Rule.Ceiling ceiling =
                    new Rule.Ceiling(r.tlpCeiling(), AreaLevels.receivable(r), false);
            if (r.direction().receives()) {
                List<Rule> rules = new ArrayList<>();
                rules.add(ceiling);
                rules.addAll(Clause.filters(r));
                clauses.add(new Clause(a, r, rules));
            } else if (r.feedback()) {
                // we share here and asked for feedback: the partner's sightings come back
                clauses.add(new Clause(a, r, List.of(new Rule.SightingsOnly(), ceiling)));
            }
        }
        if (clauses.isEmpty()) {
            return WriteScope.Nothing.INSTANCE;
        }
        Organisation local = localOrganisation();
        Set<String> others = new HashSet<>();
        for (Organisation o : organisations.list()) {
            if (!o.id().equals(org.id()) && !o.id().equals(local.id())) {
                others.add(o.identityId());
            }
        }
        return new WriteScope.Receive(
                org,
                clauses,
                local.identityId(),
                others,
                read(p, c).visibility(),
                new Anonymiser(local.identityId(), validator));
    }

    /**
     * Where our sightings of {@code p}'s objects go back to it: the areas of agreements in force
     * with its organisation, for {@code c}'s area, under which we receive and that ask for
     * feedback. Empty when none does.
     */
    public Optional<FeedbackScope> feedback(NodePrincipal p, Collection c) {
        Organisation org = organisationOf(p);
        if (org.kind() == OrgKind.LOCAL) {
            return Optional.empty();
        }
        List<Clause> clauses = new ArrayList<>();
        for (Agreement a : inForce(org, clock.instant())) {
            AreaRules r = a.areas().get(Area.of(c.area()));
            if (r != null && r.feedback() && r.direction().receives()) {
                List<Rule> rules = new ArrayList<>();
                rules.add(new Rule.Ceiling(r.tlpCeiling(), AreaLevels.receivable(r), false));
                if (r.anonymise()) {
                    rules.add(new Rule.Anonymous());
                }
                clauses.add(new Clause(a, r, rules));
            }
        }
        if (clauses.isEmpty()) {
            return Optional.empty();
        }
        ReadScope shared = read(p, c);
        return Optional.of(
                new FeedbackScope(
                        org,
                        clauses,
                        shared instanceof ReadScope.Shared s ? Optional.of(s) : Optional.empty()));
    }

    /**
     * What {@code p} may delete in {@code c}: nothing unless it may read and write there (TAXII
     * 5.7); another organisation only ever what it sent itself, the local agency anything.
     */
    public Visibility deletable(NodePrincipal p, Collection c) {
        Grant g = rights(p, c);
        if (!g.canRead() || !g.canWrite()) {
            return Visibility.none();
        }
        Organisation org = organisationOf(p);
        if (org.kind() == OrgKind.LOCAL) {
            return Visibility.all();
        }
        Condition.Params params = new Condition.Params("d_");
        return Visibility.where(params.condition("lineage = " + params.bind(org.id())));
    }

    private Organisation localOrganisation() {
        return organisations
                .local()
                .orElseThrow(() -> new IllegalStateException("the node has no local organisation"));
    }

    /** Whether {@code p} may read and write {@code c} at all, for listings and 403/404 answers. */
    public Grant rights(NodePrincipal p, Collection c) {
        if (isLocal(p)) {
            return localGrant(p, c);
        }
        return new Grant(
                c.id(),
                !(read(p, c) instanceof ReadScope.Nothing),
                !(write(p, c) instanceof WriteScope.Nothing));
    }

    private Grant localGrant(NodePrincipal p, Collection c) {
        if (p.isAdmin()) {
            return new Grant(c.id(), true, true);
        }
        return principals.grant(p.id(), c.id()).orElse(new Grant(c.id(), false, false));
    }
}
