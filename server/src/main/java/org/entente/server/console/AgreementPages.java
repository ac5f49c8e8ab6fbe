package org.entente.server.console;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AgreementStatus;
import org.entente.server.agreement.Agreements;
import org.entente.server.agreement.HistoryEntry;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import org.entente.server.policy.Administration;
import org.entente.server.policy.DryRun;

/**
 * The partners and agreements pages' reads and actions, through the use cases the REST API calls
 * ({@link Agreements}, {@link Organisations}) and with its role checks ({@link Administration}):
 * the four roles of the agency's people read; admins and liaison officers record and change. The
 * dry run counts objects of every collection, those the person holds no grant on included, so it is
 * shown to those who may change agreements only.
 */
final class AgreementPages {
    private static final Role[] READERS = {Role.ADMIN, Role.LIAISON, Role.ANALYST, Role.AUDITOR};
    private static final Role[] CHANGERS = {Role.ADMIN, Role.LIAISON};

    /** The lifecycle actions, as {@link Agreements} offers them. */
    static final List<String> ACTIONS = List.of("activate", "suspend", "resume", "terminate");

    private final Agreements agreements;
    private final Organisations organisations;
    private final Principals principals;
    private final Administration admin;
    private final DryRun dryRun;
    private final Clock clock;

    AgreementPages(
            Agreements agreements,
            Organisations organisations,
            Principals principals,
            Administration admin,
            DryRun dryRun,
            Clock clock) {
        this.agreements = agreements;
        this.organisations = organisations;
        this.principals = principals;
        this.admin = admin;
        this.dryRun = dryRun;
        this.clock = clock;
    }

    /** An agreement in a list: its parties' names and what holds now. */
    public record Row(
            Agreement agreement, List<String> parties, AgreementStatus now, boolean inForce) {
        public Row {
            Objects.requireNonNull(agreement, "agreement");
            Objects.requireNonNull(now, "now");
            parties = List.copyOf(parties);
        }
    }

    /** A change in an agreement's history and the name of who made it, if known. */
    public record Change(HistoryEntry entry, String by, Instant at) {}

    /** An organisation and the agreements it is party to. */
    public record PartnerRow(Organisation organisation, List<Row> agreements) {
        public PartnerRow {
            agreements = List.copyOf(agreements);
        }
    }

    /** The person's principal, if they may read agreements; 403 otherwise. */
    NodePrincipal reader(SignIns.Person person) {
        NodePrincipal p = principals.require(person.principalId());
        admin.require(p, READERS);
        return p;
    }

    /** The person's principal, if they may record and change agreements; 403 otherwise. */
    NodePrincipal changer(SignIns.Person person) {
        NodePrincipal p = principals.require(person.principalId());
        admin.require(p, CHANGERS);
        return p;
    }

    /** Whether the pages offer the person the forms that change agreements. */
    static boolean mayChange(SignIns.Person person) {
        return person.roles().contains(Role.ADMIN) || person.roles().contains(Role.LIAISON);
    }

    List<Row> list(SignIns.Person person) {
        reader(person);
        Instant now = clock.instant();
        return agreements.list().stream().map(a -> row(a, now)).toList();
    }

    Agreement one(SignIns.Person person, String id) {
        reader(person);
        return agreements.require(id);
    }

    Row row(Agreement a) {
        return row(a, clock.instant());
    }

    private Row row(Agreement a, Instant now) {
        return new Row(
                a,
                agreements.parties(a).stream().map(Agreements.Party::name).toList(),
                a.statusAt(now),
                a.inForceAt(now));
    }

    List<Agreements.Party> parties(Agreement a) {
        return agreements.parties(a);
    }

    List<Change> history(Agreement a) {
        return agreements.history(a).stream()
                .map(
                        h ->
                                new Change(
                                        h,
                                        h.principalId()
                                                .flatMap(principals::find)
                                                .map(NodePrincipal::name)
                                                .orElse(""),
                                        Instant.ofEpochSecond(
                                                h.at() / 1_000_000L, (h.at() % 1_000_000L) * 1000)))
                .toList();
    }

    /** The actions the agreement's stored status allows, in {@link #ACTIONS}' order. */
    static List<String> actions(Agreement a) {
        return switch (a.status()) {
            case DRAFT -> List.of("activate", "terminate");
            case ACTIVE -> List.of("suspend", "terminate");
            case SUSPENDED -> List.of("resume", "terminate");
            case EXPIRED, TERMINATED -> List.of();
        };
    }

    /**
     * The dry run of a stored agreement that is not in force by its status (a draft, a suspended
     * one): what activating or resuming it would share now. Empty for any other, and for a person
     * who may not change agreements.
     */
    Optional<DryRun.Report> dryRun(SignIns.Person person, Agreement a) {
        if (!mayChange(person)
                || (a.status() != AgreementStatus.DRAFT
                        && a.status() != AgreementStatus.SUSPENDED)) {
            return Optional.empty();
        }
        changer(person);
        return Optional.of(dryRun.of(a));
    }

    /** The dry run of proposed terms for a stored agreement; nothing is stored. */
    DryRun.Report preview(SignIns.Person person, String id, Agreements.Draft draft) {
        changer(person);
        return dryRun.of(agreements.proposedAmendment(id, draft));
    }

    /** Records a draft agreement. */
    Agreement record(SignIns.Person person, Agreements.Draft draft) {
        return agreements.create(draft, false, changer(person));
    }

    Agreement amend(SignIns.Person person, String id, Agreements.Draft draft) {
        NodePrincipal by = changer(person);
        return agreements.amend(agreements.require(id).id(), draft, by);
    }

    /** One of {@link #ACTIONS}; 404 for any other, as the REST API answers. */
    Agreement lifecycle(SignIns.Person person, String id, String action, Optional<String> note) {
        NodePrincipal by = changer(person);
        String agreement = agreements.require(id).id();
        return switch (action) {
            case "activate" -> agreements.activate(agreement, by, note);
            case "suspend" -> agreements.suspend(agreement, by, note);
            case "resume" -> agreements.resume(agreement, by, note);
            case "terminate" -> agreements.terminate(agreement, by, note);
            default ->
                    throw org.entente.server.error.ApiException.notFound(
                            "unknown action '"
                                    + action
                                    + "': use activate, suspend, resume or terminate");
        };
    }

    /** The organisations an agreement may name as parties, by name. */
    List<Organisation> candidates(SignIns.Person person) {
        reader(person);
        return organisations.list().stream()
                .filter(o -> o.kind() != OrgKind.LOCAL)
                .sorted(Comparator.comparing(Organisation::name))
                .toList();
    }

    /** Partners, then constituents, each with the agreements it is party to. */
    List<PartnerRow> partners(SignIns.Person person) {
        reader(person);
        Instant now = clock.instant();
        List<Agreement> all = agreements.list();
        return organisations.list().stream()
                .filter(o -> o.kind() != OrgKind.LOCAL)
                .sorted(
                        Comparator.comparing((Organisation o) -> o.kind())
                                .thenComparing(Organisation::name))
                .map(
                        o ->
                                new PartnerRow(
                                        o,
                                        all.stream()
                                                .filter(a -> a.parties().contains(o.id()))
                                                .map(a -> row(a, now))
                                                .toList()))
                .toList();
    }

    /** Records a partner agency or a constituent. */
    Organisation recordOrganisation(
            SignIns.Person person, OrgKind kind, Organisations.Details details) {
        changer(person);
        return organisations.create(kind, details);
    }
}
