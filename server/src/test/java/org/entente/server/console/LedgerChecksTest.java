package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.entente.server.error.ApiException;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.VerifyResult;
import org.entente.server.testing.Agency;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A verification started from the console that cannot run to its end (the database gone, the stack
 * exhausted, a class that fails to link) ends as failed with an error id, whatever was thrown: its
 * page and the dashboard then say so, and the next verification runs. The ledger is a stand-in
 * here, since a real one cannot be made to throw an {@link Error} on demand; the pages' own tests
 * run on real ledgers ({@code LedgerPagesTest}).
 */
class LedgerChecksTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    private static final VerifyResult INTACT =
            new VerifyResult("ledger", 3, Optional.empty(), 3, "ab".repeat(32), Duration.ZERO);

    /** A ledger whose verification is held, then throws the failure set, then is intact. */
    private static final class Failing implements LedgerChecks.Source {
        final HeldWork work = new HeldWork();

        Failing(Throwable failure) {
            work.failure.set(failure);
        }

        @Override
        public Map<String, Ledger.OrgHead> orgHeads() {
            return Map.of();
        }

        @Override
        public VerifyResult verify(Optional<String> orgId) {
            return work.run(() -> INTACT);
        }
    }

    private static void awaitEnd(LedgerChecks.Check c) {
        Agency.await(Duration.ofSeconds(30), "check " + c.id() + " to end", () -> !c.running());
    }

    @ParameterizedTest
    @ValueSource(strings = {"database", "linkage", "stack"})
    void aCheckThatCannotEndIsFailedWithAnErrorIdAndTheNextOneRuns(String kind) {
        Failing ledger = new Failing(HeldWork.failure(kind));
        try (LedgerChecks checks = new LedgerChecks(ledger, CLOCK)) {
            LedgerChecks.Check failed = checks.start(Optional.empty(), "Ada");
            assertThat(checks.running()).containsSame(failed);
            assertThatThrownBy(() -> checks.start(Optional.of("org-1"), "Bob"))
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("already running")
                    .hasMessageContaining(failed.id());
            ledger.work.release.countDown();
            awaitEnd(failed);

            assertThat(failed.failure())
                    .hasValueSatisfying(id -> assertThat(id).matches(HeldWork.ERROR_ID));
            assertThat(failed.result()).isEmpty();
            assertThat(failed.ended()).contains(CLOCK.instant());
            assertThat(checks.running()).isEmpty();
            assertThat(checks.latestWhole()).containsSame(failed);

            LedgerChecks.Check next = checks.start(Optional.empty(), "Ada");
            awaitEnd(next);
            assertThat(next.failure()).isEmpty();
            assertThat(next.result()).contains(INTACT);
            assertThat(checks.latestWhole()).containsSame(next);
        }
    }
}
