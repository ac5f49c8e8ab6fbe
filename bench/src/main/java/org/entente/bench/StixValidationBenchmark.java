package org.entente.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.entente.stix.ObjectStream;
import org.entente.stix.PatternChecker;
import org.entente.stix.StixJson;
import org.entente.stix.Validator;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + validate throughput of the STIX library on real corpora from the shared data ({@code
 * -Dentente.shared.data=...}, default {@code ../shared/data}), one thread: the bytes counter is the
 * figure to read, in bytes per second.
 *
 * <ul>
 *   <li>{@code all}: every {@code stix21/*.jsonl.gz} (ATT&CK-heavy, long descriptions);
 *   <li>{@code small}: Unit 42, OpenCTI and MISP (mostly indicators and short objects, where
 *       validation weighs most against parsing).
 * </ul>
 *
 * <p>{@code parseOnly} reads from memory and includes the text check ({@code textCheckOnly} alone:
 * UTF-8, surrogates, NUL, noncharacters); {@code parseOnlyFromStream} reads through an input
 * stream, as streamed bodies and imports do, with the check done as the parser reads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StixValidationBenchmark {
    @Param({"all", "small"})
    public String corpus;

    private byte[] data;
    private final Validator validator = new Validator(PatternChecker.NONE);

    /** Reported by JMH as a rate: bytes of JSON read per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void load() throws IOException {
        Path dir =
                Path.of(System.getProperty("entente.shared.data", "../shared/data"))
                        .resolve("stix21");
        List<String> small =
                List.of(
                        "unit42.jsonl.gz",
                        "opencti-datasets.jsonl.gz",
                        "misp-stix-fixtures.jsonl.gz");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".jsonl.gz"))
                    .filter(p -> corpus.equals("all") || small.contains(p.getFileName().toString()))
                    .sorted()
                    .forEach(
                            p -> {
                                try (InputStream in =
                                        new GZIPInputStream(Files.newInputStream(p))) {
                                    in.transferTo(all);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        }
        data = all.toByteArray();
        if (data.length == 0) {
            throw new IllegalStateException("no corpus found under " + dir.toAbsolutePath());
        }
    }

    @Benchmark
    public int parseAndValidate(Bytes counter) {
        int valid = 0;
        try (ObjectStream objects = ObjectStream.open(data)) {
            while (objects.hasNext()) {
                if (validator.validate(objects.next()).valid()) {
                    valid++;
                }
            }
        }
        counter.bytes += data.length;
        return valid;
    }

    @Benchmark
    public int parseOnly(Bytes counter) {
        int count = 0;
        try (ObjectStream objects = ObjectStream.open(data)) {
            while (objects.hasNext()) {
                objects.next();
                count++;
            }
        }
        counter.bytes += data.length;
        return count;
    }

    @Benchmark
    public int parseOnlyFromStream(Bytes counter) {
        int count = 0;
        try (ObjectStream objects = ObjectStream.open(new ByteArrayInputStream(data))) {
            while (objects.hasNext()) {
                objects.next();
                count++;
            }
        }
        counter.bytes += data.length;
        return count;
    }

    @Benchmark
    public int textCheckOnly(Bytes counter) {
        StixJson.checkText(data);
        counter.bytes += data.length;
        return data.length;
    }
}
