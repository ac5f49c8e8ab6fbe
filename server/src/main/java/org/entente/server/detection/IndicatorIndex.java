package org.entente.server.detection;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.entente.pattern.Indicator;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Match;
import org.entente.pattern.Observation;
import org.entente.stix.Tlp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The compiled indicators: one live {@link IndicatorMatcher} and, beside it, where each indicator
 * is held, keyed by its collection, lineage and id (ADR 0009) so that a version another
 * organisation sends of an id never replaces, revokes or moves ours. A new version replaces the old
 * one, a revoked one leaves, an expired one ({@code valid_until}) stops matching by the clock.
 *
 * <p>Memory: each compiled indicator costs an estimated {@link #cost} of heap; indicators are
 * compiled while the total stays within {@link DetectionSettings#memoryBudget()} and {@link
 * DetectionSettings#maxIndicators()}. The ones beyond are counted, logged and reported, never
 * compiled: a node holding millions of indicators on a small heap keeps running and says what it
 * does not look for.
 *
 * <p>Threads: whoever reads or changes the index holds {@link #lock} (the compiling thread once per
 * indicator, a batch of events for the whole batch, a flush while it takes the ended windows); the
 * gauges read only the volatile totals. NB: nothing done under the lock may read the database: the
 * compiling thread waits for the lock while it holds a connection, streaming the stored indicators,
 * so a read under the lock could wait for a connection that is never given back.
 */
final class IndicatorIndex {
    private static final Logger LOG = LoggerFactory.getLogger(IndicatorIndex.class);

    /**
     * Where an indicator is held, so that its sightings go beside it, with its TLP; and what it
     * costs the heap while compiled (0 once expired out of the matcher).
     */
    record Held(String collectionId, String stixId, Tlp tlp, long cost) {}

    /** A match of an indicator held: who may hear of it and be sighted by it is decided later. */
    record Found(Held held, Match match) {}

    /**
     * Guards the index and the sightings counted from its matches. Fair: the compiling thread takes
     * it once per indicator, and a batch of events must get it between two of them rather than wait
     * for the compile to end.
     */
    final ReentrantLock lock = new ReentrantLock(true);

    private final IndicatorMatcher matcher;
    private final Map<String, Held> held = new HashMap<>();
    private final int maxIndicators;
    private final long budget;
    private volatile long leftOut;
    private volatile long used;
    private boolean budgetFull;
    private boolean countFull;

    IndicatorIndex(DetectionSettings settings, Clock clock) {
        this.matcher = new IndicatorMatcher(clock);
        this.maxIndicators = settings.maxIndicators();
        this.budget = settings.memoryBudget().toBytes();
    }

    /**
     * The matcher's key of an indicator: its id within its collection and lineage (ADR 0009), so
     * that a version another organisation sends of an id never replaces, revokes or moves ours.
     */
    static String key(String collectionId, String lineage, String stixId) {
        return collectionId + " " + lineage + " " + stixId;
    }

    /**
     * The heap one compiled indicator is estimated to take: about 1.5 KB for a one-comparison
     * pattern (1,466 bytes measured, docs/benchmarks.md), growing with the pattern.
     */
    static long cost(JsonNode indicator) {
        return 1_200 + 8L * indicator.path("pattern").asString("").length();
    }

    /**
     * Compiles an indicator read from a collection, replacing the version held under the same key,
     * or removes it when revoked. One that is not STIX patterning, or has no valid id, is not
     * looked for.
     *
     * @param tlp the indicator's TLP as ingest read it, by meaning (its collection's default when
     *     unmarked): its sightings are marked so, never laxer
     */
    void add(String collectionId, String lineage, Tlp tlp, JsonNode json) {
        Indicator read;
        try {
            read = Indicator.from(json);
        } catch (IllegalArgumentException notMatchable) {
            return; // not STIX patterning, or no valid id: nothing to look for
        }
        String key = key(collectionId, lineage, read.id());
        if (read.revoked()) {
            matcher.remove(key);
            Held gone = held.remove(key);
            if (gone != null) {
                used -= gone.cost();
            }
            return;
        }
        Held old = held.get(key);
        long cost = cost(json);
        if (old == null) {
            boolean overCount = matcher.size() >= maxIndicators;
            boolean overBudget = used + cost > budget;
            if (overCount || overBudget) {
                leftOut(overCount, overBudget);
                return;
            }
        }
        IndicatorMatcher.Result r =
                matcher.add(
                        new Indicator(
                                key,
                                read.version(),
                                read.pattern(),
                                read.validUntil(),
                                read.revoked()));
        if (r.loaded()) {
            held.put(key, new Held(collectionId, read.id(), tlp, cost));
            used += cost - (old == null ? 0 : old.cost());
        }
    }

    private void leftOut(boolean overCount, boolean overBudget) {
        leftOut++;
        if (overBudget && !budgetFull) {
            budgetFull = true;
            LOG.warn(
                    "detection: the memory budget of {} MB (entente.detection.memory-budget) is"
                            + " full at {} indicators; the ones beyond are left out, not looked"
                            + " for, and counted in entente_detection_indicators_left_out (raise"
                            + " the budget and the heap to look for them)",
                    budget / (1024 * 1024),
                    matcher.size());
        }
        if (overCount && !countFull) {
            countFull = true;
            LOG.warn(
                    "detection: more than {} indicators; the ones beyond are left out, not looked"
                            + " for (raise entente.detection.max-indicators and the heap)",
                    maxIndicators);
        }
    }

    /** Takes the indicators past their {@code valid_until} out of the matcher, and their cost. */
    void expire() {
        for (String key : matcher.expire()) {
            Held h = held.get(key);
            if (h != null) {
                used -= h.cost();
                held.put(key, new Held(h.collectionId(), h.stixId(), h.tlp(), 0));
            }
        }
    }

    /**
     * The matches one observation completes, each with where its indicator is held; the matcher
     * keeps correlation state, so observations come in stream order.
     */
    List<Found> match(Observation obs) {
        List<Found> found = new ArrayList<>();
        for (Match m : matcher.match(obs)) {
            Held h = held.get(m.indicatorId());
            if (h != null) {
                found.add(new Found(h, m));
            }
        }
        return found;
    }

    /** Where the indicator under this key is held; empty once revoked. */
    Optional<Held> held(String key) {
        return Optional.ofNullable(held.get(key));
    }

    /** How many indicators are compiled. */
    int size() {
        return matcher.size();
    }

    /** How many indicators were left out by the memory budget or the count. */
    long leftOut() {
        return leftOut;
    }

    /** The heap the compiled indicators are estimated to use, in bytes. */
    long used() {
        return used;
    }

    /** The heap they may use, in bytes. */
    long budget() {
        return budget;
    }

    /** Why indicators were left out, for the log. */
    String whyLeftOut() {
        return budgetFull && countFull
                ? "memory budget and max-indicators full"
                : budgetFull
                        ? "memory budget full: raise entente.detection.memory-budget and the heap"
                        : "entente.detection.max-indicators=" + maxIndicators + " reached";
    }
}
