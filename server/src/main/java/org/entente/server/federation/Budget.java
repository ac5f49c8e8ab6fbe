package org.entente.server.federation;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * How many objects a peer may still send us now: a token bucket of {@code maxObjectsPerSecond}, one
 * second deep. Kept per peer across runs.
 */
final class Budget {
    private final int perSecond;
    private final Clock clock;
    private double tokens;
    private long refilledAt;

    Budget(int perSecond, Clock clock) {
        this.perSecond = perSecond;
        this.clock = clock;
        this.tokens = perSecond;
        this.refilledAt = clock.millis();
    }

    synchronized boolean allows() {
        if (perSecond == 0) {
            return true;
        }
        refill();
        return tokens > 0;
    }

    synchronized void spend(int objects) {
        if (perSecond > 0) {
            refill();
            tokens -= objects;
        }
    }

    /** When the bucket holds a token again. */
    synchronized Optional<Instant> notBefore() {
        if (perSecond == 0) {
            return Optional.empty();
        }
        refill();
        if (tokens > 0) {
            return Optional.empty();
        }
        long wait = (long) Math.ceil((1 - tokens) * 1000.0 / perSecond);
        return Optional.of(clock.instant().plusMillis(wait));
    }

    String describe() {
        return "at most " + perSecond + " objects per second from this peer";
    }

    private void refill() {
        long now = clock.millis();
        tokens = Math.min(perSecond, tokens + (now - refilledAt) * perSecond / 1000.0);
        refilledAt = now;
    }
}
