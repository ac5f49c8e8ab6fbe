package org.entente.bench.pattern;

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
 * entente-bench.jar org.entente.bench.pattern.MatchHot seconds n1 mix:n2 ...}, e.g. {@code 15
 * default:1000000}: seconds of this thread's CPU time per stage.
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
        for (int a = 1; a < args.length; a++) {
            Turns.Size size = Turns.Size.parse(args[a], "default");
            String mix = size.mix();
            int n = size.indicators();
            Workload w = Workload.of(n, POOL, 0.1, mix);
            // the stages take turns, each on events the others have not just read
            Turns t =
                    Turns.run(
                            seconds,
                            BATCH,
                            false,
                            from -> batch(w.matcher, w.events, from, 0),
                            from -> batch(w.matcher, w.events, from, 1),
                            from -> batch(w.matcher, w.events, from, 2));
            double touch = t.nsPerEvent(0);
            double both = t.nsPerEvent(1);
            double alone = t.nsPerEvent(2);
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
                    t.found()[2] / (double) t.events()[2],
                    (t.found()[0] + t.found()[1]) & 1);
        }
    }
}
