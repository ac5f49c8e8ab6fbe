package org.entente.server.federation;

import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a peer's next run comes: soon after a run that moved objects, later (doubling up to the idle
 * interval) while nothing comes, with exponential backoff and jitter after failures, never before
 * the peer's Retry-After or our rate limit allow.
 */
final class Pacing {
    /** How the last runs of one peer went. */
    static final class State {
        int idle;
        int failures;
    }

    private final FederationSettings settings;
    private final Clock clock;
    private final DoubleSupplier random;

    Pacing(FederationSettings settings, Clock clock, DoubleSupplier random) {
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    /** The pause before the next run, after {@code report}; updates {@code state}. */
    Duration next(RunReport report, State state) {
        Duration d;
        switch (report.outcome()) {
            case FAILED -> {
                state.failures++;
                state.idle = 0;
                d = backoff(state.failures);
                if (report.retryAfter().isPresent() && report.retryAfter().get().compareTo(d) > 0) {
                    d = report.retryAfter().get();
                }
            }
            case OK -> {
                state.failures = 0;
                if (report.busy()) {
                    state.idle = 0;
                    d = settings.minInterval();
                } else {
                    state.idle = Math.min(state.idle + 1, 20);
                    d = settings.minInterval().multipliedBy(1L << state.idle);
                    if (d.compareTo(settings.idleInterval()) > 0) {
                        d = settings.idleInterval();
                    }
                }
            }
            default -> d = settings.idleInterval();
        }
        if (report.notBefore().isPresent()) {
            Duration wait = Duration.between(clock.instant(), report.notBefore().get());
            if (wait.compareTo(d) > 0) {
                d = wait;
            }
        }
        return d;
    }

    /**
     * After the n-th failure in a row: 1 s, 2 s, 4 s... up to the maximum backoff, each drawn at
     * random from its upper half, so that nodes that failed together do not retry together.
     */
    Duration backoff(int failures) {
        long max = settings.maxBackoff().toMillis();
        long base = Math.min(max, 1000L << Math.min(Math.max(failures, 1) - 1, 30));
        return Duration.ofMillis(base / 2 + (long) (random.getAsDouble() * (base / 2.0)));
    }
}
