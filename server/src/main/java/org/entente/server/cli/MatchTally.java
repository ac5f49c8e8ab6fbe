package org.entente.server.cli;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.entente.pattern.IndicatorMatcher;
import org.entente.stix.ObjectStream;
import tools.jackson.databind.JsonNode;

/**
 * The counts of one {@code entente match} run and what its {@link RunListener} is told of them:
 * indicators loaded and refused (by reason), events read, refused, matched, and progress every so
 * many events. Counts are changed by the reader and the writer thread, so under this object's lock.
 */
final class MatchTally {
    private final long started;
    private final RunListener listener;
    private final long progressEvery;
    private int rejected;
    private final Map<String, Integer> reasons = new TreeMap<>();
    private long nextProgress;
    long eventsRead;
    long blankLines;
    long eventsRejected;
    long eventsUnmapped;
    long eventsMatched;
    long matches;
    long sightings;
    long eventsStarted;

    MatchTally(long started, RunListener listener, long progressEvery) {
        this.started = started;
        this.listener = listener;
        this.progressEvery = progressEvery;
        this.nextProgress = progressEvery;
    }

    RunListener listener() {
        return listener;
    }

    /** Loads the indicators of {@code indicators} into {@code matcher}, counting those refused. */
    void load(IndicatorMatcher matcher, InputStream indicators) {
        try (ObjectStream objects = ObjectStream.open(indicators)) {
            while (objects.hasNext()) {
                JsonNode o = objects.next();
                JsonNode type = o.get("type");
                if (type == null || !type.isString() || !type.stringValue().equals("indicator")) {
                    continue; // identities, relationships... travel with indicators
                }
                IndicatorMatcher.Result r = matcher.add(o);
                if (r.outcome() == IndicatorMatcher.Outcome.ADDED
                        || r.outcome() == IndicatorMatcher.Outcome.REPLACED) {
                    continue;
                }
                rejected++;
                reasons.merge(category(r), 1, Integer::sum);
                listener.indicatorRejected(r.indicatorId(), r.reason());
            }
        }
    }

    /** Tells the listener of progress when another {@code progressEvery} events were read. */
    void progress(IndicatorMatcher matcher) {
        if (eventsRead >= nextProgress) {
            nextProgress = (eventsRead / progressEvery + 1) * progressEvery;
            listener.progress(summary(matcher));
        }
    }

    synchronized RunSummary summary(IndicatorMatcher matcher) {
        return new RunSummary(
                matcher.size(),
                rejected,
                reasons,
                eventsRead,
                blankLines,
                eventsRejected,
                eventsUnmapped,
                eventsMatched,
                matches,
                sightings,
                Duration.ofNanos(
                        (eventsStarted == 0 ? System.nanoTime() : eventsStarted) - started),
                Duration.ofNanos(eventsStarted == 0 ? 0 : System.nanoTime() - eventsStarted));
    }

    private static String category(IndicatorMatcher.Result r) {
        switch (r.outcome()) {
            case EXPIRED:
                return "expired";
            case REVOKED:
                return "revoked";
            case STALE:
                return "older version";
            default:
                break;
        }
        String reason = r.reason();
        if (reason.startsWith("pattern_type")) {
            return "not a STIX pattern";
        }
        if (reason.startsWith("the pattern could need")) {
            return "pattern too costly to correlate";
        }
        if (reason.contains("(column") || reason.startsWith("the pattern is")) {
            return "invalid pattern";
        }
        return "malformed indicator";
    }
}
