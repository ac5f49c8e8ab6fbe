package org.entente.bench.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entente.pattern.IndicatorMatcher;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * Compiling indicators into a matcher: from parsed STIX indicator objects to a matcher ready to
 * match (validation of the indicator, parsing and checking of the pattern, index filing). One shot
 * per iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class CompileBenchmark {
    @Param({"100000"})
    public int indicators;

    private List<ObjectNode> json;

    @Setup(Level.Trial)
    public void prepare() {
        List<BenchData.Spec> specs = BenchData.indicators(indicators, 42);
        json = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            json.add(BenchData.indicatorJson(i, specs.get(i)));
        }
    }

    @Benchmark
    public IndicatorMatcher compile() {
        IndicatorMatcher m = new IndicatorMatcher(Workload.CLOCK);
        for (ObjectNode o : json) {
            m.add(o);
        }
        if (m.size() != indicators) {
            throw new IllegalStateException("only " + m.size() + " indicators loaded");
        }
        return m;
    }
}
