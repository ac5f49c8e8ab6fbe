package org.entente.server.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AgreementDao;
import org.entente.server.agreement.AgreementKind;
import org.entente.server.agreement.AgreementStatus;
import org.entente.server.agreement.AreaRules;
import org.entente.server.agreement.Onward;
import org.entente.server.auth.Grant;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.PrincipalDao;
import org.entente.server.collection.Area;
import org.entente.server.collection.Collection;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.OrganisationDao;
import org.entente.stix.Tlp;

/**
 * The sharing rules of the brief, in one place: who may read and write which collection and, within
 * it, which objects. Agreements are read at every request, so that a change in their status or
 * dates takes effect on the next request; nothing is cached.
 *
 * <p>The local agency's principals are governed by their grants (admins see everything); the
 * principals of other organisations by the areas of their agreements in force, with FIRST TLP 2.0
 * read by meaning (see {@link #ownLevels}).
 */
public final class Policy {
    private final OrganisationDao organisations;
    private final AgreementDao agreements;
    private final PrincipalDao principals;
    private final Clock clock;

    public Policy(
            OrganisationDao organisations,
            AgreementDao agreements,
            PrincipalDao principals,
            Clock clock) {
        this.organisations = organisations;
        this.agreements = agreements;
        this.principals = principals;
        this.clock = clock;
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
        List<Agreement> all = agreements.forOrganisation(org.id());
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

    /** What {@code p} may read in {@code c}, now. */
    public ReadScope read(NodePrincipal p, Collection c) {
        Organisation org = organisationOf(p);
        if (org.kind() == OrgKind.LOCAL) {
            return localGrant(p, c).canRead()
                    ? new ReadScope.Everything()
                    : new ReadScope.Nothing();
        }
        Instant now = clock.instant();
        Area area = Area.of(c.area());
        List<ReadRule> rules = new ArrayList<>();
        for (Agreement a : agreements.forOrganisation(org.id())) {
            AreaRules r = a.areas().get(area);
            if (a.inForceAt(now) && r != null && r.direction().shares()) {
                rules.add(rule(org, a, r));
            }
        }
        if (rules.isEmpty()) {
            return new ReadScope.Nothing();
        }
        Set<Origin> community = new HashSet<>();
        Set<Origin> constituents = new HashSet<>();
        for (Agreement a : agreements.list()) {
            if (!a.inForceAt(now)) {
                continue;
            }
            for (AreaRules r : a.areas().values()) {
                Origin origin = new Origin(a.id(), r.area().key);
                if (r.onward() == Onward.COMMUNITY) {
                    community.add(origin);
                }
                if (r.onward() != Onward.NONE) {
                    constituents.add(origin);
                }
            }
        }
        return new ReadScope.Shared(org, c.defaultTlp(), rules, community, constituents);
    }

    private static ReadRule rule(Organisation recipient, Agreement a, AreaRules r) {
        boolean constituent = recipient.kind() == OrgKind.CONSTITUENT;
        return new ReadRule(
                a,
                r,
                ownLevels(recipient.kind(), a.kind(), r),
                r.admits(Tlp.CLEAR),
                r.admits(Tlp.GREEN),
                constituent && r.admits(Tlp.AMBER));
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

    /** What {@code p} may add to {@code c}, now. */
    public WriteScope write(NodePrincipal p, Collection c) {
        Organisation org = organisationOf(p);
        if (org.kind() == OrgKind.LOCAL) {
            return localGrant(p, c).canWrite() ? new WriteScope.Own() : new WriteScope.Nothing();
        }
        Instant now = clock.instant();
        Area area = Area.of(c.area());
        List<WriteScope.ReceiveRule> rules = new ArrayList<>();
        for (Agreement a : agreements.forOrganisation(org.id())) {
            AreaRules r = a.areas().get(area);
            if (a.inForceAt(now) && r != null && r.direction().receives()) {
                rules.add(new WriteScope.ReceiveRule(a, r));
            } else if (a.inForceAt(now) && r != null && r.feedback()) {
                // we share here and asked for feedback: the partner's sightings come back
                rules.add(new WriteScope.ReceiveRule(a, r, true));
            }
        }
        if (rules.isEmpty()) {
            return new WriteScope.Nothing();
        }
        String localIdentity =
                organisations.local().map(Organisation::identityId).orElse("identity--none");
        return new WriteScope.Receive(org, c.defaultTlp(), rules, localIdentity);
    }

    /**
     * Where our sightings of {@code p}'s indicators go back to it: the areas of agreements in force
     * with its organisation, for {@code c}'s area, under which we receive and that ask for
     * feedback. Empty when none does.
     */
    public Optional<FeedbackScope> feedback(NodePrincipal p, Collection c) {
        Organisation org = organisationOf(p);
        if (org.kind() == OrgKind.LOCAL) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Area area = Area.of(c.area());
        List<FeedbackScope.Rule> rules = new ArrayList<>();
        for (Agreement a : agreements.forOrganisation(org.id())) {
            AreaRules r = a.areas().get(area);
            if (a.inForceAt(now) && r != null && r.feedback() && r.direction().receives()) {
                rules.add(new FeedbackScope.Rule(a, r));
            }
        }
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        ReadScope shared = read(p, c);
        return Optional.of(
                new FeedbackScope(
                        org,
                        c.defaultTlp(),
                        rules,
                        shared instanceof ReadScope.Shared s ? Optional.of(s) : Optional.empty()));
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
