package org.entente.bench.pattern;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongUnaryOperator;

/**
 * Workloads measured side by side on this thread, in its CPU time: they take turns, each turn one
 * call, so that whatever else the machine does at any moment costs them alike. A third of the time
 * warms them up, then each runs until it has had {@code seconds} of CPU. A workload is called with
 * the position of its first event in the pool and returns what it found (matches, or a sum that
 * keeps its work from being optimised away).
 *
 * @param cpu each workload's CPU time in the measured phase, in nanoseconds
 * @param events the events each workload handled in it
 * @param found the sum of what each workload returned in it
 */
record Turns(long[] cpu, long[] events, long[] found) {
    /**
     * Runs {@code workloads} in turns.
     *
     * @param perCall the events one call handles
     * @param sameEvents whether every workload of a turn gets the same events (builds compared on
     *     one input) or each the next ones (stages that must not read what another just read)
     */
    static Turns run(
            double seconds, int perCall, boolean sameEvents, LongUnaryOperator... workloads) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int k = workloads.length;
        Turns t = new Turns(new long[k], new long[k], new long[k]);
        long at = 0;
        for (int phase = 0; phase < 2; phase++) {
            double budget = (phase == 0 ? seconds / 3 : seconds) * 1e9;
            for (int w = 0; w < k; w++) {
                t.cpu[w] = 0;
                t.events[w] = 0;
                t.found[w] = 0;
            }
            while (!t.done(budget)) {
                for (int w = 0; w < k; w++) {
                    long t0 = threads.getCurrentThreadCpuTime();
                    t.found[w] += workloads[w].applyAsLong(at);
                    t.cpu[w] += threads.getCurrentThreadCpuTime() - t0;
                    t.events[w] += perCall;
                    if (!sameEvents) {
                        at += perCall;
                    }
                }
                if (sameEvents) {
                    at += perCall;
                }
            }
        }
        return t;
    }

    private boolean done(double budget) {
        for (long c : cpu) {
            if (c < budget) {
                return false;
            }
        }
        return true;
    }

    /** Workload {@code w}'s CPU time per event, in nanoseconds. */
    double nsPerEvent(int w) {
        return cpu[w] / (double) events[w];
    }

    /**
     * The mix and indicator count of a benchmark argument {@code n} or {@code mix:n} (the mixes of
     * {@link BenchData}).
     */
    record Size(String mix, int indicators) {
        static Size parse(String arg, String defaultMix) {
            int colon = arg.indexOf(':');
            return new Size(
                    colon < 0 ? defaultMix : arg.substring(0, colon),
                    Integer.parseInt(arg.substring(colon + 1)));
        }
    }
}
