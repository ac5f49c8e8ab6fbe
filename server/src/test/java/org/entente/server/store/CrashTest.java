package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Databases;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node killed with SIGKILL in the middle of a POST: afterwards every object is either stored and
 * listed in its status resource, or absent; posting again completes the set without duplicates. The
 * node runs in its own process, started as {@code entente serve} is.
 */
class CrashTest {
    private static final int OBJECTS = 30_000;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void killDashNineDuringAPostLeavesNothingHalfWritten(Dialect dialect) throws Exception {
        String url = Databases.fresh(dialect);
        Path dataDir = Files.createTempDirectory("entente-crash-");
        List<String> ids = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
            String id = Fixtures.newId("indicator");
            ids.add(id);
            objects.add(
                    Fixtures.indicator(
                            id, "2024-01-01T00:00:00.000Z", "10.0." + (i / 250) + "." + (i % 250)));
        }
        byte[] body = Fixtures.envelope(objects).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        Process node = start(dialect, url, dataDir);
        int port = portOf(node);
        try {
            waitUntilUp(port);
            HttpClient http = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> post =
                    http.sendAsync(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + port
                                                            + "/taxii2/api/collections/threat-intel/objects/"))
                                    .header("Authorization", "Bearer " + TestNode.ADMIN_TOKEN)
                                    .header("Accept", "application/taxii+json;version=2.1")
                                    .header("Content-Type", "application/taxii+json;version=2.1")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            try (Node observer = open(dialect, url, dataDir)) {
                Collection c = observer.collections().find("api", "threat-intel").orElseThrow();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (observer.objects().count(c.id()) < 2_000 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(post)
                        .as("the POST must still be running when the node is killed")
                        .isNotDone();
            }
            node.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
            assertThat(post).failsWithin(Duration.ofSeconds(30));
        } finally {
            node.destroyForcibly();
        }

        try (Node after = open(dialect, url, dataDir)) {
            Collection c = after.collections().find("api", "threat-intel").orElseThrow();
            Set<String> stored = storedIds(after, c);
            assertThat(stored.size())
                    .as("some but not all objects were written")
                    .isBetween(1, OBJECTS - 1);
            String statusId =
                    after.database()
                            .jdbc()
                            .sql("SELECT id FROM statuses")
                            .query(String.class)
                            .single();
            PostStatus status =
                    after.statuses().find("api", statusId, Long.MAX_VALUE).orElseThrow();
            assertThat(status.complete()).as("an abandoned status ends up complete").isTrue();
            assertThat(status.totalCount())
                    .as("the total stays what was posted")
                    .isEqualTo(OBJECTS);
            assertThat(status.successCount()).isEqualTo(stored.size());
            assertThat(status.failureCount())
                    .as("the objects never reached count as not processed")
                    .isEqualTo(OBJECTS - stored.size());
            assertThat(status.pendingCount()).isZero();
            // every page of the status, its lines in order
            Set<String> listed = new HashSet<>();
            List<StatusDetail> failures = new ArrayList<>();
            for (PostStatus page = status; ; ) {
                page.successes().forEach(d -> listed.add(d.id()));
                failures.addAll(page.failures());
                if (page.next().isEmpty()) {
                    break;
                }
                page =
                        after.statuses()
                                .find("api", statusId, Long.MAX_VALUE, page.next().getAsInt(), 1000)
                                .orElseThrow();
            }
            assertThat(listed).isEqualTo(stored);
            assertThat(failures).hasSize(1);
            assertThat(failures.get(0).id())
                    .isEqualTo("objects " + stored.size() + " to " + (OBJECTS - 1));
            assertThat(failures.get(0).message().orElseThrow())
                    .contains("not processed")
                    .contains("the node stopped")
                    .contains((OBJECTS - stored.size()) + " objects");
            assertThat(ids).containsAll(stored);
        }

        // the client retries against the restarted node: everything arrives, once
        try (TestNode restarted =
                TestNode.start(dialect, url, "entente.max-content-length=" + (64 * 1024 * 1024))) {
            var retry =
                    restarted.admin().post("/taxii2/api/collections/threat-intel/objects/", body);
            assertThat(retry.json().get("success_count").intValue()).isEqualTo(OBJECTS);
            Collection c = restarted.node().collections().find("api", "threat-intel").orElseThrow();
            assertThat(restarted.node().objects().count(c.id())).isEqualTo(OBJECTS);
            assertThat(storedIds(restarted.node(), c)).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    private static Set<String> storedIds(Node node, Collection c) {
        return new HashSet<>(
                node.database()
                        .jdbc()
                        .sql(
                                "SELECT o.stix_id FROM objects o JOIN collections c ON c.seq = o.collection_seq WHERE c.id = :c")
                        .param("c", c.id())
                        .query(String.class)
                        .list());
    }

    private static Node open(Dialect dialect, String url, Path dataDir) {
        return new Node(
                NodeSettings.forDatabase(
                        dataDir, url, Databases.user(dialect), Databases.password(dialect)),
                Clock.systemUTC());
    }

    private static final java.util.Map<Process, Integer> PORTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Process start(Dialect dialect, String url, Path dataDir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb =
                new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.entente.server.cli.Main",
                        "serve",
                        "--port",
                        Integer.toString(port));
        pb.environment().put("ENTENTE_DATABASE_URL", url);
        pb.environment().put("ENTENTE_DATABASE_USER", Databases.user(dialect));
        pb.environment().put("ENTENTE_DATABASE_PASSWORD", Databases.password(dialect));
        pb.environment().put("ENTENTE_DATA_DIR", dataDir.toString());
        pb.environment().put("ENTENTE_ADMIN_TOKEN", TestNode.ADMIN_TOKEN);
        pb.environment().put("ENTENTE_CHUNK_SIZE", "250");
        pb.environment().put("ENTENTE_MAX_CONTENT_LENGTH", Integer.toString(64 * 1024 * 1024));
        pb.redirectErrorStream(true).redirectOutput(dataDir.resolve("node.log").toFile());
        Process p = pb.start();
        PORTS.put(p, port);
        return p;
    }

    private static int portOf(Process p) {
        return PORTS.get(p);
    }

    private static void waitUntilUp(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r =
                        http.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/taxii2/"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the node did not start on port " + port);
    }
}
