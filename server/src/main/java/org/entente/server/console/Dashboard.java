package org.entente.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.Agreements;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import org.entente.server.policy.Administration;

/**
 * The dashboard's figures, read through the use cases the REST API reads them through, and allowed
 * to the same roles ({@link Administration}): a page never shows what the API would not.
 */
final class Dashboard {
    /** Agreements that end within this are listed as expiring. */
    static final Duration EXPIRING = Duration.ofDays(90);

    /** An agreement in force, with its other parties' names. */
    public record InForce(
            String id,
            String title,
            List<String> parties,
            Instant effectiveFrom,
            Optional<Instant> expiresAt) {
        public InForce {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(effectiveFrom, "effectiveFrom");
            Objects.requireNonNull(expiresAt, "expiresAt");
            parties = List.copyOf(parties);
        }
    }

    /** A partner agency and how many agreements in force name it. */
    public record Partner(String name, Optional<String> country, long agreementsInForce) {
        public Partner {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(country, "country");
        }
    }

    /**
     * What the dashboard shows.
     *
     * @param expiring the agreements in force that end within {@link #EXPIRING}, soonest first
     */
    public record Summary(
            Instant at,
            List<InForce> inForce,
            List<InForce> expiring,
            List<Partner> partners,
            long constituents) {
        public Summary {
            Objects.requireNonNull(at, "at");
            inForce = List.copyOf(inForce);
            expiring = List.copyOf(expiring);
            partners = List.copyOf(partners);
        }
    }

    private final Agreements agreements;
    private final Organisations organisations;
    private final Principals principals;
    private final Administration admin;
    private final Clock clock;

    Dashboard(
            Agreements agreements,
            Organisations organisations,
            Principals principals,
            Administration admin,
            Clock clock) {
        this.agreements = agreements;
        this.organisations = organisations;
        this.principals = principals;
        this.admin = admin;
        this.clock = clock;
    }

    Summary summary(SignIns.Person person) {
        NodePrincipal viewer = principals.require(person.principalId());
        admin.require(viewer, Role.ADMIN, Role.LIAISON, Role.ANALYST, Role.AUDITOR);
        Instant now = clock.instant();
        List<Agreement> inForce =
                agreements.list().stream()
                        .filter(a -> a.inForceAt(now))
                        .sorted(Comparator.comparing(Agreement::title))
                        .toList();
        List<InForce> shown =
                inForce.stream()
                        .map(
                                a ->
                                        new InForce(
                                                a.id(),
                                                a.title(),
                                                agreements.parties(a).stream()
                                                        .map(Agreements.Party::name)
                                                        .toList(),
                                                a.effectiveFrom(),
                                                a.expiresAt()))
                        .toList();
        Instant horizon = now.plus(EXPIRING);
        List<InForce> expiring =
                shown.stream()
                        .filter(a -> a.expiresAt().isPresent())
                        .filter(a -> a.expiresAt().get().isBefore(horizon))
                        .sorted(Comparator.comparing(a -> a.expiresAt().get()))
                        .toList();
        List<Organisation> all = organisations.list();
        List<Partner> partners =
                all.stream()
                        .filter(o -> o.kind() == OrgKind.PARTNER)
                        .map(
                                o ->
                                        new Partner(
                                                o.name(),
                                                o.country(),
                                                inForce.stream()
                                                        .filter(a -> a.parties().contains(o.id()))
                                                        .count()))
                        .sorted(Comparator.comparing(Partner::name))
                        .toList();
        long constituents = all.stream().filter(o -> o.kind() == OrgKind.CONSTITUENT).count();
        return new Summary(now, shown, expiring, partners, constituents);
    }
}
