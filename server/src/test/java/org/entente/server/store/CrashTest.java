package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.entente.server.Node;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Agency;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.NodeProcess;
import org.entente.server.testing.Slow;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node killed with SIGKILL in the middle of a POST: afterwards every object is either stored and
 * listed in its status resource, or absent; posting again completes the set without duplicates. The
 * node runs in its own process, started as {@code entente serve} is.
 */
@Slow
class CrashTest {
    private static final int OBJECTS = 30_000;
    private static final String MAX_CONTENT = Integer.toString(64 * 1024 * 1024);

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void killDashNineDuringAPostLeavesNothingHalfWritten(Dialect dialect) throws Exception {
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

        String url;
        try (NodeProcess node =
                NodeProcess.start(
                        "crash",
                        dialect,
                        "CERT Crash",
                        "FR",
                        Map.of(
                                "entente.chunk-size",
                                "250",
                                "entente.max-content-length",
                                MAX_CONTENT))) {
            url = node.databaseUrl();
            CompletableFuture<HttpResponse<String>> post =
                    node.http()
                            .sendAsync(
                                    HttpRequest.newBuilder(
                                                    node.base()
                                                            .resolve(
                                                                    "taxii2/api/collections/threat-intel/objects/"))
                                            .header(
                                                    "Authorization",
                                                    "Bearer " + TestNode.ADMIN_TOKEN)
                                            .header("Accept", "application/taxii+json;version=2.1")
                                            .header(
                                                    "Content-Type",
                                                    "application/taxii+json;version=2.1")
                                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            try (Node observer = node.open()) {
                Collection c = observer.collections().find("api", "threat-intel").orElseThrow();
                Agency.await(
                        Duration.ofSeconds(120),
                        "2,000 objects are stored",
                        () -> observer.objects().count(c.id(), Visibility.all()) >= 2_000);
                assertThat(post)
                        .as("the POST must still be running when the node is killed")
                        .isNotDone();
            }
            node.kill();
            assertThat(post).failsWithin(Duration.ofSeconds(30));

            try (Node after = node.open()) {
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
                                    .find(
                                            "api",
                                            statusId,
                                            Long.MAX_VALUE,
                                            page.next().getAsInt(),
                                            1000)
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
        }

        // the client retries against the restarted node: everything arrives, once
        try (TestNode restarted =
                TestNode.start(dialect, url, "entente.max-content-length=" + MAX_CONTENT)) {
            var retry =
                    restarted.admin().post("/taxii2/api/collections/threat-intel/objects/", body);
            assertThat(retry.json().get("success_count").intValue()).isEqualTo(OBJECTS);
            Collection c = restarted.node().collections().find("api", "threat-intel").orElseThrow();
            assertThat(restarted.node().objects().count(c.id(), Visibility.all()))
                    .isEqualTo(OBJECTS);
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
}
