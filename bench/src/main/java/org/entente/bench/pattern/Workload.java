package org.entente.bench.pattern;

import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.entente.pattern.EventMapping;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Observation;
import org.entente.pattern.Probe;
import tools.jackson.databind.node.ObjectNode;

/** A loaded matcher and mapped events, shared by the benchmarks and the footprint main. */
final class Workload {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);

    final IndicatorMatcher matcher;
    final Observation[] events;

    /** Whether event i was drawn to carry an indicator's value (else it is benign traffic). */
    final boolean[] drawn;

    /** How the workload's CIDR blocks relate ({@link BenchData#blockSummary}). */
    final String blocks;

    private Workload(
            IndicatorMatcher matcher, Observation[] events, boolean[] drawn, String blocks) {
        this.matcher = matcher;
        this.events = events;
        this.drawn = drawn;
        this.blocks = blocks;
    }

    /**
     * What one pass over the events finds, drawn events and benign ones apart: the leaves satisfied
     * (a match each for the one-leaf indicators of the mix) and the candidates the index proposed
     * that were evaluated in full. For the benchmarks' output, beside the rate.
     */
    String census() {
        Probe p = matcher.newProbe();
        long before = evaluated(p);
        int drawnEvents = 0;
        int benignMatching = 0;
        long drawnHits = 0;
        long benignHits = 0;
        for (int i = 0; i < events.length; i++) {
            int hits = p.find(events[i]).size();
            if (drawn[i]) {
                drawnEvents++;
                drawnHits += hits;
            } else {
                benignHits += hits;
                benignMatching += hits > 0 ? 1 : 0;
            }
        }
        long after = evaluated(p);
        return String.format(
                "drawn=%d/%d (hits per drawn event %.3f) benign-true-matches=%d/%d events (%d"
                        + " hits, %.4f per event) evaluated/event=%s %s",
                drawnEvents,
                events.length,
                drawnHits / (double) Math.max(1, drawnEvents),
                benignMatching,
                events.length,
                benignHits,
                benignHits / (double) events.length,
                before < 0 ? "?" : String.format("%.3f", (after - before) / (double) events.length),
                blocks);
    }

    /** The probe's count of candidates evaluated in full (package-private: read reflectively). */
    private static long evaluated(Probe p) {
        try {
            Method m = Probe.class.getDeclaredMethod("evaluated");
            m.setAccessible(true);
            return (Long) m.invoke(p);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1; // a build without the count
        }
    }

    /**
     * How many benign events truly match some indicator (an address inside a listed block, a benign
     * domain also listed...): they cost a full evaluation and a match, like a drawn hit.
     */
    int benignMatches() {
        Probe p = matcher.newProbe();
        int n = 0;
        for (int i = 0; i < events.length; i++) {
            if (!drawn[i] && !p.find(events[i]).isEmpty()) {
                n++;
            }
        }
        return n;
    }

    static IndicatorMatcher matcher(List<BenchData.Spec> specs) {
        IndicatorMatcher m = new IndicatorMatcher(CLOCK);
        int rejected = 0;
        for (int i = 0; i < specs.size(); i++) {
            if (!m.add(BenchData.indicatorJson(i, specs.get(i))).loaded()) {
                rejected++;
            }
        }
        if (rejected > 0) {
            throw new IllegalStateException(rejected + " benchmark indicators were rejected");
        }
        return m;
    }

    static Observation[] observations(List<ObjectNode> flat) {
        EventMapping mapping = EventMapping.defaults();
        Observation[] out = new Observation[flat.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = mapping.map(flat.get(i), i + 1, Instant.EPOCH);
        }
        return out;
    }

    static Workload of(int indicators, int events, double hitRate) {
        return of(indicators, events, hitRate, "default");
    }

    static Workload of(int indicators, int events, double hitRate, String mix) {
        List<BenchData.Spec> specs = BenchData.indicators(indicators, 42, mix);
        IndicatorMatcher m = matcher(specs);
        List<ObjectNode> flat = BenchData.events(events, specs, hitRate, 7);
        boolean[] drawn = new boolean[flat.size()];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = flat.get(i).has(BenchData.DRAWN);
        }
        return new Workload(m, observations(flat), drawn, BenchData.blockSummary(specs));
    }
}
