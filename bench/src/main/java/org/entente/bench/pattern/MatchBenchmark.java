package org.entente.bench.pattern;

import java.util.concurrent.TimeUnit;
import org.entente.pattern.Hits;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Observation;
import org.entente.pattern.Probe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Matching parsed events (observations already mapped from flat events) on one core: {@code match}
 * is the whole per-event work of the matcher (index lookups, full evaluation of candidates,
 * correlation); {@code find} is the part workers run in parallel (without correlation). The {@code
 * indicators} parameter draws the cost curve from 1,000 to 1,000,000 indicators.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class MatchBenchmark {
    @Param({"100000"})
    public int indicators;

    /** Share of events that carry a value of some indicator. */
    @Param({"0.1"})
    public double hitRate;

    /**
     * Distinct events cycled through (a power of two). 4096 keeps them in the last-level cache, as
     * an event just parsed by the same worker is; 65536 makes every event a cold read.
     */
    @Param({"4096"})
    public int pool;

    /** The indicators: the documented mix, or all of one shape real feeds use (BenchData). */
    @Param({"default"})
    public String mix;

    private IndicatorMatcher matcher;
    private Probe probe;
    private Observation[] events;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        Workload w = Workload.of(indicators, pool, hitRate, mix);
        matcher = w.matcher;
        events = w.events;
        probe = matcher.newProbe();
        // events of the benign traffic that truly match (an address inside a listed block...)
        // cost a full evaluation and a match like a drawn hit: counted apart, beside the figure
        int benign = w.benignMatches();
        System.out.printf(
                "%n# %s mix, %d indicators, %d events: %.1f %% drawn to carry an indicator's"
                        + " value; %d benign events (%.2f %%) also truly match%n# %s%n",
                mix,
                indicators,
                events.length,
                100 * hitRate,
                benign,
                100.0 * benign / events.length,
                w.census());
    }

    @Benchmark
    public int match() {
        Observation o = events[next++ & (pool - 1)];
        return matcher.match(o).size();
    }

    @Benchmark
    public int find() {
        Observation o = events[next++ & (pool - 1)];
        Hits h = probe.find(o);
        return h.size();
    }
}
