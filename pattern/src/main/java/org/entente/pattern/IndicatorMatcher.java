package org.entente.pattern;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Many indicators compiled into one matcher (docs/pattern.md). Finding which observation
 * expressions an observation satisfies costs a few index lookups whatever the number of indicators
 * ({@link Probe}); patterns that span observations are then correlated in observation order ({@link
 * #correlate}).
 *
 * <p>Indicators are added, replaced by newer versions, revoked and expired while matching goes on;
 * each change touches only that indicator's index entries. Expiry follows {@code valid_until}
 * against the injected clock: {@link #expire()} removes what has expired, and an expired indicator
 * never reports a match even before that.
 *
 * <p>Threads: {@link #add}, {@link #remove} and {@link #expire} may be called from any thread (they
 * serialise on the matcher); probes may search from any number of threads meanwhile; {@link
 * #correlate} and {@link #match} keep correlation state and must be called by one thread at a time,
 * in observation order.
 */
public final class IndicatorMatcher {
    /** What became of an indicator offered to {@link #add}. */
    public enum Outcome {
        ADDED,
        REPLACED,
        REVOKED,
        /** Not newer than the version already loaded; nothing changed. */
        STALE,
        /** Its valid_until has passed; not loaded (and an older version removed). */
        EXPIRED,
        REJECTED
    }

    /**
     * @param reason why it was rejected, expired or stale; empty when added or replaced
     */
    public record Result(String indicatorId, Outcome outcome, String reason) {
        public Result {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(reason, "reason");
        }

        public boolean loaded() {
            return outcome == Outcome.ADDED || outcome == Outcome.REPLACED;
        }
    }

    private static final java.util.Comparator<Match> BY_INDICATOR =
            java.util.Comparator.comparing(Match::indicatorId);

    private final Clock clock;
    private final Limits limits;
    private final LeafIndex index = new LeafIndex();
    private final Map<String, Entry> entries = new HashMap<>();

    /** Versions of revoked indicators, so that an older version arriving later stays out. */
    private final Map<String, String> revoked = new HashMap<>();

    private final PriorityQueue<Entry> expiries =
            new PriorityQueue<>((a, b) -> Long.compare(a.validUntilMicros, b.validUntilMicros));

    /** Entries that hold correlation state (correlating thread only). */
    private final Set<Entry> stateful = new LinkedHashSet<>();

    private long watermark = Long.MIN_VALUE;

    /** Counts correlated observations; entries stamp themselves with it (correlating thread). */
    private long correlations;

    private Probe ownProbe;

    public IndicatorMatcher(Clock clock, Limits limits) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public IndicatorMatcher(Clock clock) {
        this(clock, Limits.DEFAULT);
    }

    // ---- indicators -------------------------------------------------------------------------

    /** Loads a STIX indicator object (or its new version, or its revocation). */
    public Result add(JsonNode indicator) {
        Indicator parsed;
        try {
            parsed = Indicator.from(indicator);
        } catch (IllegalArgumentException e) {
            JsonNode id = indicator == null ? null : indicator.get("id");
            return new Result(
                    id != null && id.isString() ? id.stringValue() : "",
                    Outcome.REJECTED,
                    e.getMessage());
        }
        return add(parsed);
    }

    public synchronized Result add(Indicator indicator) {
        String id = indicator.id();
        Entry old = entries.get(id);
        String known = old != null ? old.version : revoked.get(id);
        if (known != null
                && !indicator.version().isEmpty()
                && indicator.version().compareTo(known) <= 0) {
            return new Result(
                    id,
                    Outcome.STALE,
                    old != null
                            ? "a version as new is already loaded"
                            : "the indicator was revoked by a version as new");
        }
        if (indicator.revoked()) {
            if (old != null) {
                drop(old);
            }
            revoked.put(id, indicator.version());
            return new Result(id, Outcome.REVOKED, "revoked");
        }
        long now = Observation.micros(clock.instant());
        Optional<java.time.Instant> until = indicator.validUntil();
        if (until.isPresent() && Observation.micros(until.get()) <= now) {
            if (old != null) {
                drop(old);
            }
            return new Result(id, Outcome.EXPIRED, "valid_until " + until.get() + " has passed");
        }
        Program program;
        try {
            program = Program.compile(StixPattern.parse(indicator.pattern(), limits), limits);
        } catch (PatternException e) {
            return new Result(id, Outcome.REJECTED, e.getMessage());
        }
        Entry entry = new Entry(indicator, program);
        if (old != null) {
            drop(old);
        }
        index.add(entry);
        entries.put(id, entry);
        if (entry.validUntilMicros != Long.MAX_VALUE) {
            expiries.add(entry);
        }
        return new Result(id, old == null ? Outcome.ADDED : Outcome.REPLACED, "");
    }

    /** Removes an indicator; false if it was not loaded. */
    public synchronized boolean remove(String indicatorId) {
        Entry old = entries.get(indicatorId);
        if (old == null) {
            return false;
        }
        drop(old);
        return true;
    }

    /**
     * Removes every indicator whose valid_until is not after the clock's now; returns their ids.
     */
    public synchronized List<String> expire() {
        long now = Observation.micros(clock.instant());
        List<String> gone = new ArrayList<>();
        while (!expiries.isEmpty() && expiries.peek().validUntilMicros <= now) {
            Entry e = expiries.poll();
            if (entries.get(e.id()) == e) {
                drop(e);
                gone.add(e.id());
            }
        }
        return gone;
    }

    private void drop(Entry e) {
        entries.remove(e.id());
        expiries.remove(e);
        index.remove(e);
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized boolean contains(String indicatorId) {
        return entries.containsKey(indicatorId);
    }

    /** Observation expressions filed in the index (an indicator has one or more). */
    public synchronized int leafCount() {
        return index.leafCount();
    }

    // ---- matching ---------------------------------------------------------------------------

    /** A probe for one searching thread. */
    public Probe newProbe() {
        return new Probe(index);
    }

    /**
     * Turns what a probe found in one observation into matches: single-observation patterns match
     * at once; patterns over several observations advance their state. Call in observation order,
     * from one thread.
     */
    public List<Match> correlate(Observation obs, Hits hits) {
        watermark = Math.max(watermark, obs.firstMicros());
        if (hits.isEmpty()) {
            return List.of();
        }
        long now = Long.MIN_VALUE; // read from the clock only for indicators that expire
        MatchedObservation mo = null;
        List<Match> out = null;
        long stamp = ++correlations;
        List<Entry> multi = null;
        for (LeafIndex.Leaf leaf : hits.leaves) {
            if (!leaf.active) {
                continue;
            }
            if (leaf.validUntilMicros != Long.MAX_VALUE) {
                if (now == Long.MIN_VALUE) {
                    now = Observation.micros(clock.instant());
                }
                if (leaf.validUntilMicros <= now) {
                    continue;
                }
            }
            if (leaf.singleLeaf) {
                // the indicator's only leaf, and hits hold a leaf once: one match, and no need
                // to touch the entry
                if (mo == null) {
                    mo = MatchedObservation.of(obs);
                }
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(new Match(leaf.indicatorId, List.of(mo)));
                continue;
            }
            Entry e = leaf.entry;
            if (e.seenAt != stamp) {
                e.seenAt = stamp;
                e.leafHits = new boolean[e.program.leafCount()];
                if (multi == null) {
                    multi = new ArrayList<>(2);
                }
                multi.add(e);
            }
            e.leafHits[leaf.local] = true;
        }
        if (multi != null) {
            for (Entry e : multi) {
                Program.State state = null;
                if (!e.program.stateless()) {
                    if (e.state == null) {
                        e.state = e.program.newState();
                        stateful.add(e);
                    }
                    state = e.state;
                }
                if (mo == null) {
                    mo = MatchedObservation.of(obs);
                }
                Partial done = e.program.offer(state, mo, e.leafHits);
                e.leafHits = null;
                if (done != null) {
                    if (out == null) {
                        out = new ArrayList<>(2);
                    }
                    out.add(new Match(e.id(), done.observations()));
                }
            }
        }
        if (out == null) {
            return List.of();
        }
        if (out.size() > 1) {
            out.sort(BY_INDICATOR);
        }
        return out;
    }

    /**
     * Drops correlation state that can no longer lead to a match (its WITHIN window has passed) or
     * that belongs to removed indicators. Call now and then from the correlating thread.
     */
    public void sweep() {
        stateful.removeIf(
                e -> {
                    if (!e.active) {
                        e.state = null;
                        return true;
                    }
                    e.program.prune(e.state, Math.max(watermark, e.state.watermark));
                    if (e.state.empty()) {
                        e.state = null;
                        return true;
                    }
                    return false;
                });
    }

    /** Observation references held in correlation state now (tests and metrics). */
    public long stateRefs() {
        long total = 0;
        for (Entry e : stateful) {
            total += e.state == null ? 0 : e.state.refs();
        }
        return total;
    }

    /**
     * Tells the correlator that observations up to this time (microseconds since the epoch) were
     * seen without hits, so that state waiting on a {@code WITHIN} window can be dropped. Call from
     * the correlating thread.
     */
    public void advanceTo(long micros) {
        watermark = Math.max(watermark, micros);
    }

    /** Finds and correlates in one step, on the calling thread. */
    public List<Match> match(Observation obs) {
        if (ownProbe == null) {
            ownProbe = newProbe();
        }
        return correlate(obs, ownProbe.find(obs));
    }
}
