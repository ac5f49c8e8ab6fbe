package org.entente.bench.pattern;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Observation;

/**
 * The cost per parsed event on one core measured in thread CPU time as well as wall time, for
 * indicator counts given as arguments: a check on the JMH figures that other processes on a shared
 * machine cannot skew (they take wall time, not this thread's CPU time).
 *
 * <p>Usage: {@code java -Xmx6g [-Dbench.mix=misp|hashes|domains] -cp entente-bench.jar
 * org.entente.bench.pattern.MatchCpu [pool=4096] [seconds=10] n1 mix:n2 ...}, seconds of this
 * thread's CPU time. Also prints the set-up time and how many benign events truly match.
 */
public final class MatchCpu {
    private MatchCpu() {}

    /** 1024 events from {@code from}: a method of its own, so it is compiled as a whole. */
    private static long batch(IndicatorMatcher m, Observation[] events, int from, int pool) {
        long found = 0;
        for (int k = 0; k < 1024; k++) {
            found += m.match(events[(from + k) & (pool - 1)]).size();
        }
        return found;
    }

    public static void main(String[] args) {
        int pool = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int a = 2; a < args.length; a++) {
            // n, or mix:n (the mixes of BenchData), so that one JVM reads the data once
            Turns.Size size = Turns.Size.parse(args[a], System.getProperty("bench.mix", "default"));
            String mix = size.mix();
            int n = size.indicators();
            long built = System.nanoTime();
            Workload w = Workload.of(n, pool, 0.1, mix);
            double buildSeconds = (System.nanoTime() - built) / 1e9;
            int benign = w.benignMatches();
            String census = w.census();
            IndicatorMatcher m = w.matcher;
            Observation[] events = w.events;
            long sink = 0;
            // warm up for a third of the time; both times are this thread's CPU time, so that
            // on a loaded machine the compiler gets the same work done before measuring
            long until = threads.getCurrentThreadCpuTime() + (long) (seconds / 3 * 1e9);
            int i = 0;
            while (threads.getCurrentThreadCpuTime() < until) {
                sink += batch(m, events, i, pool);
                i += 1024;
            }
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            long count = 0;
            until = cpu0 + (long) (seconds * 1e9);
            while (threads.getCurrentThreadCpuTime() < until) {
                sink += batch(m, events, i, pool);
                i += 1024;
                count += 1024;
            }
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / (double) count;
            double wall = (System.nanoTime() - wall0) / (double) count;
            System.out.printf(
                    "mix=%s indicators=%d pool=%d events=%d cpu=%.0f ns/event (%.0f events per"
                            + " CPU-second) wall=%.0f ns/event (%.0f events/s) matches/event=%.3f"
                            + " benign-true-matches=%d/%d setup=%.1fs%n  %s%n",
                    mix,
                    n,
                    pool,
                    count,
                    cpu,
                    1e9 / cpu,
                    wall,
                    1e9 / wall,
                    sink / (double) i,
                    benign,
                    pool,
                    buildSeconds,
                    census);
        }
    }
}
