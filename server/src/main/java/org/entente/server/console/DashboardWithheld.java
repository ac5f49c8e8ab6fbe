package org.entente.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.Agreements;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import org.entente.server.policy.DryRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the policy withholds now from each partner agency under an agreement in force, with the most
 * frequent reasons: {@link DryRun#now}, the dry run's own counting and wording, never a second copy
 * of the rule. Shown to those who may ask an agreement's dry run ({@code GET
 * /api/v1/agreements/{id}/dry-run}: admins and liaison officers).
 *
 * <p>A count reads every latest version stored, seconds at a million objects, so it is never made
 * on a request's thread (docs/adr/0018-dashboard-counts.md). One figure is kept per node, labelled
 * with what it was counted under: the generation of the agreement tables (ADR 0016) and the
 * agreements in force then. A view shows it only while that label still holds; a view that finds it
 * missing, of another label, or older than {@link #MAX_AGE} (objects come and go with no change to
 * any agreement) starts a count on this class's one worker and shows what it has with its age, or
 * "being counted". At most one count runs at a time on a node, and a failed one is not tried again
 * before {@link #MAX_AGE} unless the label moves.
 */
final class DashboardWithheld implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardWithheld.class);

    /** How old a figure may be before a view starts counting again. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    /** The reasons shown per partner. */
    static final int REASONS_SHOWN = 5;

    /** Who may see it: who may ask a dry run. */
    static final Set<Role> READERS = Set.of(Role.ADMIN, Role.LIAISON);

    /** What a figure was counted under: it is shown only while both still hold. */
    record Label(long generation, List<String> inForce) {
        Label {
            inForce = List.copyOf(inForce);
        }
    }

    /**
     * One partner: of every latest version stored, how many it is withheld now, and why.
     *
     * @param worded of {@code withheld}, how many the reasons were worded for (the dry run words at
     *     most {@link DryRun#SAMPLE} per area)
     */
    record Partner(
            String name, long withheld, long total, List<DryRun.Reason> reasons, long worded) {
        Partner {
            Objects.requireNonNull(name, "name");
            reasons = List.copyOf(reasons);
        }

        public boolean allWorded() {
            return worded >= withheld;
        }
    }

    /** A count made at {@code at} under {@code label}; {@code failure} an error id if it failed. */
    record Figures(Label label, Instant at, List<Partner> partners, Optional<String> failure) {
        Figures {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(at, "at");
            partners = List.copyOf(partners);
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * What a view shows.
     *
     * @param figures the kept figures if their label holds now
     * @param counting whether a count is running now (a newer figure is coming)
     * @param ageMinutes how old the figures are, in whole minutes
     */
    record View(Optional<Figures> figures, boolean counting, long ageMinutes) {
        View {
            Objects.requireNonNull(figures, "figures");
        }
    }

    /** What a count reads of the policy's dry run; the node's {@link DryRun}, or a test's. */
    interface Source {
        /** {@link DryRun#generation()}. */
        long generation();

        /** {@link DryRun#now(Organisation)}. */
        DryRun.Party now(Organisation party);

        static Source of(DryRun dryRun) {
            Objects.requireNonNull(dryRun, "dryRun");
            return new Source() {
                @Override
                public long generation() {
                    return dryRun.generation();
                }

                @Override
                public DryRun.Party now(Organisation party) {
                    return dryRun.now(party);
                }
            };
        }
    }

    private final Source dryRun;
    private final Agreements agreements;
    private final Organisations organisations;
    private final Principals principals;
    private final Clock clock;
    private final BackgroundCount worker = new BackgroundCount("entente-dashboard-withheld");
    private volatile Figures kept;

    DashboardWithheld(
            DryRun dryRun,
            Agreements agreements,
            Organisations organisations,
            Principals principals,
            Clock clock) {
        this(Source.of(dryRun), agreements, organisations, principals, clock);
    }

    DashboardWithheld(
            Source dryRun,
            Agreements agreements,
            Organisations organisations,
            Principals principals,
            Clock clock) {
        this.dryRun = Objects.requireNonNull(dryRun, "dryRun");
        this.agreements = Objects.requireNonNull(agreements, "agreements");
        this.organisations = Objects.requireNonNull(organisations, "organisations");
        this.principals = Objects.requireNonNull(principals, "principals");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Empty for a person who may not see it; else the kept figures, a count started if due. */
    Optional<View> of(SignIns.Person person) {
        NodePrincipal viewer = principals.require(person.principalId());
        if (Collections.disjoint(viewer.roles(), READERS)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Label label = label(now);
        Figures f = kept;
        boolean holds = f != null && f.label().equals(label);
        if (!holds || !now.isBefore(f.at().plus(MAX_AGE))) {
            worker.start(this::count);
        }
        return Optional.of(
                new View(
                        holds ? Optional.of(f) : Optional.empty(),
                        worker.running(),
                        holds ? Math.max(0, Duration.between(f.at(), now).toMinutes()) : 0));
    }

    /**
     * The label now. The generation is read before the agreements (as the policy reads them, ADR
     * 0016): a change committed between the two reads labels newer agreements with an older
     * generation, which only makes the next view count again.
     */
    private Label label(Instant now) {
        long generation = dryRun.generation();
        List<String> inForce =
                agreements.list().stream()
                        .filter(a -> a.inForceAt(now))
                        .map(Agreement::id)
                        .sorted()
                        .toList();
        return new Label(generation, inForce);
    }

    private void count() {
        Instant at = clock.instant();
        Label label = null;
        try {
            Label now = label(at);
            label = now;
            List<Agreement> inForce =
                    agreements.list().stream().filter(a -> now.inForce().contains(a.id())).toList();
            List<Partner> partners = new ArrayList<>();
            for (Organisation o : organisations.list()) {
                if (o.kind() != OrgKind.PARTNER
                        || inForce.stream().noneMatch(a -> a.parties().contains(o.id()))) {
                    continue;
                }
                DryRun.Party p = dryRun.now(o);
                DryRun.Counts total = p.total();
                partners.add(
                        new Partner(
                                o.name(),
                                total.withheld(),
                                total.total(),
                                p.reasons().stream().limit(REASONS_SHOWN).toList(),
                                p.worded()));
            }
            partners.sort(Comparator.comparing(Partner::name));
            kept = new Figures(label, at, partners, Optional.empty());
        } catch (RuntimeException | Error e) {
            // an Error too (an exhausted stack, a class that fails to link): kept as a failure, so
            // that views wait MAX_AGE before counting again rather than each starting a count
            String errorId = UUID.randomUUID().toString();
            LOG.error("counting what is withheld from partners failed, error {}", errorId, e);
            if (label != null) {
                kept = new Figures(label, at, List.of(), Optional.of(errorId));
            }
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    @Override
    public void close() {
        worker.close();
    }
}
