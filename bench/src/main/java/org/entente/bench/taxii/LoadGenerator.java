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
 * small   URL TOKEN COLLECTION LIMIT CLIENTS SECONDS [RATE]   GET pages of LIMIT objects from random
 *                                                     places in the collection, latency
 * poll    URL TOKEN COLLECTION CLIENTS SECONDS [RATE]  GET what was added after the start: feed
 *                                                     readers that find nothing new, latency
 * </pre>
 *
 * TOKEN is a bearer token, or a whole {@code Authorization} value such as {@code "Basic ..."}.
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println(
                    "usage: LoadGenerator ingest|page|get|small|poll URL TOKEN COLLECTION ...");
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
            case "poll" ->
                    poll(
                            new Load(
                                    url,
                                    token,
                                    Integer.parseInt(args[4]),
                                    Integer.parseInt(args[5]),
                                    args.length > 6 ? Integer.parseInt(args[6]) : 0),
                            path);
            case "get", "small" -> {
                int clients = Integer.parseInt(args[5]);
                int seconds = Integer.parseInt(args[6]);
                int rate = args.length > 7 ? Integer.parseInt(args[7]) : 0;
                Load load = new Load(url, token, clients, seconds, rate);
                if (args[0].equals("get")) {
                    get(load, path, Long.parseLong(args[4]));
                } else {
                    small(load, path, Integer.parseInt(args[4]));
                }
            }
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
    static void get(Load load, String path, long objects) throws Exception {
        long[] latencies =
                latencies(
                        load,
                        random -> path + Indicators.id(random.nextLong(objects)) + "/",
                        (target, answer) -> {});
        report(
                load.rate() > 0 ? "get at " + load.rate() + " requests/s offered: " : "get: ",
                latencies,
                load);
    }

    /**
     * Feed readers that find nothing new: each request asks for what was added after this phase
     * began, and every answer must be an empty envelope. {@code rate} as for {@link #get}.
     */
    static void poll(Load load, String path) throws Exception {
        String after =
                java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        long[] latencies =
                latencies(
                        load,
                        random -> path + "?added_after=" + after,
                        (target, answer) -> {
                            if (count(answer) != 0 || more(answer)) {
                                throw new IllegalStateException(target + " found something new");
                            }
                        });
        report(
                load.rate() > 0 ? "poll at " + load.rate() + " requests/s offered: " : "poll: ",
                latencies,
                load);
    }

    /**
     * Who loads the node and how: {@code clients} at once for {@code seconds}, each as soon as its
     * last request was answered ({@code rate} 0) or together at {@code rate} requests/s.
     */
    record Load(String url, String token, int clients, int seconds, int rate) {}

    /**
     * Pages of {@code limit} objects from random places in the collection, as a feed reader that
     * resumes where it stopped: a first walk in pages of 1,000 finds where each page ends (its
     * {@code next}, which is the {@code date_added} of its last object), and each request then asks
     * for {@code added_after} a random time between two of them. Every answer must hold {@code
     * limit} objects but near the collection's end. {@code rate} as for {@link #get}.
     */
    static void small(Load load, String path, int limit) throws Exception {
        List<Long> ends = new ArrayList<>();
        try (RawHttp raw = new RawHttp(load.url())) {
            String next = null;
            do {
                EnvelopeScanner scan = new EnvelopeScanner();
                int status =
                        raw.exchange(
                                "GET",
                                path + "?limit=1000" + (next == null ? "" : "&next=" + next),
                                load.token(),
                                null,
                                scan);
                if (status != 200) {
                    throw new IllegalStateException("GET answered " + status);
                }
                next = scan.next();
                if (next != null) {
                    ends.add(dateAdded(next));
                }
            } while (next != null);
        }
        if (ends.size() < 2) {
            throw new IllegalStateException("the collection needs more than 2,000 objects");
        }
        AtomicLong objects = new AtomicLong();
        AtomicLong pages = new AtomicLong();
        long[] latencies =
                latencies(
                        load,
                        random -> {
                            int i = random.nextInt(ends.size() - 1);
                            long from = ends.get(i);
                            long after = from + random.nextLong(1 + ends.get(i + 1) - from);
                            return path
                                    + "?limit="
                                    + limit
                                    + "&added_after="
                                    + java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                                            java.time.Instant.EPOCH.plus(
                                                    after, java.time.temporal.ChronoUnit.MICROS));
                        },
                        (target, answer) -> {
                            long n = count(answer);
                            if (n < limit && more(answer)) {
                                throw new IllegalStateException(
                                        target + " gave " + n + " objects and more to come");
                            }
                            objects.addAndGet(n);
                            pages.incrementAndGet();
                        });
        report(
                "small pages of "
                        + limit
                        + (load.rate() > 0 ? " at " + load.rate() + " requests/s offered" : "")
                        + String.format(
                                Locale.ROOT,
                                " (%.1f objects a page): ",
                                objects.get() / (double) Math.max(1, pages.get())),
                latencies,
                load);
    }

    /** The {@code date_added} in micros of a node's {@code next}: base64url of "d" and it. */
    static long dateAdded(String next) {
        String text =
                new String(
                        java.util.Base64.getUrlDecoder().decode(next),
                        java.nio.charset.StandardCharsets.US_ASCII);
        if (!text.startsWith("d")) {
            throw new IllegalStateException("a next this generator cannot read: " + next);
        }
        return Long.parseLong(text.substring(1));
    }

    /** Whether an envelope says more objects follow (the node writes {@code more} first). */
    private static boolean more(byte[] envelope) {
        String head =
                new String(
                        envelope,
                        0,
                        Math.min(envelope.length, 64),
                        java.nio.charset.StandardCharsets.US_ASCII);
        return head.startsWith("{\"more\":true");
    }

    /** The objects of a whole envelope held in memory. */
    private static long count(byte[] envelope) {
        EnvelopeScanner scan = new EnvelopeScanner();
        scan.accept(envelope, 0, envelope.length);
        return scan.objects;
    }

    /** Checks an answer of 200 to {@code target}; throws if it is wrong. */
    interface Check {
        void accept(String target, byte[] answer);
    }

    /**
     * {@code rate} 0: every client sends its next request as soon as the last is answered (the
     * node's saturation). Otherwise the clients together offer {@code rate} requests/s, each on a
     * fixed schedule, and a latency runs from the request's scheduled time, so that time spent
     * queued behind a slow answer counts (no coordinated omission). Returns the latencies after the
     * first quarter of the run (at most 5 s), sorted.
     */
    static long[] latencies(
            Load load, java.util.function.Function<SplittableRandom, String> targets, Check check)
            throws Exception {
        String url = load.url();
        String token = load.token();
        int clients = load.clients();
        int seconds = load.seconds();
        int rate = load.rate();
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
                                        String target = targets.apply(random);
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
                                        byte[] answer =
                                                raw.exchange("GET", target, token, null, status);
                                        long took = System.nanoTime() - t;
                                        if (status[0] != 200) {
                                            throw new IllegalStateException(
                                                    "GET " + target + " answered " + status[0]);
                                        }
                                        check.accept(target, answer);
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
        return all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }

    private static void report(String label, long[] merged, Load load) {
        int clients = load.clients();
        double measured = load.seconds() - Math.min(5, load.seconds() / 4);
        System.out.printf(
                Locale.ROOT,
                label
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
