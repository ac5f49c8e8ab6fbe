package org.entente.server.cli;

import java.time.Duration;
import java.util.Map;

/**
 * Figures of a run of {@link MatchRunner}.
 *
 * @param indicatorsLoaded indicators being matched
 * @param indicatorsRejected indicators that could not be (bad pattern, other pattern type, expired,
 *     revoked...), each reported with its reason to {@link RunListener}
 * @param rejectionsByReason how many indicators were rejected for each kind of reason (the reason's
 *     text up to the first parenthesis or colon)
 * @param eventsRead event lines read, blank lines aside
 * @param blankLines blank lines (or only white space), skipped
 * @param eventsRejected lines that could not be read: not a JSON object, a time that is no
 *     timestamp...
 * @param eventsUnmapped events no shape of the mapping fitted
 * @param eventsMatched events that completed at least one match
 * @param matches matches found
 * @param sightings sighting objects written (sightings output only)
 * @param loading time spent reading and compiling the indicators
 * @param elapsed time spent on events since the indicators were loaded
 */
public record RunSummary(
        int indicatorsLoaded,
        int indicatorsRejected,
        Map<String, Integer> rejectionsByReason,
        long eventsRead,
        long blankLines,
        long eventsRejected,
        long eventsUnmapped,
        long eventsMatched,
        long matches,
        long sightings,
        Duration loading,
        Duration elapsed) {
    public RunSummary {
        rejectionsByReason = Map.copyOf(rejectionsByReason);
    }

    /** Events per second since the indicators were loaded. */
    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : eventsRead / seconds;
    }
}
