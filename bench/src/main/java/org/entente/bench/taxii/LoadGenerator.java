package org.entente.bench.taxii;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Drives a running node over real HTTP and prints figures. Phases:
 *
 * <pre>
 * ingest  URL TOKEN COLLECTION OBJECTS CLIENTS BATCH   POST envelopes of BATCH indicators
 * page    URL TOKEN COLLECTION LIMIT                   GET every page with next, in order
 * get     URL TOKEN COLLECTION OBJECTS CLIENTS SECONDS GET random objects by id, latency
 * </pre>
 */
public final class LoadGenerator {
    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final JsonFactory JSON = new JsonFactory();

    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: LoadGenerator ingest|page|get URL TOKEN COLLECTION ...");
            System.exit(2);
        }
        String url = args[1];
        String token = args[2];
        String collection = args[3];
        String base = url + "/taxii2/api/collections/" + collection + "/objects/";
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        switch (args[0]) {
            case "ingest" ->
                    ingest(
                            http,
                            base,
                            token,
                            Long.parseLong(args[4]),
                            Integer.parseInt(args[5]),
                            Integer.parseInt(args[6]));
            case "page" -> page(http, base, token, Integer.parseInt(args[4]));
            case "get" ->
                    get(
                            http,
                            base,
                            token,
                            Long.parseLong(args[4]),
                            Integer.parseInt(args[5]),
                            Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException("unknown phase " + args[0]);
        }
    }

    static void ingest(
            HttpClient http, String base, String token, long objects, int clients, int batch)
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
                                while (true) {
                                    long first = next.getAndAdd(batch);
                                    if (first >= objects) {
                                        return null;
                                    }
                                    int n = (int) Math.min(batch, objects - first);
                                    byte[] body = Indicators.envelope(first, n);
                                    HttpResponse<byte[]> r =
                                            http.send(
                                                    HttpRequest.newBuilder(URI.create(base))
                                                            .header(
                                                                    "Authorization",
                                                                    "Bearer " + token)
                                                            .header("Accept", TAXII)
                                                            .header("Content-Type", TAXII)
                                                            .POST(
                                                                    HttpRequest.BodyPublishers
                                                                            .ofByteArray(body))
                                                            .build(),
                                                    HttpResponse.BodyHandlers.ofByteArray());
                                    if (r.statusCode() != 202) {
                                        throw new IllegalStateException(
                                                "POST answered "
                                                        + r.statusCode()
                                                        + ": "
                                                        + new String(r.body()));
                                    }
                                    failures.addAndGet(count(r.body(), "\"failure_count\":"));
                                    if (first / batch % 100 == 0) {
                                        double s = (System.nanoTime() - start) / 1e9;
                                        System.err.printf(
                                                Locale.ROOT,
                                                "  %,d objects in %.1f s%n",
                                                first + n,
                                                s);
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

    static void page(HttpClient http, String base, String token, int limit) throws Exception {
        long start = System.nanoTime();
        long objects = 0;
        long bytes = 0;
        String next = null;
        List<Double> pageMillis = new ArrayList<>();
        do {
            long t = System.nanoTime();
            HttpResponse<InputStream> r =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    base
                                                            + "?limit="
                                                            + limit
                                                            + (next == null
                                                                    ? ""
                                                                    : "&next=" + next)))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Accept", TAXII)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET answered " + r.statusCode());
            }
            Page p = readPage(r.body());
            pageMillis.add((System.nanoTime() - t) / 1e6);
            objects += p.objects;
            bytes += p.bytes;
            next = p.next;
        } while (next != null);
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

    private record Page(int objects, long bytes, String next) {}

    private static Page readPage(InputStream in) throws Exception {
        CountingStream counting = new CountingStream(in);
        int objects = 0;
        String next = null;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), counting)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("next")) {
                    next = p.getString();
                } else if (name.equals("objects") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        p.skipChildren();
                        objects++;
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return new Page(objects, counting.count, next);
    }

    static void get(
            HttpClient http, String base, String token, long objects, int clients, int seconds)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long warm = System.nanoTime() + Math.min(5, seconds / 4) * 1_000_000_000L;
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            final long seed = c * 7919L + 17;
            results.add(
                    pool.submit(
                            () -> {
                                java.util.SplittableRandom random =
                                        new java.util.SplittableRandom(seed);
                                long[] latencies = new long[1 << 20];
                                int n = 0;
                                while (System.nanoTime() < end) {
                                    String id = Indicators.id(random.nextLong(objects));
                                    long t = System.nanoTime();
                                    HttpResponse<byte[]> r =
                                            http.send(
                                                    HttpRequest.newBuilder(
                                                                    URI.create(base + id + "/"))
                                                            .header(
                                                                    "Authorization",
                                                                    "Bearer " + token)
                                                            .header("Accept", TAXII)
                                                            .GET()
                                                            .build(),
                                                    HttpResponse.BodyHandlers.ofByteArray());
                                    long took = System.nanoTime() - t;
                                    if (r.statusCode() != 200) {
                                        throw new IllegalStateException(
                                                "GET " + id + " answered " + r.statusCode());
                                    }
                                    if (t > warm && n < latencies.length) {
                                        latencies[n++] = took;
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
                "get: %,d requests by %d clients = %,.0f requests/s; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
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

    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
