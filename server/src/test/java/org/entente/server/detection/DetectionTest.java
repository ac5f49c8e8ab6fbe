package org.entente.server.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;
import static org.entente.server.testing.Fixtures.newId;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/** The detection endpoint over real HTTP: events in, matches out, sightings stored. */
class DetectionTest {
    private static String indicator(String id, String pattern, String extra) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",\
                "modified":"%s","pattern":"%s","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"%s}"""
                .formatted(
                        id,
                        extra.contains("revoked")
                                ? "2024-02-01T00:00:00.000Z"
                                : "2024-01-01T00:00:00.000Z",
                        pattern,
                        extra);
    }

    private static Response events(TestNode node, String lines, boolean flush) {
        return node.admin()
                .send(
                        node.admin()
                                .request("/api/v1/detection/events" + (flush ? "?flush=true" : ""))
                                .header("Accept", "application/json")
                                .header("Content-Type", "application/x-ndjson")
                                .POST(HttpRequest.BodyPublishers.ofString(lines))
                                .build());
    }

    /**
     * Waits until the node has compiled the indicators it holds: batches are matched against what
     * is compiled so far, and a node shared with other tests may hold many.
     */
    private static void awaitCompiled(TestNode node) {
        org.entente.server.testing.Agency.await(
                java.time.Duration.ofMinutes(2),
                "the node has compiled its indicators",
                () -> {
                    Response r = events(node, "{\"query\":\"nothing.invalid\"}", false);
                    assertThat(r.status()).as(r.text()).isEqualTo(200);
                    return !r.json().get("compiling").booleanValue();
                });
    }

    /** A random /24 of the shared address space (RFC 6598), as "a.b.c." to append the host to. */
    private static String randomNet() {
        java.util.concurrent.ThreadLocalRandom random =
                java.util.concurrent.ThreadLocalRandom.current();
        return "100." + (64 + random.nextInt(64)) + "." + random.nextInt(256) + ".";
    }

    /** The sightings stored in a collection, as its administrator reads them. */
    private static Response sightings(TestNode node, Collection c) {
        return node.admin()
                .get(
                        node.objectsPath(c)
                                + "?"
                                + URLEncoder.encode("match[type]", StandardCharsets.UTF_8)
                                + "=sighting");
    }

    private static List<String> matched(Response r) {
        List<String> ids = new ArrayList<>();
        r.json()
                .get("matches")
                .forEach(m -> ids.add(m.get("indicator").stringValue() + "@" + m.get("events")));
        return ids;
    }

    @EachDatabase
    void eventsMatchTheIndicatorsHeldAndNewOnesAtOnce(TestNode node) {
        Collection c = node.newCollection();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // addresses of this test alone: the node is shared with other tests that post indicators
        String watched = randomNet();
        String range = randomNet();
        while (range.equals(watched)) {
            range = randomNet();
        }
        String domain = newId("indicator");
        String ip = newId("indicator");
        String cidr = newId("indicator");
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(
                                indicator(
                                        domain,
                                        "[domain-name:value = 'c2-" + tag + ".example.net']",
                                        ""),
                                indicator(
                                        ip,
                                        "[ipv4-addr:value = '" + watched + "77']",
                                        ",\"object_marking_refs\":[\""
                                                + Tlp.GREEN.markingId()
                                                + "\"]"),
                                indicator(
                                        cidr,
                                        "[ipv4-addr:value ISSUBSET '" + range + "0/24']",
                                        "")));
        awaitCompiled(node);
        String lines =
                String.join(
                        "\n",
                        "{\"ts\":\"2026-11-27T10:00:00Z\",\"query\":\"c2-"
                                + tag
                                + ".example.net\",\"src_ip\":\"10.0.0.5\"}",
                        "{\"ts\":\"2026-11-27T10:00:01Z\",\"query\":\"www.example.org\",\"src_ip\":\"10.0.0.5\"}",
                        "{\"ts\":\"2026-11-27T10:00:02Z\",\"src_ip\":\"10.0.0.6\",\"dst_ip\":\""
                                + range
                                + "23\",\"dst_port\":443,\"bytes\":1200}",
                        "{\"ts\":\"2026-11-27T10:00:03Z\",\"src_ip\":\"10.0.0.7\",\"dst_ip\":\""
                                + watched
                                + "77\",\"dst_port\":80,\"bytes\":10}");
        Response r = events(node, lines, false);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("events").longValue()).isEqualTo(4);
        assertThat(matched(r))
                .containsExactlyInAnyOrder(domain + "@[1]", cidr + "@[3]", ip + "@[4]");

        // an indicator posted now is matched by the next batch
        String late = newId("indicator");
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(
                                indicator(
                                        late,
                                        "[url:value LIKE 'http://%.bad-" + tag + ".net/%']",
                                        "")));
        Response second =
                events(
                        node,
                        "{\"url\":\"http://dl.bad-" + tag + ".net/x.exe\",\"src_ip\":\"10.0.0.9\"}",
                        false);
        assertThat(matched(second)).containsExactly(late + "@[1]");

        // a revoked version takes the indicator out
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(
                                indicator(
                                        domain,
                                        "[domain-name:value = 'c2-" + tag + ".example.net']",
                                        ",\"revoked\":true")));
        Response third = events(node, "{\"query\":\"c2-" + tag + ".example.net\"}", true);
        assertThat(third.json().get("matches")).isEmpty();

        // the sightings of what matched are stored beside their indicators, with their TLP
        assertThat(third.json().get("sightings_stored").intValue()).isGreaterThanOrEqualTo(3);
        Response sightings = sightings(node, c);
        List<String> sighted = new ArrayList<>();
        for (JsonNode s : sightings.json().get("objects")) {
            sighted.add(s.get("sighting_of_ref").stringValue());
            assertThat(s.get("count").intValue()).isGreaterThanOrEqualTo(1);
            assertThat(s.get("where_sighted_refs").get(0).stringValue())
                    .isEqualTo(node.node().organisations().local().orElseThrow().identityId());
            if (s.get("sighting_of_ref").stringValue().equals(ip)) {
                assertThat(s.get("object_marking_refs").get(0).stringValue())
                        .isEqualTo(Tlp.GREEN.markingId());
            }
        }
        assertThat(sighted).contains(ip, cidr, late);
        // the domain's indicator was revoked before its window ended: a revoked indicator was
        // wrong, and its sighting is not reported
        assertThat(sighted).doesNotContain(domain);
    }

    @EachDatabase
    void badBatchesAreRefusedWithTheReason(TestNode node) {
        Response malformed = events(node, "{\"query\":\"a.example\"}\n{\"query\": ", false);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("description").stringValue()).contains("line 2");
        Response notObjects = events(node, "[1, 2]", false);
        assertThat(notObjects.status()).isEqualTo(400);
        assertThat(notObjects.json().get("description").stringValue())
                .contains("not a JSON object");
        Response empty = events(node, "", false);
        assertThat(empty.status()).isEqualTo(400);
        String reader = node.tokenFor(node.newCollection(), true, false);
        Response analyst =
                node.client("Bearer " + reader)
                        .send(
                                node.client("Bearer " + reader)
                                        .request("/api/v1/detection/events")
                                        .header("Accept", "application/json")
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        "{\"query\":\"x.example\"}"))
                                        .build());
        assertThat(analyst.status()).isEqualTo(200);
    }

    @org.junit.jupiter.api.Test
    void aCapLeavesIndicatorsOutAndSaysSo() {
        try (TestNode node =
                TestNode.start(
                        org.entente.server.db.Dialect.SQLITE,
                        org.entente.server.testing.Databases.fresh(
                                org.entente.server.db.Dialect.SQLITE),
                        "entente.detection.max-indicators=2")) {
            Collection c = node.newCollection();
            List<String> posted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = newId("indicator");
                posted.add(id);
                node.admin()
                        .post(
                                node.objectsPath(c),
                                envelope(
                                        indicator(
                                                id,
                                                "[ipv4-addr:value = '192.0.2." + (i + 1) + "']",
                                                "")));
            }
            Response r =
                    events(
                            node,
                            "{\"src_ip\":\"10.0.0.1\",\"dst_ip\":\"192.0.2.1\",\"dst_port\":443}\n"
                                    + "{\"src_ip\":\"10.0.0.1\",\"dst_ip\":\"192.0.2.3\",\"dst_port\":443}",
                            false);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().get("indicators").intValue()).isEqualTo(2);
            assertThat(r.json().get("indicators_left_out").longValue()).isEqualTo(1);
            // the first two stored are the ones looked for
            assertThat(matched(r)).containsExactly(posted.get(0) + "@[1]");
            String metrics =
                    node.admin()
                            .send(
                                    node.admin()
                                            .request("/actuator/prometheus")
                                            .header("Accept", "text/plain")
                                            .GET()
                                            .build())
                            .text();
            assertThat(metrics)
                    .contains("entente_detection_indicators 2.0")
                    .contains("entente_detection_indicators_left_out 1.0");
        }
    }

    @org.junit.jupiter.api.Test
    void aNodeWithDetectionOffSaysSo() {
        try (TestNode node =
                TestNode.start(
                        org.entente.server.db.Dialect.SQLITE,
                        org.entente.server.testing.Databases.fresh(
                                org.entente.server.db.Dialect.SQLITE),
                        "entente.detection.enabled=false")) {
            Response r = events(node, "{\"query\":\"a.example\"}", false);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().get("description").stringValue())
                    .contains("detection is off on this node");
        }
    }

    @org.junit.jupiter.api.Test
    void aNodeThatStopsStoresTheSightingsOfWindowsStillOpen() {
        String database =
                org.entente.server.testing.Databases.fresh(org.entente.server.db.Dialect.SQLITE);
        String id = newId("indicator");
        Collection c;
        try (TestNode node = TestNode.start(org.entente.server.db.Dialect.SQLITE, database)) {
            c = node.newCollection();
            node.admin()
                    .post(
                            node.objectsPath(c),
                            envelope(indicator(id, "[domain-name:value = 'stop.example']", "")));
            Response r = events(node, "{\"query\":\"stop.example\"}", false);
            assertThat(matched(r)).containsExactly(id + "@[1]");
            assertThat(r.json().has("sightings_stored")).as("not flushed").isFalse();
        }
        try (TestNode again = TestNode.start(org.entente.server.db.Dialect.SQLITE, database)) {
            Response sightings = sightings(again, c);
            assertThat(sightings.json().get("objects")).hasSize(1);
            assertThat(sightings.json().get("objects").get(0).get("sighting_of_ref").stringValue())
                    .isEqualTo(id);
        }
    }

    /**
     * A flush that fails part-way loses nothing: the sightings of the collection that failed and of
     * every collection not tried yet are stored by the next flush.
     */
    @org.junit.jupiter.api.Test
    void sightingsAFlushCouldNotStoreAreStoredByTheNext() {
        String database =
                org.entente.server.testing.Databases.fresh(org.entente.server.db.Dialect.SQLITE);
        try (TestNode node = TestNode.start(org.entente.server.db.Dialect.SQLITE, database)) {
            List<Collection> collections = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                Collection c = node.newCollection();
                String id = newId("indicator");
                node.admin()
                        .post(
                                node.objectsPath(c),
                                envelope(
                                        indicator(
                                                id,
                                                "[domain-name:value = 'f" + i + ".example']",
                                                "")));
                collections.add(c);
                ids.add(id);
                lines.append("{\"query\":\"f").append(i).append(".example\"}\n");
            }
            awaitCompiled(node);
            assertThat(matched(events(node, lines.toString(), false))).hasSize(3);
            // two of the three collections refuse every write for now
            var db = node.node().database().jdbc();
            List<Integer> failing = new ArrayList<>();
            for (Collection c : collections.subList(0, 2)) {
                failing.add(
                        db.sql("SELECT seq FROM collections WHERE id = :id")
                                .param("id", c.id())
                                .query(Integer.class)
                                .single());
            }
            db.sql(
                            "CREATE TRIGGER refuse_writes BEFORE INSERT ON objects"
                                    + " WHEN NEW.collection_seq IN ("
                                    + failing.get(0)
                                    + ", "
                                    + failing.get(1)
                                    + ") BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
                    .update();
            Response failed = events(node, "{\"query\":\"nothing.invalid\"}", true);
            assertThat(failed.status()).as(failed.text()).isEqualTo(500);

            db.sql("DROP TRIGGER refuse_writes").update();
            Response again = events(node, "{\"query\":\"nothing.invalid\"}", true);
            assertThat(again.status()).as(again.text()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                Response sightings = sightings(node, collections.get(i));
                assertThat(sightings.json().get("objects")).as("collection " + i).hasSize(1);
                assertThat(
                                sightings
                                        .json()
                                        .get("objects")
                                        .get(0)
                                        .get("sighting_of_ref")
                                        .stringValue())
                        .isEqualTo(ids.get(i));
            }
        }
    }

    private static String indicators(int n, String tag) {
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            objects.add(
                    indicator(
                            newId("indicator"),
                            "[domain-name:value = 'i" + i + "." + tag + "']",
                            ""));
        }
        return envelope(objects);
    }

    private static void store(TestNode node, Collection c, String envelope) {
        String admin =
                node.node()
                        .principals()
                        .byName(org.entente.server.NodeSetup.ADMIN)
                        .orElseThrow()
                        .id();
        node.node()
                .ingest()
                .add(
                        c,
                        admin,
                        node.node().policy().operatorWrite(),
                        new org.entente.server.store.Payload.Bytes(
                                envelope.getBytes(StandardCharsets.UTF_8)),
                        org.entente.server.ingest.Ingest.Shape.ENVELOPE,
                        org.entente.server.ingest.Ingest.Listener.NONE);
    }

    @org.junit.jupiter.api.Test
    void theFirstBatchIsAnsweredWithWhatIsCompiledSoFarAndSaysSo() {
        try (TestNode node =
                TestNode.start(
                        org.entente.server.db.Dialect.SQLITE,
                        org.entente.server.testing.Databases.fresh(
                                org.entente.server.db.Dialect.SQLITE),
                        "entente.detection.first-batch-wait=0s")) {
            Collection c = node.newCollection();
            int n = 20_000;
            store(node, c, indicators(n, "first.example"));
            String event = "{\"query\":\"i" + (n - 1) + ".first.example\"}";
            Response first = events(node, event, false);
            assertThat(first.status()).as(first.text()).isEqualTo(200);
            assertThat(first.json().get("compiling").booleanValue()).isTrue();
            assertThat(first.json().get("indicators").intValue()).isLessThan(n);
            assertThat(first.json().get("note").stringValue())
                    .contains("still being compiled")
                    .contains("compiled so far");
            awaitCompiled(node);
            Response later = events(node, event, false);
            assertThat(later.json().get("compiling").booleanValue()).isFalse();
            assertThat(later.json().get("indicators").intValue()).isEqualTo(n);
            assertThat(later.json().has("note")).isFalse();
            assertThat(later.json().get("matches")).hasSize(1);
        }
    }

    @org.junit.jupiter.api.Test
    void aMemoryBudgetCapsTheIndicatorsCompiledAndSaysHowManyWereLeftOut() {
        try (TestNode node =
                TestNode.start(
                        org.entente.server.db.Dialect.SQLITE,
                        org.entente.server.testing.Databases.fresh(
                                org.entente.server.db.Dialect.SQLITE),
                        "entente.detection.memory-budget=1MB")) {
            Collection c = node.newCollection();
            int n = 2_000;
            store(node, c, indicators(n, "budget.example"));
            awaitCompiled(node);
            Response r = events(node, "{\"query\":\"i0.budget.example\"}", false);
            int compiled = r.json().get("indicators").intValue();
            long leftOut = r.json().get("indicators_left_out").longValue();
            // about 1.5 KB each: some hundreds fit in 1 MB, not 2,000
            assertThat(compiled).isBetween(100, 1_000);
            assertThat(compiled + leftOut).isEqualTo(n);
            assertThat(r.json().get("note").stringValue())
                    .contains(leftOut + " indicators are not looked for")
                    .contains("memory budget");
            String metrics =
                    node.admin()
                            .send(
                                    node.admin()
                                            .request("/actuator/prometheus")
                                            .header("Accept", "text/plain")
                                            .GET()
                                            .build())
                            .text();
            assertThat(metrics)
                    .contains("entente_detection_indicators_left_out " + leftOut + ".0")
                    .contains("entente_detection_memory_budget_bytes 1048576.0")
                    .contains("entente_detection_compiling 0.0");
        }
    }
}
