package org.entente.bench.federation;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.entente.bench.taxii.Indicators;
import org.entente.stix.StixJson;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Drives two running nodes, A (where objects are posted) and B (which pulls them from A as its
 * peer), over HTTPS with each node's certificate pinned, and prints figures. Phases:
 *
 * <pre>
 * setup     A_URL A_PEM A_TOKEN B_URL B_PEM B_TOKEN        agreements on both, B peers A
 * propagate A_URL A_PEM A_TOKEN B_URL B_PEM B_TOKEN RATE SECONDS WARMUP FIRST
 *           post RATE objects/s to A for SECONDS (the first WARMUP not counted); for each, the
 *           time from the start of its POST until B serves it; percentiles
 * load      A_URL A_PEM A_TOKEN OBJECTS FIRST               post OBJECTS to A as fast as it takes
 * catchup   B_URL B_PEM B_TOKEN RECEIVED [enable]           wait until B has received RECEIVED
 *           objects from A in all; the rate from now (with enable: B's peer A is enabled once
 *           the count before it is read, so the rate counts every object of the catch-up)
 * </pre>
 */
public final class FederationBench {
    private static final String TAXII = "application/taxii+json;version=2.1";

    private FederationBench() {}

    /** A node: its address, a client trusting only its certificate, the admin's token. */
    record Node(URI base, HttpClient http, String token) {
        static Node of(String url, String pem, String token) throws Exception {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(Path.of(pem))) {
                trust.setCertificateEntry(
                        "node", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return new Node(
                    URI.create(url.endsWith("/") ? url : url + "/"),
                    HttpClient.newBuilder()
                            .sslContext(tls)
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(10))
                            .build(),
                    token);
        }

        HttpResponse<byte[]> send(String method, String path, String type, byte[] body)
                throws Exception {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(base.resolve(path))
                            .timeout(Duration.ofMinutes(5))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", type);
            if (body != null) {
                b.header("Content-Type", type);
            }
            b.method(
                    method,
                    body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        JsonNode api(String method, String path, String json) throws Exception {
            HttpResponse<byte[]> r =
                    send(
                            method,
                            path,
                            "application/json",
                            json == null ? null : json.getBytes(StandardCharsets.UTF_8));
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        method
                                + " "
                                + path
                                + " answered "
                                + r.statusCode()
                                + ": "
                                + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body().length == 0 ? null : StixJson.parse(r.body());
        }
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "setup" ->
                    setup(
                            Node.of(args[1], args[2], args[3]),
                            Node.of(args[4], args[5], args[6]),
                            Files.readString(Path.of(args[2])));
            case "propagate" ->
                    propagate(
                            Node.of(args[1], args[2], args[3]),
                            Node.of(args[4], args[5], args[6]),
                            Integer.parseInt(args[7]),
                            Integer.parseInt(args[8]),
                            Integer.parseInt(args[9]),
                            Long.parseLong(args[10]));
            case "load" ->
                    load(
                            Node.of(args[1], args[2], args[3]),
                            Long.parseLong(args[4]),
                            Long.parseLong(args[5]));
            case "catchup" ->
                    catchup(
                            Node.of(args[1], args[2], args[3]),
                            Long.parseLong(args[4]),
                            args.length > 5 && args[5].equals("enable"));
            default -> throw new IllegalArgumentException("unknown phase " + args[0]);
        }
    }

    private static final String AREA =
            "{\"area\":\"information-exchange\",\"direction\":\"%s\",\"tlp_ceiling\":\"amber\","
                    + "\"onward\":\"none\"}";

    static void setup(Node a, Node b, String aPem) throws Exception {
        a.api("POST", "api/v1/organisations", "{\"kind\":\"partner\",\"name\":\"Node B\"}");
        a.api(
                "POST",
                "api/v1/agreements",
                "{\"kind\":\"moc\",\"title\":\"Bench MOC\",\"effective_from\":\"2020-01-01\","
                        + "\"parties\":[\"Node B\"],\"areas\":["
                        + AREA.formatted("share")
                        + "],\"activate\":true}");
        String principal =
                a.api(
                                "POST",
                                "api/v1/principals",
                                "{\"name\":\"node-b\",\"organisation\":\"Node B\","
                                        + "\"roles\":[\"partner\"]}")
                        .get("id")
                        .stringValue();
        String token =
                a.api("POST", "api/v1/principals/" + principal + "/tokens", "{}")
                        .get("token")
                        .stringValue();
        b.api("POST", "api/v1/organisations", "{\"kind\":\"partner\",\"name\":\"Node A\"}");
        b.api(
                "POST",
                "api/v1/agreements",
                "{\"kind\":\"moc\",\"title\":\"Bench MOC\",\"effective_from\":\"2020-01-01\","
                        + "\"parties\":[\"Node A\"],\"areas\":["
                        + AREA.formatted("receive")
                        + "],\"activate\":true}");
        StringBuilder peer =
                new StringBuilder("{\"name\":\"a\",\"organisation\":\"Node A\",\"url\":\"")
                        .append(a.base())
                        .append("\",\"token\":\"")
                        .append(token)
                        .append("\",\"push\":false,\"trust_pem\":")
                        .append(StixJson.mapper().writeValueAsString(aPem))
                        .append('}');
        b.api("POST", "api/v1/peers", peer.toString());
        System.err.println("setup: B peers A, pinning A's certificate");
    }

    /** Posts {@code n} objects numbered from {@code first}, in envelopes of {@code batch}. */
    private static void post(Node a, long first, int n) throws Exception {
        HttpResponse<byte[]> r =
                a.send(
                        "POST",
                        "taxii2/api/collections/threat-intel/objects/",
                        TAXII,
                        Indicators.envelope(first, n));
        if (r.statusCode() != 202) {
            throw new IllegalStateException("POST answered " + r.statusCode());
        }
    }

    static void propagate(Node a, Node b, int rate, int seconds, int warmup, long first)
            throws Exception {
        int ticksPerSecond = 20;
        int batch = rate / ticksPerSecond;
        long ticks = (long) seconds * ticksPerSecond;
        Map<String, Long> posted = new ConcurrentHashMap<>();
        Map<String, Long> seen = new ConcurrentHashMap<>();
        AtomicLong tick = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
        long start = System.nanoTime();
        clock.scheduleAtFixedRate(
                () -> {
                    long t = tick.getAndIncrement();
                    if (t >= ticks) {
                        return;
                    }
                    long from = first + t * batch;
                    long now = System.nanoTime();
                    for (long i = from; i < from + batch; i++) {
                        posted.put(Indicators.id(i), now);
                    }
                    try {
                        post(a, from, batch);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                },
                0,
                1_000_000_000L / ticksPerSecond,
                TimeUnit.NANOSECONDS);
        // the reader: B's collection from where it was, as fast as B answers
        String after = null;
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds + 120L);
        long expected = ticks * batch;
        while (seen.size() < expected && System.nanoTime() < deadline) {
            HttpResponse<byte[]> r =
                    b.send(
                            "GET",
                            "taxii2/api/collections/threat-intel/objects/?limit=2000"
                                    + (after == null
                                            ? ""
                                            : "&added_after="
                                                    + URLEncoder.encode(
                                                            after, StandardCharsets.UTF_8)),
                            TAXII,
                            null);
            long now = System.nanoTime();
            List<String> ids = ids(r.body());
            for (String id : ids) {
                seen.putIfAbsent(id, now);
            }
            after = r.headers().firstValue("X-TAXII-Date-Added-Last").orElse(after);
            if (ids.isEmpty()) {
                Thread.sleep(10);
            }
        }
        clock.shutdownNow();
        long warmupEnd = first + (long) warmup * ticksPerSecond * batch;
        List<Double> all = new ArrayList<>();
        List<Double> counted = new ArrayList<>();
        long missing = 0;
        for (long i = first; i < first + expected; i++) {
            String id = Indicators.id(i);
            Long p = posted.get(id);
            Long s = seen.get(id);
            if (p == null || s == null) {
                missing++;
                continue;
            }
            double ms = (s - p) / 1e6;
            all.add(ms);
            if (i >= warmupEnd) {
                counted.add(ms);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "propagation at %d objects/s offered for %d s (%d POST failures, %d never seen):%n",
                rate,
                seconds,
                failures.get(),
                missing);
        System.out.println("  after " + warmup + " s of warm-up: " + percentiles(counted));
        System.out.println("  all, warm-up included:    " + percentiles(all));
    }

    private static String percentiles(List<Double> values) {
        if (values.isEmpty()) {
            return "no values";
        }
        double[] v = values.stream().mapToDouble(d -> d).toArray();
        Arrays.sort(v);
        return String.format(
                Locale.ROOT,
                "n=%d p50=%.0f ms p90=%.0f ms p99=%.0f ms p99.9=%.0f ms max=%.0f ms",
                v.length,
                at(v, 0.50),
                at(v, 0.90),
                at(v, 0.99),
                at(v, 0.999),
                v[v.length - 1]);
    }

    private static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** The ids of the objects of an envelope, read token by token. */
    private static List<String> ids(byte[] envelope) throws Exception {
        List<String> ids = new ArrayList<>();
        try (JsonParser p = StixJson.mapper().createParser(envelope)) {
            int depth = 0;
            boolean inObjects = false;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    if (depth == 1 && name.equals("objects")) {
                        inObjects = true;
                    } else if (inObjects && depth == 3 && name.equals("id")) {
                        p.nextToken();
                        ids.add(p.getString());
                    }
                }
            }
        }
        return ids;
    }

    static void load(Node a, long objects, long first) throws Exception {
        long start = System.nanoTime();
        int batch = 2000;
        List<Thread> clients = new ArrayList<>();
        AtomicLong next = new AtomicLong();
        for (int c = 0; c < 2; c++) {
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    long i;
                                    while ((i = next.getAndAdd(batch)) < objects) {
                                        post(a, first + i, (int) Math.min(batch, objects - i));
                                    }
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            t.start();
            clients.add(t);
        }
        for (Thread t : clients) {
            t.join();
        }
        System.out.printf(
                Locale.ROOT,
                "load: %,d objects posted to A in %.1f s%n",
                objects,
                (System.nanoTime() - start) / 1e9);
    }

    static void catchup(Node b, long received, boolean enable) throws Exception {
        long initial = -1;
        if (enable) {
            initial = b.api("GET", "api/v1/peers/a", null).get("objects_received").longValue();
            b.api("POST", "api/v1/peers/a/enable", null);
        }
        long start = System.nanoTime();
        long last = -1;
        long deadline = start + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode h = b.api("GET", "api/v1/peers/a", null);
            last = h.get("objects_received").longValue();
            if (initial < 0) {
                initial = last;
            }
            if (last >= received) {
                break;
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "catch-up: %,d objects pulled and stored by B in %.1f s = %,.0f objects/s"
                        + " (%,d were already in when B answered)%n",
                last - initial,
                seconds,
                (last - initial) / seconds,
                initial);
    }
}
