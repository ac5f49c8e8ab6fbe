package org.entente.bench.pattern;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Observation;
import tools.jackson.databind.JsonNode;

/**
 * The matcher's cost per event with the event in the cache, as a worker of {@code entente match}
 * has it: there the parser and the mapping have just written the event's nodes and strings, while
 * {@link MatchCpu} matches a pool of 4,096 parsed events that the matching of the others has long
 * pushed out of the cache, so its figure also holds the first read of every node and string of the
 * event.
 *
 * <p>Three stages take turns on one thread, 1,024 events each, every stage on events the other two
 * have not just read: {@code touch} reads every node and string of each event (each string's hash,
 * length, first and last unit); {@code touch+match} does the same and then matches the event;
 * {@code match} matches alone, as {@link MatchCpu}. The matcher's cost on an event in the cache is
 * {@code touch+match} minus {@code touch}, both paying the same first reads. Reading the event
 * first can only evict some of the index, so the difference does not flatter the matcher.
 *
 * <p>Usage: {@code java -Xms6g -Xmx6g -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages -cp
 * entente-bench.jar org.entente.bench.pattern.MatchHot [seconds=15] n1 mix:n2 ...}, seconds of this
 * thread's CPU time per stage.
 */
public final class MatchHot {
    private static final int POOL = 4096;
    private static final int BATCH = 1024;

    private MatchHot() {}

    /** Reads every node and string of {@code node}; the sum keeps the reads from being removed. */
    static long touch(JsonNode node) {
        if (node.isString()) {
            String s = node.stringValue();
            int n = s.length();
            return s.hashCode() + n + (n == 0 ? 0 : s.charAt(0) + s.charAt(n - 1));
        }
        long sum = 0;
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                sum += touch(e.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                sum += touch(item);
            }
        }
        return sum;
    }

    private static long batch(IndicatorMatcher m, Observation[] events, long from, int stage) {
        long sum = 0;
        for (int k = 0; k < BATCH; k++) {
            Observation o = events[(int) (from + k) & (POOL - 1)];
            if (stage != 2) {
                for (int i = 0; i < o.size(); i++) {
                    sum += touch(o.object(i));
                }
            }
            if (stage != 0) {
                sum += m.match(o).size();
            }
        }
        return sum;
    }

    public static void main(String[] args) {
        double seconds = Double.parseDouble(args[0]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int a = 1; a < args.length; a++) {
            String arg = args[a];
            int colon = arg.indexOf(':');
            String mix = colon < 0 ? "default" : arg.substring(0, colon);
            int n = Integer.parseInt(arg.substring(colon + 1));
            Workload w = Workload.of(n, POOL, 0.1, mix);
            long[] cpu = new long[3];
            long[] events = new long[3];
            long[] sums = new long[3];
            long at = 0;
            // warm up for a third of the time, then measure; the stages take turns
            for (int phase = 0; phase < 2; phase++) {
                double budget = (phase == 0 ? seconds / 3 : seconds) * 1e9;
                for (int s = 0; s < 3; s++) {
                    cpu[s] = 0;
                    events[s] = 0;
                    sums[s] = 0;
                }
                while (cpu[0] < budget || cpu[1] < budget || cpu[2] < budget) {
                    for (int s = 0; s < 3; s++) {
                        long t0 = threads.getCurrentThreadCpuTime();
                        sums[s] += batch(w.matcher, w.events, at, s);
                        cpu[s] += threads.getCurrentThreadCpuTime() - t0;
                        events[s] += BATCH;
                        at += BATCH;
                    }
                }
            }
            double touch = cpu[0] / (double) events[0];
            double both = cpu[1] / (double) events[1];
            double alone = cpu[2] / (double) events[2];
            double hot = both - touch;
            System.out.printf(
                    "mix=%s indicators=%d touch=%.0f ns touch+match=%.0f ns match-in-cache=%.0f"
                            + " ns/event (%.0f events per CPU-second) match-from-pool=%.0f"
                            + " ns/event (%.0f events per CPU-second) matches/event=%.3f (%d)%n",
                    mix,
                    n,
                    touch,
                    both,
                    hot,
                    1e9 / hot,
                    alone,
                    1e9 / alone,
                    sums[2] / (double) events[2],
                    (sums[0] + sums[1]) & 1);
        }
    }
}
