package org.entente.pattern;

import java.time.Instant;
import java.util.Optional;

/**
 * An observation that took part in a match.
 *
 * @param seq the observation's position in its stream (for events: the line number)
 * @param observedDataId the observed-data it came from, when it came from one (else null)
 */
public record MatchedObservation(
        long seq, String observedDataId, long firstMicros, long lastMicros) {
    static MatchedObservation of(Observation o) {
        return new MatchedObservation(
                o.seq(), o.observedDataId().orElse(null), o.firstMicros(), o.lastMicros());
    }

    public Optional<String> observedData() {
        return Optional.ofNullable(observedDataId);
    }

    public Instant first() {
        return Observation.instant(firstMicros);
    }

    public Instant last() {
        return Observation.instant(lastMicros);
    }
}
