package org.entente.server.federation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.entente.server.localnode.TlsIdentity;
import org.entente.server.testing.Pki;

/**
 * A small TAXII 2.1 server over real HTTPS that answers what a test tells it: well, or as a
 * misbehaving peer would (malformed JSON, wrong media type, invalid or forged STIX, an endless
 * next, a slow trickle, 429). It serves one collection, {@code threat-intel}, readable only.
 */
final class FakePeer implements AutoCloseable {
    static final String COLLECTION = "9b0e2a7c-6c1d-4d39-8d0e-0c5a1b7e2f11";
    static final String TOKEN = "ent_fake-peer-token";

    /** One answer to a page request. */
    record Answer(
            int status,
            String contentType,
            Map<String, String> headers,
            byte[] body,
            long trickleMillisPerByte) {
        static Answer page(String json, Map<String, String> headers) {
            return new Answer(
                    200,
                    "application/taxii+json;version=2.1",
                    headers,
                    json.getBytes(StandardCharsets.UTF_8),
                    0);
        }
    }

    /** What the fake answers to {@code GET .../objects/}, given the query string. */
    interface Behaviour {
        Answer objects(String query, int request);
    }

    /**
     * A page served from the start of the collection; asked for what came after it, nothing (as a
     * peer whose collection holds just that page answers).
     */
    static Behaviour once(Answer page) {
        return (q, n) ->
                q.contains("added_after=") ? Answer.page("{\"more\":false}", Map.of()) : page;
    }

    private final HttpsServer server;
    private final TlsIdentity identity;
    private volatile Behaviour behaviour;
    private final AtomicInteger requests = new AtomicInteger();
    final Map<String, Integer> paths = new ConcurrentHashMap<>();

    FakePeer(TlsIdentity identity, Behaviour behaviour) throws Exception {
        this.identity = identity;
        this.behaviour = behaviour;
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(identity.keystore())) {
            ks.load(in, Pki.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, Pki.PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    void behave(Behaviour b) {
        this.behaviour = b;
    }

    URI base() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/");
    }

    TlsIdentity identity() {
        return identity;
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getPath();
            paths.merge(path, 1, Integer::sum);
            if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                send(
                        x,
                        new Answer(
                                401,
                                "application/taxii+json;version=2.1",
                                Map.of(),
                                error("Authentication required", "bad token"),
                                0));
                return;
            }
            Answer a =
                    switch (path) {
                        case "/taxii2/" ->
                                Answer.page(
                                        "{\"title\":\"Fake peer\",\"default\":\"/taxii2/api/\","
                                                + "\"api_roots\":[\"/taxii2/api/\"]}",
                                        Map.of());
                        case "/taxii2/api/" ->
                                Answer.page(
                                        "{\"title\":\"Fake root\",\"versions\":[\"application/taxii+json;version=2.1\"],"
                                                + "\"max_content_length\":1048576}",
                                        Map.of());
                        case "/taxii2/api/collections/" ->
                                Answer.page(
                                        "{\"collections\":[{\"id\":\""
                                                + COLLECTION
                                                + "\",\"title\":\"Threat intelligence\","
                                                + "\"alias\":\"threat-intel\",\"can_read\":true,"
                                                + "\"can_write\":false}]}",
                                        Map.of());
                        default -> {
                            if (path.equals(
                                    "/taxii2/api/collections/" + COLLECTION + "/objects/")) {
                                String q = x.getRequestURI().getRawQuery();
                                yield behaviour.objects(
                                        q == null ? "" : q, requests.incrementAndGet());
                            }
                            yield new Answer(
                                    404,
                                    "application/taxii+json;version=2.1",
                                    Map.of(),
                                    error("Not found", path),
                                    0);
                        }
                    };
            send(x, a);
        } finally {
            x.close();
        }
    }

    private static byte[] error(String title, String description) {
        return ("{\"title\":\"" + title + "\",\"description\":\"" + description + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange x, Answer a) throws IOException {
        x.getResponseHeaders().set("Content-Type", a.contentType());
        a.headers().forEach((k, v) -> x.getResponseHeaders().set(k, v));
        if (a.trickleMillisPerByte() > 0) {
            x.sendResponseHeaders(a.status(), 0); // chunked
            try (OutputStream out = x.getResponseBody()) {
                for (byte b : a.body()) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(a.trickleMillisPerByte());
                }
            } catch (IOException | InterruptedException gone) {
                // the client hung up: what a slow trickle deserves
            }
            return;
        }
        x.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(a.body());
        }
    }

    /**
     * A well-behaved collection of {@code objects}, the i-th added at second i after 2024-05-01:
     * honours {@code limit} and {@code added_after}, and says where each page ends.
     */
    static Behaviour collection(List<String> objects) {
        long base = 1_714_521_600_000_000L;
        return (q, n) -> {
            int limit = Integer.MAX_VALUE;
            long after = -1;
            for (String part : q.split("&")) {
                String[] kv = part.split("=", 2);
                if (kv[0].equals("limit")) {
                    limit = Integer.parseInt(kv[1]);
                } else if (kv[0].equals("added_after")) {
                    String t = java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
                    after = (org.entente.stix.Timestamps.toMicros(t) - base) / 1_000_000L;
                }
            }
            int from = (int) (after + 1);
            int to = (int) Math.min(objects.size(), (long) from + limit);
            if (from >= objects.size()) {
                return Answer.page("{\"more\":false}", Map.of());
            }
            return Answer.page(
                    envelope(to < objects.size(), null, objects.subList(from, to)),
                    Map.of(
                            "X-TAXII-Date-Added-Last",
                            org.entente.stix.Timestamps.formatMicros(
                                    base + (to - 1) * 1_000_000L)));
        };
    }

    /** An envelope of {@code objects}. */
    static String envelope(boolean more, String next, List<String> objects) {
        return "{\"more\":"
                + more
                + (next == null ? "" : ",\"next\":\"" + next + "\"")
                + ",\"objects\":["
                + String.join(",", objects)
                + "]}";
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
