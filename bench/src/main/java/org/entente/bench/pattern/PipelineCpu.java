package org.entente.bench.pattern;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.List;
import org.entente.pattern.EventMapping;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Observation;
import org.entente.stix.StixJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one event line costs a worker of {@code entente match}, stage by stage, in this thread's CPU
 * time (so that other processes on a shared machine do not skew it): parsing the JSON line, mapping
 * it to an observation, matching it (index, evaluation, correlation), and the three together. The
 * JMH {@code PipelineBenchmark} measures the same stages in wall time.
 *
 * <p>Usage (a fixed, pre-touched heap, as {@link MatchAb} explains): {@code java -Xms4g -Xmx4g
 * -XX:+AlwaysPreTouch -cp entente-bench.jar org.entente.bench.pattern.PipelineCpu [pool=4096]
 * [seconds=6] [indicators=100000]}, seconds of this thread's CPU time per stage. Rounds of the four
 * stages are interleaved, so that load changes during the run touch every stage alike; a first
 * round warms up, and the best of the five measured rounds is printed beside the median.
 */
public final class PipelineCpu {
    private PipelineCpu() {}

    private static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");

    private interface Stage {
        long run(int from);
    }

    public static void main(String[] args) {
        int pool = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 6;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        List<BenchData.Spec> specs = BenchData.indicators(n, 42);
        IndicatorMatcher matcher = Workload.matcher(specs);
        EventMapping mapping = EventMapping.defaults();
        List<ObjectNode> events = BenchData.events(pool, specs, 0.1, 7);
        byte[][] lines = new byte[pool][];
        JsonNode[] trees = new JsonNode[pool];
        Observation[] observations = new Observation[pool];
        for (int i = 0; i < pool; i++) {
            lines[i] = StixJson.mapper().writeValueAsBytes(events.get(i));
            trees[i] = EventMapping.parseEvent(lines[i], 0, lines[i].length);
            observations[i] = mapping.map(trees[i], i, NOW);
        }
        int mask = pool - 1;
        String[] names = {"parse", "map", "match", "parse+map+match"};
        Stage[] stages = {
            from -> {
                long sink = 0;
                for (int k = 0; k < 1024; k++) {
                    byte[] line = lines[(from + k) & mask];
                    sink += EventMapping.parseEvent(line, 0, line.length).size();
                }
                return sink;
            },
            from -> {
                long sink = 0;
                for (int k = 0; k < 1024; k++) {
                    int i = (from + k) & mask;
                    sink += mapping.map(trees[i], i, NOW).size();
                }
                return sink;
            },
            from -> {
                long sink = 0;
                for (int k = 0; k < 1024; k++) {
                    sink += matcher.match(observations[(from + k) & mask]).size();
                }
                return sink;
            },
            from -> {
                long sink = 0;
                for (int k = 0; k < 1024; k++) {
                    int i = (from + k) & mask;
                    byte[] line = lines[i];
                    JsonNode tree = EventMapping.parseEvent(line, 0, line.length);
                    sink += matcher.match(mapping.map(tree, i, NOW)).size();
                }
                return sink;
            }
        };
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int rounds = 5;
        double[][] perEvent = new double[stages.length][rounds + 1];
        long sink = 0;
        int at = 0;
        // round 0 warms up; rounds 1..5 are measured, each stage for seconds / 5
        for (int round = 0; round <= rounds; round++) {
            for (int s = 0; s < stages.length; s++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long until = cpu0 + (long) (seconds / rounds * 1e9);
                long count = 0;
                while (threads.getCurrentThreadCpuTime() < until) {
                    sink += stages[s].run(at);
                    at += 1024;
                    count += 1024;
                }
                perEvent[s][round] = (threads.getCurrentThreadCpuTime() - cpu0) / (double) count;
            }
        }
        for (int s = 0; s < stages.length; s++) {
            double[] measured = java.util.Arrays.copyOfRange(perEvent[s], 1, rounds + 1);
            java.util.Arrays.sort(measured);
            System.out.printf(
                    "stage=%s indicators=%d pool=%d cpu median=%.0f ns/event (%.0f events per"
                            + " CPU-second) best=%.0f ns/event (%.0f events per CPU-second)%n",
                    names[s],
                    n,
                    pool,
                    measured[rounds / 2],
                    1e9 / measured[rounds / 2],
                    measured[0],
                    1e9 / measured[0]);
        }
        System.out.println("# sink " + sink);
    }
}
