package org.entente.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;
import static org.entente.server.testing.Fixtures.ids;
import static org.entente.server.testing.Fixtures.indicator;
import static org.entente.server.testing.Fixtures.newId;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.store.Visibility;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.entente.stix.Timestamps;
import tools.jackson.databind.JsonNode;

class ObjectsTest {
    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @EachDatabase
    void postedObjectsComeBackInTheOrderAdded(TestNode node) {
        Collection c = node.newCollection();
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            posted.add(newId("indicator"));
        }
        Response status =
                node.admin()
                        .post(
                                node.objectsPath(c),
                                envelope(
                                        posted.stream()
                                                .map(
                                                        id ->
                                                                indicator(
                                                                        id,
                                                                        "2024-02-01T00:00:00.000Z"))
                                                .toList()));
        assertThat(status.status()).isEqualTo(202);
        assertThat(status.json().get("status").stringValue()).isEqualTo("complete");
        assertThat(status.json().get("total_count").intValue()).isEqualTo(5);
        assertThat(status.json().get("success_count").intValue()).isEqualTo(5);
        assertThat(status.json().get("failure_count").intValue()).isZero();
        assertThat(status.json().get("pending_count").intValue()).isZero();

        Response page = node.admin().get(node.objectsPath(c));
        assertThat(page.status()).isEqualTo(200);
        assertThat(ids(page)).containsExactlyElementsOf(posted);
        assertThat(page.json().get("more").booleanValue()).isFalse();
    }

    /**
     * An envelope says its length in bytes, so that a client reads it without chunked framing and
     * the node writes it without a last empty chunk: one object, a page with more to come, an empty
     * page, and bodies in more than one byte per character.
     */
    @EachDatabase
    void envelopesCarryTheirLengthInBytes(TestNode node) {
        Collection c = node.newCollection();
        String id = newId("indicator");
        String japanese =
                indicator(id, "2024-02-01T00:00:00.000Z")
                        .replace("\"name\":\"C2 server", "\"name\":\"指令サーバ");
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(
                                japanese,
                                indicator(newId("indicator"), "2024-02-01T00:00:00.000Z"),
                                indicator(newId("indicator"), "2024-02-01T00:00:00.000Z")));
        String objects = node.objectsPath(c);
        for (String path :
                List.of(
                        objects + id + "/",
                        objects + "?limit=2",
                        objects + "?match[type]=malware")) {
            Response r = node.admin().get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.header("Transfer-Encoding")).as(path).isEmpty();
            assertThat(r.header("Content-Length"))
                    .as(path)
                    .contains(String.valueOf(r.raw().body().length));
        }
        assertThat(node.admin().get(objects + id + "/").text()).contains("指令サーバ");
        assertThat(node.admin().get(objects + "?limit=2").json().get("more").asBoolean()).isTrue();
    }

    @EachDatabase
    void pagingWithNextVisitsEveryObjectOfOneEnvelopeExactlyOnce(TestNode node) {
        Collection c = node.newCollection();
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 53; i++) {
            posted.add(newId("indicator"));
        }
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(
                                posted.stream()
                                        .map(id -> indicator(id, "2024-02-01T00:00:00.000Z"))
                                        .toList()));
        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Response page =
                    node.admin()
                            .get(
                                    node.objectsPath(c)
                                            + "?limit=7"
                                            + (next == null ? "" : "&next=" + q(next)));
            assertThat(page.status()).isEqualTo(200);
            seen.addAll(ids(page));
            next = page.json().optional("next").map(JsonNode::stringValue).orElse(null);
            assertThat(page.json().get("more").booleanValue()).isEqualTo(next != null);
            pages++;
        } while (next != null);
        assertThat(seen).containsExactlyElementsOf(posted);
        assertThat(pages).isEqualTo(8);
    }

    @EachDatabase
    void pagingWithAddedAfterAndTheDateAddedLastHeaderNeverSkipsOrRepeats(TestNode node) {
        Collection c = node.newCollection();
        List<String> posted = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = newId("indicator");
                batch.add(indicator(id, "2024-02-01T00:00:00.000Z"));
                posted.add(id);
            }
            node.admin().post(node.objectsPath(c), envelope(batch));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        while (true) {
            Response page =
                    node.admin()
                            .get(
                                    node.objectsPath(c)
                                            + "?limit=4"
                                            + (after == null ? "" : "&added_after=" + after));
            List<String> ids = ids(page);
            if (ids.isEmpty()) {
                break;
            }
            seen.addAll(ids);
            after = page.header("X-TAXII-Date-Added-Last").orElseThrow();
        }
        assertThat(seen).containsExactlyElementsOf(posted);
    }

    @EachDatabase
    void dateAddedStrictlyIncreasesAtMicrosecondPrecisionWithinOneEnvelope(TestNode node) {
        Collection c = node.newCollection();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            objects.add(indicator(newId("indicator"), "2024-02-01T00:00:00.000Z"));
        }
        node.admin().post(node.objectsPath(c), envelope(objects));
        Response manifest = node.admin().get("/taxii2/api/collections/" + c.id() + "/manifest/");
        long previous = Long.MIN_VALUE;
        for (JsonNode record : manifest.json().get("objects")) {
            String added = record.get("date_added").stringValue();
            assertThat(added).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            long micros = Timestamps.toMicros(added);
            assertThat(micros).isGreaterThan(previous);
            previous = micros;
        }
        assertThat(manifest.header("X-TAXII-Date-Added-First")).isPresent();
        assertThat(manifest.header("X-TAXII-Date-Added-Last"))
                .hasValue(Timestamps.formatMicros(previous));
    }

    @EachDatabase
    void repostingAnObjectVersionStoresItOnceAndSucceeds(TestNode node) {
        Collection c = node.newCollection();
        String id = newId("indicator");
        String body = envelope(indicator(id, "2024-03-01T00:00:00.000Z"));
        node.admin().post(node.objectsPath(c), body);
        Response again = node.admin().post(node.objectsPath(c), body);
        assertThat(again.json().get("success_count").intValue()).isEqualTo(1);
        assertThat(again.json().get("successes").get(0).get("message").stringValue())
                .contains("already held");
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isEqualTo(1);
    }

    @EachDatabase
    void repostingWithTheSameKeysInAnotherOrderIsStillTheSameObject(TestNode node) {
        Collection c = node.newCollection();
        String id = newId("indicator");
        node.admin().post(node.objectsPath(c), envelope(indicator(id, "2024-03-01T00:00:00.000Z")));
        JsonNode original =
                org.entente.stix.StixJson.parse(indicator(id, "2024-03-01T00:00:00.000Z"));
        StringBuilder reordered = new StringBuilder("{");
        List<String> names = new ArrayList<>(original.propertyNames());
        java.util.Collections.reverse(names);
        for (String n : names) {
            if (reordered.length() > 1) {
                reordered.append(',');
            }
            reordered.append('"').append(n).append("\":").append(original.get(n).toString());
        }
        reordered.append('}');
        Response again = node.admin().post(node.objectsPath(c), envelope(reordered.toString()));
        assertThat(again.json().get("success_count").intValue()).isEqualTo(1);
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isEqualTo(1);
    }

    @EachDatabase
    void aDifferentObjectUnderAnIdAndVersionAlreadyHeldFails(TestNode node) {
        Collection c = node.newCollection();
        String id = newId("indicator");
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(indicator(id, "2024-03-01T00:00:00.000Z", "203.0.113.1")));
        Response clash =
                node.admin()
                        .post(
                                node.objectsPath(c),
                                envelope(indicator(id, "2024-03-01T00:00:00.000Z", "203.0.113.2")));
        assertThat(clash.json().get("failure_count").intValue()).isEqualTo(1);
        assertThat(clash.json().get("failures").get(0).get("message").stringValue())
                .contains("new modified timestamp");
        Response stored = node.admin().get(node.objectsPath(c) + id + "/");
        assertThat(stored.json().get("objects").get(0).get("pattern").stringValue())
                .contains("203.0.113.1");
    }

    @EachDatabase
    void versionsAreKeptAndMatchVersionSelectsThem(TestNode node) {
        Collection c = node.newCollection();
        String id = newId("indicator");
        String v1 = "2024-01-01T00:00:00.000Z";
        String v2 = "2024-02-01T00:00:00.000Z";
        String v3 = "2024-03-01T00:00:00.000Z";
        // posted out of order: the latest version is decided by modified, not by arrival
        node.admin().post(node.objectsPath(c), envelope(indicator(id, v2), indicator(id, v3)));
        node.admin().post(node.objectsPath(c), envelope(indicator(id, v1)));
        TaxiiClient admin = node.admin();
        String path = node.objectsPath(c) + id + "/";

        assertThat(modified(admin.get(path))).containsExactly(v3);
        assertThat(
                        modified(
                                admin.get(
                                        path
                                                + "?match[version]=first"
                                                        .replace("[", "%5B")
                                                        .replace("]", "%5D"))))
                .containsExactly(v1);
        assertThat(modified(admin.get(path + "?" + q("match[version]") + "=all")))
                .containsExactly(v2, v3, v1);
        assertThat(modified(admin.get(path + "?" + q("match[version]") + "=" + q(v2))))
                .containsExactly(v2);
        assertThat(modified(admin.get(path + "?" + q("match[version]") + "=" + q("first," + v2))))
                .containsExactly(v2, v1);
        assertThat(modified(admin.get(path + "?" + q("match[version]") + "=" + q("first,last"))))
                .containsExactly(v3, v1);
        // the same instant written with another precision is the same version
        assertThat(
                        modified(
                                admin.get(
                                        path
                                                + "?"
                                                + q("match[version]")
                                                + "="
                                                + q("2024-02-01T00:00:00Z"))))
                .containsExactly(v2);

        Response versions = admin.get(path + "versions/");
        assertThat(versions.status()).isEqualTo(200);
        List<String> listed = new ArrayList<>();
        versions.json().get("versions").forEach(v -> listed.add(v.stringValue()));
        assertThat(listed).containsExactly(v2, v3, v1);
        assertThat(versions.header("X-TAXII-Date-Added-First")).isPresent();

        Response objects = admin.get(node.objectsPath(c));
        assertThat(modified(objects)).containsExactly(v3);
        Response all = admin.get(node.objectsPath(c) + "?" + q("match[version]") + "=all");
        assertThat(modified(all)).containsExactly(v2, v3, v1);
    }

    @EachDatabase
    void objectsWithEqualModifiedTimestampsArePagedWithoutLoss(TestNode node) {
        Collection c = node.newCollection();
        List<String> posted = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = newId("indicator");
            posted.add(id);
            objects.add(indicator(id, "2024-05-05T05:05:05.555Z"));
        }
        node.admin().post(node.objectsPath(c), envelope(objects));
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String after = null;
        String path = "/taxii2/api/collections/" + c.id() + "/manifest/?limit=5";
        while (true) {
            Response page = node.admin().get(path + (after == null ? "" : "&added_after=" + after));
            List<String> ids = ids(page);
            if (ids.isEmpty()) {
                break;
            }
            for (String id : ids) {
                assertThat(seen.add(id)).as("seen once: " + id).isTrue();
                order.add(id);
            }
            after = page.header("X-TAXII-Date-Added-Last").orElseThrow();
        }
        assertThat(order).containsExactlyElementsOf(posted);
    }

    private static List<String> modified(Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("objects").forEach(o -> out.add(o.get("modified").stringValue()));
        return out;
    }

    @EachDatabase
    void matchIdAndMatchTypeTakeCommaListsCombinedWithAnd(TestNode node) {
        Collection c = node.newCollection();
        String a = newId("indicator");
        String b = newId("indicator");
        String ip = Fixtures.ipv4("192.0.2.7");
        String ipId = org.entente.stix.StixJson.parse(ip).get("id").stringValue();
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(
                                indicator(a, "2024-01-01T00:00:00.000Z"),
                                indicator(b, "2024-01-01T00:00:00.000Z"),
                                ip));
        TaxiiClient admin = node.admin();
        assertThat(
                        ids(
                                admin.get(
                                        node.objectsPath(c)
                                                + "?"
                                                + q("match[id]")
                                                + "="
                                                + q(a + "," + ipId))))
                .containsExactly(a, ipId);
        assertThat(ids(admin.get(node.objectsPath(c) + "?" + q("match[type]") + "=ipv4-addr")))
                .containsExactly(ipId);
        assertThat(
                        ids(
                                admin.get(
                                        node.objectsPath(c)
                                                + "?"
                                                + q("match[type]")
                                                + "="
                                                + q("ipv4-addr,indicator"))))
                .containsExactly(a, b, ipId);
        assertThat(
                        ids(
                                admin.get(
                                        node.objectsPath(c)
                                                + "?"
                                                + q("match[type]")
                                                + "=indicator&"
                                                + q("match[id]")
                                                + "="
                                                + q(b))))
                .containsExactly(b);
        assertThat(ids(admin.get(node.objectsPath(c) + "?" + q("match[type]") + "=malware")))
                .isEmpty();
        assertThat(ids(admin.get(node.objectsPath(c) + "?" + q("match[spec_version]") + "=2.1")))
                .containsExactly(a, b, ipId);
        assertThat(ids(admin.get(node.objectsPath(c) + "?" + q("match[spec_version]") + "=2.0")))
                .isEmpty();
        Response manifest =
                admin.get(
                        "/taxii2/api/collections/"
                                + c.id()
                                + "/manifest/?"
                                + q("match[type]")
                                + "=indicator");
        assertThat(ids(manifest)).containsExactly(a, b);
        assertThat(manifest.json().get("objects").get(0).get("media_type").stringValue())
                .isEqualTo("application/stix+json;version=2.1");
    }

    @EachDatabase
    void observablesWithoutVersionsAreVersionedByDateAddedAndDeduplicated(TestNode node) {
        Collection c = node.newCollection();
        String ip = Fixtures.ipv4("192.0.2.99");
        String id = org.entente.stix.StixJson.parse(ip).get("id").stringValue();
        Response first = node.admin().post(node.objectsPath(c), envelope(ip));
        Response second = node.admin().post(node.objectsPath(c), envelope(ip));
        assertThat(second.json().get("successes").get(0).get("message").stringValue())
                .contains("already held");
        assertThat(second.json().get("successes").get(0).get("version").stringValue()).isNotBlank();
        assertThat(first.json().get("successes").get(0).get("version").stringValue())
                .matches(".*\\.\\d{6}Z");
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isEqualTo(1);
        Response versions = node.admin().get(node.objectsPath(c) + id + "/versions/");
        assertThat(versions.json().get("versions")).hasSize(1);
    }

    @EachDatabase
    void deletingAnObjectRemovesEveryVersionAndThenItIsNotFound(TestNode node) {
        Collection c = node.newCollection();
        String id = newId("indicator");
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(
                                indicator(id, "2024-01-01T00:00:00.000Z"),
                                indicator(id, "2024-02-01T00:00:00.000Z")));
        Response deleted = node.admin().delete(node.objectsPath(c) + id + "/");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(node.admin().get(node.objectsPath(c) + id + "/").status()).isEqualTo(404);
        assertThat(ids(node.admin().get(node.objectsPath(c)))).isEmpty();
        assertThat(
                        node.admin()
                                .get("/taxii2/api/collections/" + c.id() + "/manifest/")
                                .json()
                                .has("objects"))
                .isFalse();
        assertThat(node.admin().delete(node.objectsPath(c) + id + "/").status()).isEqualTo(404);
    }

    @EachDatabase
    void deletingTheLatestVersionMakesThePreviousOneLatest(TestNode node) {
        Collection c = node.newCollection();
        String id = newId("indicator");
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(
                                indicator(id, "2024-01-01T00:00:00.000Z"),
                                indicator(id, "2024-02-01T00:00:00.000Z")));
        Response deleted =
                node.admin()
                        .delete(node.objectsPath(c) + id + "/?" + q("match[version]") + "=last");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(modified(node.admin().get(node.objectsPath(c) + id + "/")))
                .containsExactly("2024-01-01T00:00:00.000Z");
        assertThat(
                        node.admin()
                                .get(
                                        node.objectsPath(c)
                                                + id
                                                + "/?"
                                                + q("match[version]")
                                                + "="
                                                + q("2024-02-01T00:00:00.000Z"))
                                .status())
                .isEqualTo(404);
    }

    @EachDatabase
    void unknownObjectIsNotFound(TestNode node) {
        Collection c = node.newCollection();
        Response r = node.admin().get(node.objectsPath(c) + newId("indicator") + "/");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("http_status").stringValue()).isEqualTo("404");
        assertThat(
                        node.admin()
                                .get(node.objectsPath(c) + newId("indicator") + "/versions/")
                                .status())
                .isEqualTo(404);
    }

    @EachDatabase
    void emptyCollectionAnswersWithAnEmptyEnvelope(TestNode node) {
        Collection c = node.newCollection();
        Response r = node.admin().get(node.objectsPath(c));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().has("objects")).isFalse();
        assertThat(r.header("X-TAXII-Date-Added-First")).isEmpty();
    }

    @EachDatabase
    void statusOfAPostCanBeFetchedAgainByItsPoster(TestNode node) {
        Collection c = node.newCollection();
        Response posted =
                node.admin()
                        .post(
                                node.objectsPath(c),
                                envelope(
                                        indicator(newId("indicator"), "2024-01-01T00:00:00.000Z"),
                                        "{\"type\":\"indicator\"}"));
        String statusId = posted.json().get("id").stringValue();
        Response status = node.admin().get("/taxii2/api/status/" + statusId + "/");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("total_count").intValue()).isEqualTo(2);
        assertThat(status.json().get("success_count").intValue()).isEqualTo(1);
        assertThat(status.json().get("failure_count").intValue()).isEqualTo(1);
        assertThat(status.json().get("request_timestamp").stringValue()).matches(".*\\.\\d{6}Z");
        String other = node.tokenFor(c, true, true);
        assertThat(
                        node.client("Bearer " + other)
                                .get("/taxii2/api/status/" + statusId + "/")
                                .status())
                .isEqualTo(404);
    }
}
