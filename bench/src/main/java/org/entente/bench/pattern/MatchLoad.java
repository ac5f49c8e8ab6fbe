package org.entente.bench.pattern;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.entente.server.cli.MatchRunner;
import org.entente.server.cli.RunListener;
import org.entente.server.cli.RunSummary;
import org.entente.stix.StixJson;
import tools.jackson.databind.node.ObjectNode;

/**
 * End-to-end load: the match runner (what {@code entente match} runs) over generated JSON-line
 * events, from bytes to match lines. A pool of distinct event lines is generated up front and
 * replayed until the requested count, so the generator costs nothing while the runner works.
 *
 * <p>Usage: {@code java -Xmx6g -cp entente-bench.jar org.entente.bench.pattern.MatchLoad
 * [events=10000000] [indicators=100000] [threads=2] [pool=1000000] [hitRate=0.1]}
 *
 * <p>{@code MatchLoad --files DIR [events] [indicators] [pool] [hitRate]} instead writes the same
 * input as {@code DIR/indicators.jsonl} and {@code DIR/events.jsonl}, to time the command itself:
 * {@code entente match --indicators DIR/indicators.jsonl --events DIR/events.jsonl}.
 */
public final class MatchLoad {
    private MatchLoad() {}

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("--files")) {
            writeFiles(
                    java.nio.file.Path.of(args[1]),
                    java.util.Arrays.copyOfRange(args, 2, args.length));
            return;
        }
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int indicators = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int pool = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
        double hitRate = args.length > 4 ? Double.parseDouble(args[4]) : 0.1;

        List<BenchData.Spec> specs = BenchData.indicators(indicators, 42);
        byte[] ind = indicatorLines(specs);
        byte[] poolBytes = eventLines(specs, pool, hitRate);
        System.out.printf(
                "indicators=%d (%d bytes of JSON lines) events=%d pool=%d lines (%d bytes, %.0f bytes/line) threads=%d cores=%d%n",
                indicators,
                ind.length,
                events,
                pool,
                poolBytes.length,
                poolBytes.length / (double) pool,
                threads,
                Runtime.getRuntime().availableProcessors());

        long[] cpuBefore = machineCpu();
        long processBefore = processCpuNanos();
        long loadStart = System.nanoTime();
        CountingSink sink = new CountingSink();
        RunSummary s =
                MatchRunner.builder()
                        .clock(Workload.CLOCK)
                        .threads(threads)
                        .progressEvery(2_000_000)
                        .listener(
                                new RunListener() {
                                    @Override
                                    public void progress(RunSummary soFar) {
                                        System.out.printf(
                                                "  %,d events, %,d matched, %.0f events/s%n",
                                                soFar.eventsRead(),
                                                soFar.eventsMatched(),
                                                soFar.eventsPerSecond());
                                    }
                                })
                        .build()
                        .run(
                                new java.io.ByteArrayInputStream(ind),
                                new Replay(poolBytes, events),
                                sink);
        double seconds = (System.nanoTime() - loadStart) / 1e9;
        long[] cpuAfter = machineCpu();
        double processCores = (processCpuNanos() - processBefore) / 1e9 / seconds;
        double machineBusy =
                busyShare(cpuBefore, cpuAfter) * Runtime.getRuntime().availableProcessors();
        System.out.printf(
                "CPU this process %.2f cores, whole machine %.2f cores busy (others %.2f) over %.1fs%n",
                processCores, machineBusy, Math.max(0, machineBusy - processCores), seconds);
        System.out.printf(
                "RESULT events=%d matched=%d matches=%d rejected=%d unmapped=%d indicatorsLoaded=%d"
                        + " indicatorLoad=%.2fs events=%.2fs throughput=%.0f events/s (whole run %.2fs)"
                        + " output=%d bytes%n",
                s.eventsRead(),
                s.eventsMatched(),
                s.matches(),
                s.eventsRejected(),
                s.eventsUnmapped(),
                s.indicatorsLoaded(),
                s.loading().toNanos() / 1e9,
                s.elapsed().toNanos() / 1e9,
                s.eventsPerSecond(),
                seconds,
                sink.count);
    }

    private static void writeFiles(java.nio.file.Path dir, String[] args) throws IOException {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int indicators = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int pool = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        double hitRate = args.length > 3 ? Double.parseDouble(args[3]) : 0.1;
        java.nio.file.Files.createDirectories(dir);
        List<BenchData.Spec> specs = BenchData.indicators(indicators, 42);
        java.nio.file.Files.write(dir.resolve("indicators.jsonl"), indicatorLines(specs));
        try (InputStream in = new Replay(eventLines(specs, pool, hitRate), events);
                OutputStream out =
                        java.nio.file.Files.newOutputStream(dir.resolve("events.jsonl"))) {
            in.transferTo(out);
        }
        System.out.printf(
                "wrote %d indicators and %d events (a pool of %d lines replayed) to %s%n",
                indicators, events, pool, dir);
    }

    /** The indicators as STIX JSON lines. */
    private static byte[] indicatorLines(List<BenchData.Spec> specs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < specs.size(); i++) {
            out.write(
                    StixJson.mapper().writeValueAsBytes(BenchData.indicatorJson(i, specs.get(i))));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** {@code pool} distinct event lines, {@code hitRate} of them carrying an indicator's value. */
    private static byte[] eventLines(List<BenchData.Spec> specs, int pool, double hitRate)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ObjectNode e : BenchData.events(pool, specs, hitRate, 7)) {
            out.write(StixJson.mapper().writeValueAsBytes(e));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun
                ? sun.getProcessCpuTime()
                : 0;
    }

    /** Busy and total jiffies of the machine from /proc/stat (zeros where there is none). */
    private static long[] machineCpu() {
        try {
            String[] f =
                    java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))
                            .get(0)
                            .trim()
                            .split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static double busyShare(long[] before, long[] after) {
        long total = after[1] - before[1];
        return total <= 0 ? 0 : (after[0] - before[0]) / (double) total;
    }

    /** Replays a pool of lines until {@code total} lines were served. */
    static final class Replay extends InputStream {
        private final byte[] pool;
        private final long total;
        private long served;
        private int at;

        Replay(byte[] pool, long total) {
            this.pool = pool;
            this.total = total;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (served >= total) {
                return -1;
            }
            int n = 0;
            while (n < len && served < total) {
                int chunk = Math.min(len - n, pool.length - at);
                // stop at the end of the line that completes the count
                int end = at + chunk;
                for (int i = at; i < end; i++) {
                    if (pool[i] == '\n' && ++served == total) {
                        end = i + 1;
                        break;
                    }
                }
                System.arraycopy(pool, at, b, off + n, end - at);
                n += end - at;
                at = end == pool.length ? 0 : end;
            }
            return n;
        }
    }

    static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
