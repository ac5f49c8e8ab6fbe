package org.entente.bench.pattern;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entente.pattern.EventMapping;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Observation;
import org.entente.pattern.Probe;
import org.entente.server.cli.MatchRunner;
import org.entente.stix.StixJson;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a worker of the match runner spends per event line, stage by stage, on one core: parsing the
 * JSON line, mapping it to an observation, and searching the index (100,000 indicators).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class PipelineBenchmark {
    @Param({"100000"})
    public int indicators;

    @Param({"4096"})
    public int pool;

    private byte[][] lines;
    private JsonNode[] trees;
    private EventMapping mapping;
    private Probe probe;
    private int next;
    private final Instant now = Instant.parse("2024-03-01T10:00:00Z");

    @Setup(Level.Trial)
    public void load() {
        List<BenchData.Spec> specs = BenchData.indicators(indicators, 42);
        IndicatorMatcher matcher = Workload.matcher(specs);
        probe = matcher.newProbe();
        mapping = EventMapping.defaults();
        List<ObjectNode> events = BenchData.events(pool, specs, 0.1, 7);
        lines = new byte[pool][];
        trees = new JsonNode[pool];
        for (int i = 0; i < pool; i++) {
            lines[i] = StixJson.mapper().writeValueAsBytes(events.get(i));
            trees[i] = EventMapping.parseEvent(lines[i], 0, lines[i].length);
        }
    }

    @Benchmark
    public JsonNode parse() {
        byte[] line = lines[next++ & (pool - 1)];
        return EventMapping.parseEvent(line, 0, line.length);
    }

    @Benchmark
    public Observation map() {
        int i = next++ & (pool - 1);
        return mapping.map(trees[i], i, now);
    }

    @Benchmark
    public int parseMapFind() {
        int i = next++ & (pool - 1);
        byte[] line = lines[i];
        return MatchRunner.find(mapping, probe, line, 0, line.length, i, now).size();
    }
}
