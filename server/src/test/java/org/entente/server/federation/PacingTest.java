package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the next run comes, by a fixed clock and chosen chance. */
class PacingTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final FederationSettings SETTINGS = FederationSettings.DEFAULTS;

    private static RunReport report(
            RunReport.Outcome outcome,
            int stored,
            Optional<Duration> retryAfter,
            Optional<Instant> notBefore) {
        return new RunReport(
                "p",
                NOW,
                NOW,
                outcome,
                List.of(
                        new RunReport.CollectionRun(
                                "threat-intel",
                                Optional.of("threat-intel"),
                                stored,
                                0,
                                0,
                                1,
                                true,
                                0,
                                0,
                                0,
                                Optional.empty(),
                                Optional.empty())),
                outcome == RunReport.Outcome.FAILED
                        ? Optional.of(PeerFailure.Kind.UNREACHABLE)
                        : Optional.empty(),
                Optional.empty(),
                retryAfter,
                notBefore);
    }

    @Test
    void aRunThatMovedObjectsIsFollowedSoonAndIdleRunsBackOffToTheIdleInterval() {
        Pacing p = new Pacing(SETTINGS, CLOCK, () -> 0.5);
        Pacing.State s = new Pacing.State();
        RunReport busy = report(RunReport.Outcome.OK, 10, Optional.empty(), Optional.empty());
        RunReport idle = report(RunReport.Outcome.OK, 0, Optional.empty(), Optional.empty());
        assertThat(p.next(busy, s)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.next(idle, s)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.next(idle, s)).isEqualTo(Duration.ofMillis(800));
        assertThat(p.next(idle, s)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.next(idle, s)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.next(busy, s)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void failuresBackOffExponentiallyWithJitterUpToTheMaximum() {
        Pacing low = new Pacing(SETTINGS, CLOCK, () -> 0.0);
        Pacing high = new Pacing(SETTINGS, CLOCK, () -> 0.999);
        Pacing.State a = new Pacing.State();
        Pacing.State b = new Pacing.State();
        RunReport failed = report(RunReport.Outcome.FAILED, 0, Optional.empty(), Optional.empty());
        long[] bases = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
        for (long base : bases) {
            Duration d1 = low.next(failed, a);
            Duration d2 = high.next(failed, b);
            assertThat(d1).isEqualTo(Duration.ofMillis(base * 1000 / 2));
            assertThat(d2)
                    .isBetween(Duration.ofMillis(base * 1000 * 99 / 100), Duration.ofSeconds(base));
        }
        // success resets the count
        low.next(report(RunReport.Outcome.OK, 1, Optional.empty(), Optional.empty()), a);
        assertThat(low.next(failed, a)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aPeersRetryAfterAndOurRateLimitAreNeverCutShort() {
        Pacing p = new Pacing(SETTINGS, CLOCK, () -> 0.5);
        assertThat(
                        p.next(
                                report(
                                        RunReport.Outcome.FAILED,
                                        0,
                                        Optional.of(Duration.ofSeconds(42)),
                                        Optional.empty()),
                                new Pacing.State()))
                .isEqualTo(Duration.ofSeconds(42));
        assertThat(
                        p.next(
                                report(
                                        RunReport.Outcome.OK,
                                        500,
                                        Optional.empty(),
                                        Optional.of(NOW.plusSeconds(3))),
                                new Pacing.State()))
                .isEqualTo(Duration.ofSeconds(3));
    }
}
