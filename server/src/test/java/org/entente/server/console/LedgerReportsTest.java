package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.entente.server.error.ApiException;
import org.entente.server.ledger.ExchangeRow;
import org.entente.server.ledger.Ledger;
import org.entente.server.testing.Agency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An exchange report's count that cannot run to its end ends as failed with an error id, whatever
 * was thrown: waiting for its rows is an error naming that id, asking for the same report counts it
 * again rather than serving the failure, and other reports may be counted. Also, on any database,
 * the rule of one count at a time. The ledger is a stand-in, since a real one cannot be made to
 * fail or to hold a count on demand on every database; the pages' own tests run on real ledgers
 * ({@code LedgerPagesTest}).
 */
class LedgerReportsTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    private static final LedgerReports.Asked ALL =
            new LedgerReports.Asked(
                    Optional.empty(), new LedgerPages.Period(Optional.empty(), Optional.empty()));

    private static final LedgerReports.Asked ONE =
            new LedgerReports.Asked(
                    Optional.of("org-1"),
                    new LedgerPages.Period(
                            Optional.of(LocalDate.parse("2026-01-01")), Optional.empty()));

    private static final List<ExchangeRow> ROWS =
            List.of(
                    new ExchangeRow(
                            "org-1",
                            Optional.empty(),
                            "2026-Q1",
                            new ExchangeRow.Flow(2, 2, 0, 0),
                            Map.of(),
                            Map.of()));

    /** A ledger that stands still; its counts are held, then throw the failure set, if any. */
    private static final class Held implements LedgerReports.Source {
        final HeldWork work = new HeldWork();
        final AtomicInteger counted = new AtomicInteger();

        @Override
        public Ledger.Position position() {
            return new Ledger.Position(7, "cd".repeat(32));
        }

        @Override
        public List<ExchangeRow> report(LedgerReports.Asked asked) {
            counted.incrementAndGet();
            return work.run(() -> ROWS);
        }
    }

    private static void awaitEnd(LedgerReports.Count c) {
        Agency.await(Duration.ofSeconds(30), "count " + c.id() + " to end", () -> !c.running());
    }

    @ParameterizedTest
    @ValueSource(strings = {"database", "linkage", "stack"})
    void aCountThatCannotEndIsFailedWithAnErrorIdAndIsCountedAgainWhenAskedAgain(String kind) {
        Held ledger = new Held();
        ledger.work.failure.set(HeldWork.failure(kind));
        try (LedgerReports reports = new LedgerReports(ledger, CLOCK)) {
            LedgerReports.Count failed = reports.count(ALL, "Ada");
            ledger.work.release.countDown();
            awaitEnd(failed);

            assertThat(failed.failure())
                    .hasValueSatisfying(id -> assertThat(id).matches(HeldWork.ERROR_ID));
            assertThat(failed.ended()).contains(CLOCK.instant());
            assertThatThrownBy(failed::awaitRows)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not be counted")
                    .hasMessageContaining(failed.failure().get());
            assertThat(reports.find(failed.id())).containsSame(failed);

            // the ledger has not moved, yet the failure is not served again: it is counted anew
            LedgerReports.Count again = reports.count(ALL, "Ada");
            assertThat(again.id()).isNotEqualTo(failed.id());
            awaitEnd(again);
            assertThat(again.failure()).isEmpty();
            assertThat(again.awaitRows()).isEqualTo(ROWS);
            assertThat(ledger.counted).hasValue(2);

            // and a counted one, the ledger still where it was, is served without a count
            assertThat(reports.count(ALL, "Bob")).isSameAs(again);
            assertThat(ledger.counted).hasValue(2);
        }
    }

    @Test
    void whileOneIsCountedTheSameReportFollowsItAndAnotherIsRefused() {
        Held ledger = new Held();
        try (LedgerReports reports = new LedgerReports(ledger, CLOCK)) {
            LedgerReports.Count counting = reports.count(ALL, "Ada");
            assertThat(counting.running()).isTrue();
            assertThat(reports.count(ALL, "Bob")).isSameAs(counting);
            assertThatThrownBy(() -> reports.count(ONE, "Bob"))
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("already being made")
                    .hasMessageContaining(counting.id())
                    .hasMessageContaining("asked for by Ada");
            ledger.work.release.countDown();
            awaitEnd(counting);
            assertThat(counting.awaitRows()).isEqualTo(ROWS);

            LedgerReports.Count other = reports.count(ONE, "Bob");
            awaitEnd(other);
            assertThat(other.awaitRows()).isEqualTo(ROWS);
            assertThat(ledger.counted).hasValue(2);
        }
    }
}
