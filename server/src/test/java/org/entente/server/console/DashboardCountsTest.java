package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.entente.server.agreement.Agreements;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.ledger.Ledger;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import org.entente.server.policy.DryRun;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;

/**
 * A dashboard count made off the request's thread (the flows, what is withheld) that cannot run to
 * its end, whatever was thrown (the database gone, the stack exhausted, a class that fails to
 * link), is kept as failed with an error id: the views of the next {@link DashboardFlows#MAX_AGE}
 * start no other count, and the first view after it counts again. What the counts read of the
 * ledger and of the dry run is a stand-in here, since a real one cannot be made to throw an {@link
 * Error} on demand; the people, organisations and agreements are the node's. The dashboard's own
 * tests count on real ledgers ({@code DashboardTest}).
 */
class DashboardCountsTest {
    private static final List<String> KINDS = List.of("database", "linkage", "stack");

    /** The ledger's side of the flows: held, then throws the failure set, then counts nothing. */
    private static final class HeldLedger implements DashboardFlows.Source {
        final HeldWork work = new HeldWork();
        final AtomicInteger counted = new AtomicInteger();

        @Override
        public long head() {
            return 7;
        }

        @Override
        public Ledger.RecentTotals reportTotals(long from, long recentFrom, long to) {
            counted.incrementAndGet();
            return work.run(() -> new Ledger.RecentTotals(List.of(), List.of()));
        }
    }

    /** The dry run's side: held, then throws the failure set, then withholds nothing. */
    private static final class HeldDryRun implements DashboardWithheld.Source {
        final HeldWork work = new HeldWork();
        final AtomicInteger counted = new AtomicInteger();

        @Override
        public long generation() {
            return 7;
        }

        @Override
        public DryRun.Party now(Organisation party) {
            counted.incrementAndGet();
            return work.run(() -> new DryRun.Party(party, List.of(), 0, Map.of(), List.of(), 0));
        }
    }

    /** A clock standing at the node's time, moved by this test alone. */
    private static final class Stepped extends Clock {
        private final AtomicReference<Instant> now;

        Stepped(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test's clock, in UTC");
        }
    }

    private static SignIns.Person person(TestNode node, Role role) {
        NodePrincipal p = node.bean(Principals.class).require(SignInTest.person(node, role));
        return new SignIns.Person(p.id(), p.name(), p.roles());
    }

    /** What a test reads of one view of either count: the figures shown, and whether it counts. */
    private record Seen<F>(Optional<F> figures, boolean counting) {}

    /** The figures of the count that failed, and of the one made after {@code MAX_AGE}. */
    private record Story<F>(F failed, F again) {}

    /**
     * The story both counts must tell. The first view starts a count, held until released; it
     * fails, and the views show the failure with an error id. Views before {@code maxAge} show that
     * figure and start no count; the first view at {@code maxAge} counts again, and that count ends
     * without a failure.
     */
    private static <F> Story<F> failsThenIsCountedAgain(
            String kind,
            Duration maxAge,
            Stepped clock,
            HeldWork work,
            AtomicInteger counted,
            Supplier<Seen<F>> view,
            Function<F, Optional<String>> failure) {
        Seen<F> first = view.get();
        assertThat(first.figures()).as(kind).isEmpty();
        assertThat(first.counting()).as(kind).isTrue();
        work.release.countDown();

        Seen<F> failed =
                awaitSeen(
                        view,
                        v -> v.figures().isPresent() && !v.counting(),
                        "the count to end, " + kind);
        F f = failed.figures().get();
        assertThat(failure.apply(f))
                .as(kind)
                .hasValueSatisfying(id -> assertThat(id).matches(HeldWork.ERROR_ID));

        // the views before MAX_AGE show the failure and start no count
        clock.advance(maxAge.minusSeconds(1));
        Seen<F> later = view.get();
        assertThat(later.figures()).as(kind).containsSame(f);
        assertThat(later.counting()).as(kind).isFalse();
        assertThat(counted).as(kind).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        Seen<F> again =
                awaitSeen(
                        view,
                        v -> v.figures().isPresent() && failure.apply(v.figures().get()).isEmpty(),
                        "the count made again, " + kind);
        return new Story<>(f, again.figures().get());
    }

    /** Views until one satisfies {@code ended}; that view. */
    private static <F> Seen<F> awaitSeen(
            Supplier<Seen<F>> view, Predicate<Seen<F>> ended, String what) {
        AtomicReference<Seen<F>> last = new AtomicReference<>();
        Agency.await(
                Duration.ofSeconds(30),
                what,
                () -> {
                    last.set(view.get());
                    return ended.test(last.get());
                });
        return last.get();
    }

    @EachDatabase
    void aFlowsCountThatCannotEndIsKeptAsFailedAndMadeAgainOnlyAfterTenMinutes(TestNode node) {
        SignIns.Person auditor = person(node, Role.AUDITOR);
        for (String kind : KINDS) {
            HeldLedger ledger = new HeldLedger();
            ledger.work.failure.set(HeldWork.failure(kind));
            Stepped clock = new Stepped(node.clock().instant());
            try (DashboardFlows flows =
                    new DashboardFlows(
                            ledger,
                            node.bean(Organisations.class),
                            node.bean(Principals.class),
                            clock)) {
                Story<DashboardFlows.Figures> story =
                        failsThenIsCountedAgain(
                                kind,
                                DashboardFlows.MAX_AGE,
                                clock,
                                ledger.work,
                                ledger.counted,
                                () -> {
                                    DashboardFlows.View v = flows.of(auditor).orElseThrow();
                                    return new Seen<>(v.figures(), v.counting());
                                },
                                DashboardFlows.Figures::failure);
                assertThat(story.failed().flows()).as(kind).isEmpty();
                assertThat(story.again().flows()).as(kind).isPresent();
                assertThat(ledger.counted).as(kind).hasValue(2);
            }
        }
    }

    @EachDatabase
    void aWithheldCountThatCannotEndIsKeptAsFailedAndMadeAgainOnlyAfterTenMinutes(TestNode node) {
        Agency local = node.agency("local");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String partner = local.organisation("partner", "CERT " + tag, "JP");
        local.agreement(
                "MOC " + tag,
                partner,
                Agency.area("information-exchange", "both", "amber", "none", false));
        SignIns.Person liaison = person(node, Role.LIAISON);
        for (String kind : KINDS) {
            HeldDryRun dryRun = new HeldDryRun();
            dryRun.work.failure.set(HeldWork.failure(kind));
            Stepped clock = new Stepped(node.clock().instant());
            try (DashboardWithheld withheld =
                    new DashboardWithheld(
                            dryRun,
                            node.bean(Agreements.class),
                            node.bean(Organisations.class),
                            node.bean(Principals.class),
                            clock)) {
                Story<DashboardWithheld.Figures> story =
                        failsThenIsCountedAgain(
                                kind,
                                DashboardWithheld.MAX_AGE,
                                clock,
                                dryRun.work,
                                dryRun.counted,
                                () -> {
                                    DashboardWithheld.View v = withheld.of(liaison).orElseThrow();
                                    return new Seen<>(v.figures(), v.counting());
                                },
                                DashboardWithheld.Figures::failure);
                assertThat(story.failed().partners()).as(kind).isEmpty();
                assertThat(story.again().partners())
                        .as(kind)
                        .extracting(DashboardWithheld.Partner::name)
                        .contains("CERT " + tag);
                assertThat(dryRun.counted.get()).as(kind).isGreaterThan(1);
            }
        }
    }
}
