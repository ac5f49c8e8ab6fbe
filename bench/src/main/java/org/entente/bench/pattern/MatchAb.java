package org.entente.bench.pattern;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.entente.pattern.EventMapping;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Observation;
import org.entente.stix.StixJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two builds of the pattern module side by side in one JVM, on one thread: each is loaded by a
 * class loader of its own (its classes first, then this jar), and batches of 1,024 events go to one
 * and then the other, so that whatever else the machine does at any moment costs both alike. On a
 * 2-core machine shared with other people's builds, separate runs minutes apart differ by more than
 * the change measured; this does not.
 *
 * <p>NB: the build given second came out 8 to 12 % slower in every pair run both ways round,
 * whichever it was (why is not known). Run each comparison in both orders and take the geometric
 * mean of B/A and the inverse of the swapped run's B/A, which cancels that bias.
 *
 * <p>The heap must be fixed and touched before measuring ({@code -Xms} equal to {@code -Xmx} and
 * {@code -XX:+AlwaysPreTouch}): otherwise the {@code line} stage, which allocates, also measures
 * the heap's growth into memory touched for the first time, seven times its own cost on a VM whose
 * fresh pages are dear (docs/benchmarks.md, "Session 11").
 *
 * <p>Usage: {@code java -Xms6g -Xmx6g -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages -cp
 * entente-bench.jar org.entente.bench.pattern.MatchAb classesA classesB pool seconds stage
 * mix:n...} (e.g. {@code … 4096 10 match default:1000000}), where {@code classesA}/{@code classesB}
 * are directories of compiled pattern classes ({@code pattern/target/classes} of two checkouts),
 * seconds are this thread's CPU time per build and workload, and stage is {@code match} (parsed
 * events, as {@link MatchCpu}) or {@code line} (parse the JSON line, map it, match it: what a
 * worker of {@code entente match} does; needs builds with {@code EventMapping.parseEvent}).
 */
public final class MatchAb {
    private MatchAb() {}

    private static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");

    /**
     * One build's workload: the function runs 1,024 events from the given position and returns the
     * matches found. Called through the build's own class loader.
     */
    public static LongUnaryOperator stage(String stage, String mix, int n, int pool) {
        List<BenchData.Spec> specs = BenchData.indicators(n, 42, mix);
        IndicatorMatcher matcher = Workload.matcher(specs);
        List<ObjectNode> events = BenchData.events(pool, specs, 0.1, 7);
        int mask = pool - 1;
        if (stage.equals("match")) {
            Observation[] observations = Workload.observations(events);
            return from -> {
                long found = 0;
                for (int k = 0; k < 1024; k++) {
                    found += matcher.match(observations[(int) (from + k) & mask]).size();
                }
                return found;
            };
        }
        if (!stage.equals("line")) {
            throw new IllegalArgumentException("stage: match or line, not " + stage);
        }
        EventMapping mapping = EventMapping.defaults();
        byte[][] lines = new byte[pool][];
        for (int i = 0; i < pool; i++) {
            lines[i] = StixJson.mapper().writeValueAsBytes(events.get(i));
        }
        return from -> {
            long found = 0;
            for (int k = 0; k < 1024; k++) {
                int i = (int) (from + k) & mask;
                byte[] line = lines[i];
                JsonNode tree = EventMapping.parseEvent(line, 0, line.length);
                found += matcher.match(mapping.map(tree, i, NOW)).size();
            }
            return found;
        };
    }

    private static LongUnaryOperator load(String classes, String stage, String mix, int n, int pool)
            throws Exception {
        // the build's classes first, then this JVM's class path (the shaded jar)
        String[] path = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
        URL[] urls = new URL[path.length + 1];
        urls[0] = Path.of(classes).toUri().toURL();
        for (int i = 0; i < path.length; i++) {
            urls[i + 1] = Path.of(path[i]).toUri().toURL();
        }
        URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
        Class<?> c = Class.forName(MatchAb.class.getName(), true, loader);
        return (LongUnaryOperator)
                c.getMethod("stage", String.class, String.class, int.class, int.class)
                        .invoke(null, stage, mix, n, pool);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println(
                    "usage: MatchAb CLASSES_A CLASSES_B POOL SECONDS match|line [MIX:]N..."
                            + " (e.g. 4096 10 match default:1000000)");
            System.exit(2);
        }
        String[] builds = {args[0], args[1]};
        int pool = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        String stage = args[4];
        for (int a = 5; a < args.length; a++) {
            Turns.Size size = Turns.Size.parse(args[a], "default");
            String mix = size.mix();
            int n = size.indicators();
            LongUnaryOperator[] runs = new LongUnaryOperator[2];
            for (int b = 0; b < 2; b++) {
                LongUnaryOperator batch = load(builds[b], stage, mix, n, pool);
                // 8 batches of 1,024 a turn, both builds on the same events
                runs[b] =
                        from -> {
                            long found = 0;
                            for (int k = 0; k < 8; k++) {
                                found += batch.applyAsLong(from + k * 1024L);
                            }
                            return found;
                        };
            }
            Turns t = Turns.run(seconds, 8 * 1024, true, runs);
            for (int b = 0; b < 2; b++) {
                double ns = t.nsPerEvent(b);
                System.out.printf(
                        "build=%s stage=%s mix=%s indicators=%d pool=%d events=%d cpu=%.0f"
                                + " ns/event (%.0f events per CPU-second) matches/event=%.3f%n",
                        b == 0 ? "A" : "B",
                        stage,
                        mix,
                        n,
                        pool,
                        t.events()[b],
                        ns,
                        1e9 / ns,
                        t.found()[b] / (double) t.events()[b]);
            }
            System.out.printf(
                    "B/A events per CPU-second: %.3f (A=%s, B=%s)%n",
                    t.nsPerEvent(0) / t.nsPerEvent(1), builds[0], builds[1]);
        }
    }
}
