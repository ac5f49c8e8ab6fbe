package org.entente.bench.taxii;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a running node over real HTTP (loopback, {@link RawHttp}) and prints figures. Phases:
 *
 * <pre>
 * ingest  URL TOKEN COLLECTION OBJECTS CLIENTS BATCH [FROM] POST envelopes of BATCH indicators,
 *                                                     numbered from FROM (0): a later round adds
 *                                                     new objects to a warm node
 * page    URL TOKEN COLLECTION LIMIT                   GET every page with next, in order
 * get     URL TOKEN COLLECTION OBJECTS CLIENTS SECONDS [RATE] GET random objects by id, latency
 * </pre>
 *
 * TOKEN is a bearer token, or a whole {@code Authorization} value such as {@code "Basic ..."}.
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: LoadGenerator ingest|page|get URL TOKEN COLLECTION ...");
            System.exit(2);
        }
        String url = args[1];
        String token = args[2];
        String path = "/taxii2/api/collections/" + args[3] + "/objects/";
        switch (args[0]) {
            case "ingest" ->
                    ingest(
                            url,
                            path,
                            token,
                            Long.parseLong(args[4]),
                            Integer.parseInt(args[5]),
                            Integer.parseInt(args[6]),
                            args.length > 7 ? Long.parseLong(args[7]) : 0);
            case "page" -> page(url, path, token, Integer.parseInt(args[4]));
            case "get" ->
                    get(
                            url,
                            path,
                            token,
                            Long.parseLong(args[4]),
                            Integer.parseInt(args[5]),
                            Integer.parseInt(args[6]),
                            args.length > 7 ? Integer.parseInt(args[7]) : 0);
            default -> throw new IllegalArgumentException("unknown phase " + args[0]);
        }
    }

    static void ingest(
            String url, String path, String token, long objects, int clients, int batch, long from)
            throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(
                    pool.submit(
                            () -> {
                                try (RawHttp raw = new RawHttp(url)) {
                                    int[] status = new int[1];
                                    while (true) {
                                        long first = next.getAndAdd(batch);
                                        if (first >= objects) {
                                            return null;
                                        }
                                        int n = (int) Math.min(batch, objects - first);
                                        byte[] answer =
                                                raw.exchange(
                                                        "POST",
                                                        path,
                                                        token,
                                                        Indicators.envelope(from + first, n),
                                                        status);
                                        if (status[0] != 202) {
                                            throw new IllegalStateException(
                                                    "POST answered "
                                                            + status[0]
                                                            + ": "
                                                            + new String(answer));
                                        }
                                        failures.addAndGet(count(answer, "\"failure_count\":"));
                                        if (first / batch % 100 == 0) {
                                            double s = (System.nanoTime() - start) / 1e9;
                                            System.err.printf(
                                                    Locale.ROOT,
                                                    "  %,d objects in %.1f s%n",
                                                    first + n,
                                                    s);
                                        }
                                    }
                                }
                            }));
        }
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "ingest: %,d objects in envelopes of %d by %d clients in %.1f s = %,.0f objects/s (rejected: %d)%n",
                objects,
                batch,
                clients,
                seconds,
                objects / seconds,
                failures.get());
    }

    /** The integer after {@code key} in a small JSON answer, without parsing all of it. */
    private static long count(byte[] body, String key) {
        String s =
                new String(
                        body,
                        0,
                        Math.min(body.length, 4096),
                        java.nio.charset.StandardCharsets.US_ASCII);
        int at = s.indexOf(key);
        if (at < 0) {
            return 0;
        }
        int i = at + key.length();
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        return v;
    }

    static void page(String url, String path, String token, int limit) throws Exception {
        long start = System.nanoTime();
        long objects = 0;
        long bytes = 0;
        String next = null;
        List<Double> pageMillis = new ArrayList<>();
        try (RawHttp raw = new RawHttp(url)) {
            do {
                long t = System.nanoTime();
                EnvelopeScanner scan = new EnvelopeScanner();
                int status =
                        raw.exchange(
                                "GET",
                                path + "?limit=" + limit + (next == null ? "" : "&next=" + next),
                                token,
                                null,
                                scan);
                if (status != 200) {
                    throw new IllegalStateException("GET answered " + status);
                }
                pageMillis.add((System.nanoTime() - t) / 1e6);
                objects += scan.objects;
                bytes += scan.bytes;
                next = scan.next();
            } while (next != null);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int n = pageMillis.size();
        double firstTen =
                pageMillis.subList(0, Math.min(10, n)).stream()
                        .mapToDouble(d -> d)
                        .average()
                        .orElse(0);
        double lastTen =
                pageMillis.subList(Math.max(0, n - 10), n).stream()
                        .mapToDouble(d -> d)
                        .average()
                        .orElse(0);
        System.out.printf(
                Locale.ROOT,
                "page: %,d objects (%,d MB) in %,d pages of %d in %.1f s = %,.0f objects/s; first 10 pages %.1f ms/page, last 10 pages %.1f ms/page%n",
                objects,
                bytes >> 20,
                n,
                limit,
                seconds,
                objects / seconds,
                firstTen,
                lastTen);
    }

    /**
     * Counts the objects of a TAXII envelope as its bytes stream past (a brace counter that knows
     * strings), and keeps the start of the body, where the node writes {@code next}.
     */
    static final class EnvelopeScanner implements RawHttp.Sink {
        long objects;
        long bytes;
        private int depth;
        private boolean inString;
        private boolean escaped;
        private final StringBuilder head = new StringBuilder();

        @Override
        public void accept(byte[] b, int from, int length) {
            bytes += length;
            for (int i = from; i < from + length; i++) {
                byte c = b[i];
                if (head.length() < 200) {
                    head.append((char) c);
                }
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    if (c == '{' && depth == 2) {
                        objects++;
                    }
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
            }
        }

        String next() {
            int at = head.indexOf("\"next\":\"");
            if (at < 0) {
                return null;
            }
            int from = at + 8;
            return head.substring(from, head.indexOf("\"", from));
        }
    }

    /**
     * {@code rate} 0: every client sends its next request as soon as the last is answered (the
     * node's saturation). Otherwise the clients together offer {@code rate} requests/s, each on a
     * fixed schedule, and a latency runs from the request's scheduled time, so that time spent
     * queued behind a slow answer counts (no coordinated omission).
     */
    static void get(
            String url, String path, String token, long objects, int clients, int seconds, int rate)
            throws Exception {
        long interval = rate > 0 ? 1_000_000_000L * clients / rate : 0;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long warm = System.nanoTime() + Math.min(5, seconds / 4) * 1_000_000_000L;
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            final long seed = c * 7919L + 17;
            results.add(
                    pool.submit(
                            () -> {
                                SplittableRandom random = new SplittableRandom(seed);
                                long[] latencies = new long[1 << 20];
                                int n = 0;
                                int[] status = new int[1];
                                long scheduled = System.nanoTime() + random.nextLong(1 + interval);
                                try (RawHttp raw = new RawHttp(url)) {
                                    while (System.nanoTime() < end) {
                                        String id = Indicators.id(random.nextLong(objects));
                                        long t = System.nanoTime();
                                        if (interval > 0) {
                                            while (t < scheduled) {
                                                java.util.concurrent.locks.LockSupport.parkNanos(
                                                        scheduled - t);
                                                t = System.nanoTime();
                                            }
                                            t = scheduled;
                                            scheduled += interval;
                                        }
                                        raw.exchange("GET", path + id + "/", token, null, status);
                                        long took = System.nanoTime() - t;
                                        if (status[0] != 200) {
                                            throw new IllegalStateException(
                                                    "GET " + id + " answered " + status[0]);
                                        }
                                        if (t > warm && n < latencies.length) {
                                            latencies[n++] = took;
                                        }
                                    }
                                }
                                return Arrays.copyOf(latencies, n);
                            }));
        }
        List<long[]> all = new ArrayList<>();
        try {
            for (Future<long[]> f : results) {
                all.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double measured = seconds - Math.min(5, seconds / 4);
        System.out.printf(
                Locale.ROOT,
                (rate > 0 ? "get at " + rate + " requests/s offered: " : "get: ")
                        + "%,d requests by %d clients = %,.0f requests/s; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
                merged.length,
                clients,
                merged.length / measured,
                pct(merged, 0.50),
                pct(merged, 0.90),
                pct(merged, 0.99),
                pct(merged, 0.999),
                merged[merged.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
