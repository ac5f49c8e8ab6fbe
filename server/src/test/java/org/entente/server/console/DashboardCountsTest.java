package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

    /** Views until one shows a count that has ended, not counting; that view. */
    private static <V> V awaitCounted(Supplier<V> view, Predicate<V> ended, String what) {
        AtomicReference<V> last = new AtomicReference<>();
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
                DashboardFlows.View first = flows.of(auditor).orElseThrow();
                assertThat(first.figures()).as(kind).isEmpty();
                assertThat(first.counting()).as(kind).isTrue();
                ledger.work.release.countDown();

                DashboardFlows.View failed =
                        awaitCounted(
                                () -> flows.of(auditor).orElseThrow(),
                                v -> v.figures().isPresent() && !v.counting(),
                                "the flows' count to end, " + kind);
                DashboardFlows.Figures f = failed.figures().get();
                assertThat(f.failure())
                        .as(kind)
                        .hasValueSatisfying(id -> assertThat(id).matches(HeldWork.ERROR_ID));
                assertThat(f.flows()).as(kind).isEmpty();

                // the views before MAX_AGE show the failure and start no count
                clock.advance(DashboardFlows.MAX_AGE.minusSeconds(1));
                DashboardFlows.View later = flows.of(auditor).orElseThrow();
                assertThat(later.figures()).as(kind).contains(f);
                assertThat(later.counting()).as(kind).isFalse();
                assertThat(ledger.counted).as(kind).hasValue(1);

                clock.advance(Duration.ofSeconds(1));
                DashboardFlows.View again =
                        awaitCounted(
                                () -> flows.of(auditor).orElseThrow(),
                                v ->
                                        v.figures().isPresent()
                                                && v.figures().get().flows().isPresent(),
                                "the flows counted again, " + kind);
                assertThat(again.figures().get().failure()).as(kind).isEmpty();
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
                DashboardWithheld.View first = withheld.of(liaison).orElseThrow();
                assertThat(first.figures()).as(kind).isEmpty();
                assertThat(first.counting()).as(kind).isTrue();
                dryRun.work.release.countDown();

                DashboardWithheld.View failed =
                        awaitCounted(
                                () -> withheld.of(liaison).orElseThrow(),
                                v -> v.figures().isPresent() && !v.counting(),
                                "the withheld count to end, " + kind);
                DashboardWithheld.Figures f = failed.figures().get();
                assertThat(f.failure())
                        .as(kind)
                        .hasValueSatisfying(id -> assertThat(id).matches(HeldWork.ERROR_ID));
                assertThat(f.partners()).as(kind).isEmpty();

                clock.advance(DashboardWithheld.MAX_AGE.minusSeconds(1));
                DashboardWithheld.View later = withheld.of(liaison).orElseThrow();
                assertThat(later.figures()).as(kind).contains(f);
                assertThat(later.counting()).as(kind).isFalse();
                assertThat(dryRun.counted).as(kind).hasValue(1);

                clock.advance(Duration.ofSeconds(1));
                DashboardWithheld.View again =
                        awaitCounted(
                                () -> withheld.of(liaison).orElseThrow(),
                                v ->
                                        v.figures().isPresent()
                                                && v.figures().get().failure().isEmpty(),
                                "the withheld counted again, " + kind);
                assertThat(again.figures().get().partners())
                        .as(kind)
                        .extracting(DashboardWithheld.Partner::name)
                        .contains("CERT " + tag);
                assertThat(dryRun.counted.get()).as(kind).isGreaterThan(1);
            }
        }
    }
}
