package org.entente.pattern;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An indicator's pattern matched: the observations that together satisfy it, ordered by their
 * position in the stream. A pattern of one observation expression matches one observation.
 */
public record Match(String indicatorId, List<MatchedObservation> observations) {
    public Match {
        Objects.requireNonNull(indicatorId, "indicatorId");
        observations = List.copyOf(observations);
        if (observations.isEmpty()) {
            throw new IllegalArgumentException("observations: a match has at least one");
        }
    }

    /** The earliest time any of the observations was seen. */
    public Instant first() {
        long min = Long.MAX_VALUE;
        for (MatchedObservation o : observations) {
            min = Math.min(min, o.firstMicros());
        }
        return Observation.instant(min);
    }

    /** The latest time any of the observations was seen. */
    public Instant last() {
        long max = Long.MIN_VALUE;
        for (MatchedObservation o : observations) {
            max = Math.max(max, o.lastMicros());
        }
        return Observation.instant(max);
    }

    /** The position in the stream of the observation that completed the match. */
    public long completedAt() {
        long max = Long.MIN_VALUE;
        for (MatchedObservation o : observations) {
            max = Math.max(max, o.seq());
        }
        return max;
    }
}
