package org.entente.bench.pattern;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.entente.pattern.IndicatorLint;
import org.entente.stix.ObjectStream;
import tools.jackson.databind.JsonNode;

/**
 * The indicator lint over every STIX indicator in the shared data ({@code stix21/*.jsonl.gz} and
 * {@code stix21-bundles/**}, each id and version once): how many could never fire before the
 * matcher folded spellings, how many still cannot, and why. Usage: {@code java -cp
 * entente-bench.jar org.entente.bench.pattern.LintReport [shared-data-dir]}.
 */
public final class LintReport {
    private LintReport() {}

    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Path.of(args[0]) : BenchData.root();
        Map<String, JsonNode> indicators = new LinkedHashMap<>();
        Map<String, Integer> bySource = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(root.resolve("stix21"))) {
            s.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().forEach(files::add);
        }
        try (Stream<Path> s = Files.walk(root.resolve("stix21-bundles"))) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        for (Path f : files) {
            String source = root.relativize(f).toString();
            try (InputStream raw = Files.newInputStream(f);
                    InputStream in =
                            f.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                    ObjectStream objects = ObjectStream.open(in)) {
                while (objects.hasNext()) {
                    JsonNode o = objects.next();
                    JsonNode type = o.get("type");
                    if (type == null || !"indicator".equals(type.asString())) {
                        continue;
                    }
                    String key = o.path("id").asString() + "@" + o.path("modified").asString();
                    if (indicators.putIfAbsent(key, o) == null) {
                        bySource.merge(source, 1, Integer::sum);
                    }
                }
            } catch (RuntimeException e) {
                System.out.println("# " + source + ": skipped, " + e.getMessage());
            }
        }
        IndicatorLint lint = IndicatorLint.defaults();
        Map<IndicatorLint.Verdict, Integer> verdicts = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        int relies = 0;
        int neverAtAllBefore = 0;
        for (JsonNode o : indicators.values()) {
            IndicatorLint.Result r = lint.check(o);
            verdicts.merge(r.verdict(), 1, Integer::sum);
            if (r.reliesOnNormalisation()) {
                relies++;
            }
            for (IndicatorLint.Finding f : r.findings()) {
                if (!r.canFire() || f.kind() == IndicatorLint.Kind.NORMALISED) {
                    reasons.merge(f.kind() + ": " + category(f.reason()), 1, Integer::sum);
                }
            }
            if (!r.canFire() || r.reliesOnNormalisation()) {
                neverAtAllBefore++;
            }
        }
        int n = indicators.size();
        int never = n - verdicts.getOrDefault(IndicatorLint.Verdict.CAN_FIRE, 0);
        System.out.printf("indicators=%d (distinct id and version)%n", n);
        bySource.forEach((s, c) -> System.out.printf("  source %s: %d%n", s, c));
        System.out.printf(
                "never-fire-from-events before-normalisation=%d (%.1f %%) after=%d (%.1f %%)%n",
                neverAtAllBefore, 100.0 * neverAtAllBefore / n, never, 100.0 * never / n);
        verdicts.forEach((v, c) -> System.out.printf("  verdict %s: %d%n", v, c));
        System.out.printf("  fire only thanks to folded spellings: %d%n", relies);
        reasons.forEach((r, c) -> System.out.printf("  finding %s: %d%n", r, c));
    }

    /** A reason without its quoted values, to count alike reasons together. */
    private static String category(String reason) {
        return reason.replaceAll("'[^']*'", "'..'").replaceAll("[0-9]+", "N");
    }
}
