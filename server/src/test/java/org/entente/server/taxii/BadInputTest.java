package org.entente.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;
import static org.entente.server.testing.Fixtures.indicator;
import static org.entente.server.testing.Fixtures.newId;

import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.store.Visibility;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import tools.jackson.databind.JsonNode;

/**
 * Every bad request gets a clear error resource saying what is wrong and where, nothing of the
 * rejected part is stored, and the node keeps serving.
 */
class BadInputTest {
    /** The defaults of entente.limits.max-objects-per-request and max-object-bytes. */
    private static final int MAX_OBJECTS = 100_000;

    private static final int MAX_OBJECT_BYTES = 2 * 1024 * 1024;

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The node still answers normally after a bad request. */
    private static void stillServes(TestNode node, Collection c) {
        Response r = node.admin().get(node.objectsPath(c));
        assertThat(r.status()).isEqualTo(200);
    }

    private static void isError(Response r, int status, String fragment) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).hasValue("application/taxii+json;version=2.1");
        JsonNode e = r.json();
        assertThat(e.get("http_status").stringValue()).isEqualTo(Integer.toString(status));
        assertThat(e.get("title").stringValue()).isNotBlank();
        assertThat(e.get("description").stringValue()).containsIgnoringCase(fragment);
    }

    @EachDatabase
    void malformedJsonIsRejectedWithItsPositionAndNothingIsStored(TestNode node) {
        Collection c = node.newCollection();
        String good = indicator(newId("indicator"), "2024-01-01T00:00:00.000Z");
        // the syntax error comes after a valid object: still nothing may be stored
        String body = "{\"objects\":[" + good + ",\n{\"type\": \"indicator\", \"id\": }]}";
        Response r = node.admin().post(node.objectsPath(c), body);
        isError(r, 400, "line 2");
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isZero();
        stillServes(node, c);
    }

    @EachDatabase
    void truncatedBodyIsRejected(TestNode node) {
        Collection c = node.newCollection();
        String body = envelope(indicator(newId("indicator"), "2024-01-01T00:00:00.000Z"));
        Response r = node.admin().post(node.objectsPath(c), body.substring(0, body.length() - 10));
        isError(r, 400, "malformed JSON");
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isZero();
    }

    @EachDatabase
    void duplicatePropertyNamesAreMalformed(TestNode node) {
        Collection c = node.newCollection();
        Response r =
                node.admin()
                        .post(
                                node.objectsPath(c),
                                "{\"objects\":[{\"type\":\"indicator\",\"type\":\"malware\"}]}");
        isError(r, 400, "duplicate");
    }

    @EachDatabase
    void aNameGivenTwiceDeepInALaterObjectRefusesTheWholeBody(TestNode node) {
        // held in memory the first pass leaves this check to the reading of each object; spooled,
        // the body is written as it is read, so its first pass checks: neither stores anything
        for (boolean spooled : new boolean[] {false, true}) {
            Collection c = node.newCollection();
            String twice =
                    indicator(newId("indicator"), "2024-01-01T00:00:00.000Z")
                            .replaceFirst(
                                    "\\}$",
                                    ",\"external_references\":[{\"source_name\":\"a\","
                                            + "\"source_name\":\"b\"}]}");
            byte[] body =
                    ("{\"objects\":[\n"
                                    + indicator(newId("indicator"), "2024-01-01T00:00:00.000Z")
                                    + ",\n"
                                    + twice
                                    + "]}")
                            .getBytes(StandardCharsets.UTF_8);
            Response r = node.postObjects(c, body, spooled);
            isError(r, 400, "duplicate");
            assertThat(r.json().get("description").stringValue())
                    .as("spooled " + spooled)
                    .contains("source_name")
                    .contains("line 3");
            assertThat(node.node().objects().count(c.id(), Visibility.all())).isZero();
            stillServes(node, c);
        }
    }

    @EachDatabase
    void aBodyThatIsNotAnEnvelopeIsUnprocessable(TestNode node) {
        Collection c = node.newCollection();
        isError(node.admin().post(node.objectsPath(c), "[1,2,3]"), 422, "envelope");
        isError(
                node.admin()
                        .post(
                                node.objectsPath(c),
                                indicator(newId("indicator"), "2024-01-01T00:00:00.000Z")),
                422,
                "envelope");
        isError(node.admin().post(node.objectsPath(c), "{\"objects\": 5}"), 422, "list");
        isError(node.admin().post(node.objectsPath(c), ""), 400, "empty");
        stillServes(node, c);
    }

    @EachDatabase
    void invalidObjectsAreListedEachWithItsReasonAndTheValidOnesAreStored(TestNode node) {
        Collection c = node.newCollection();
        String good = newId("indicator");
        String badTime = newId("indicator");
        String body =
                envelope(
                        indicator(good, "2024-01-01T00:00:00.000Z"),
                        indicator(badTime, "2024-01-01 00:00:00"),
                        "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"malware--not-a-uuid\"}",
                        "42");
        Response r = node.admin().post(node.objectsPath(c), body);
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("total_count").intValue()).isEqualTo(4);
        assertThat(r.json().get("success_count").intValue()).isEqualTo(1);
        assertThat(r.json().get("failure_count").intValue()).isEqualTo(3);
        JsonNode failures = r.json().get("failures");
        assertThat(failures.get(0).get("id").stringValue()).isEqualTo(badTime);
        assertThat(failures.get(0).get("message").stringValue())
                .contains("modified")
                .contains("not a timestamp");
        assertThat(failures.get(1).get("message").stringValue()).contains("not an RFC 4122 UUID");
        assertThat(failures.get(2).get("message").stringValue()).contains("must be a JSON object");
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isEqualTo(1);
    }

    @EachDatabase
    void deeplyNestedJsonIsRejectedAsTooDeep(TestNode node) {
        Collection c = node.newCollection();
        String deep = "[".repeat(5000) + "]".repeat(5000);
        Response r = node.admin().post(node.objectsPath(c), "{\"objects\":[" + deep + "]}");
        isError(r, 400, "nesting");
        stillServes(node, c);
    }

    @EachDatabase
    void aBodyOverTheMaxContentLengthIsRejectedBeforeReadingIt(TestNode node) {
        Collection c = node.newCollection();
        // 100 MB. NB: no Expect: 100-continue here, because JDK 17's client waits forever when
        // the answer to it is not 100 (fixed in later JDKs); curl's use of it is in the README.
        long size = 100L * 1024 * 1024;
        // without a declared length the body is sent chunked and cut off while it is read
        HttpRequest request =
                node.admin()
                        .request(node.objectsPath(c))
                        .header("Content-Type", "application/taxii+json;version=2.1")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(size)))
                        .build();
        // with a declared length it is refused from the Content-Length header alone
        HttpRequest declared =
                node.admin()
                        .request(node.objectsPath(c))
                        .header("Content-Type", "application/taxii+json;version=2.1")
                        .POST(
                                HttpRequest.BodyPublishers.fromPublisher(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () -> new Zeros(size)),
                                        size))
                        .build();
        isError(node.admin().send(declared), 413, "max_content_length");
        isError(node.admin().send(request), 413, "max_content_length");
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isZero();
        stillServes(node, c);
    }

    @EachDatabase
    void wrongMediaTypesGet406And415(TestNode node) {
        Collection c = node.newCollection();
        String body = envelope(indicator(newId("indicator"), "2024-01-01T00:00:00.000Z"));
        Response only =
                node.admin()
                        .send(
                                java.net.http.HttpRequest.newBuilder(
                                                node.base().resolve(node.objectsPath(c)))
                                        .header("Authorization", "Bearer " + TestNode.ADMIN_TOKEN)
                                        .header("Accept", "application/xml")
                                        .GET()
                                        .build());
        isError(only, 406, "application/taxii+json");
        Response taxii20 =
                node.admin()
                        .send(
                                java.net.http.HttpRequest.newBuilder(
                                                node.base().resolve("/taxii2/api/"))
                                        .header("Authorization", "Bearer " + TestNode.ADMIN_TOKEN)
                                        .header("Accept", "application/taxii+json;version=2.0")
                                        .GET()
                                        .build());
        isError(taxii20, 406, "does not admit");
        Response wrongType =
                node.admin()
                        .send(
                                node.admin()
                                        .request(node.objectsPath(c))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build());
        isError(wrongType, 415, "application/taxii+json");
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isZero();
        stillServes(node, c);
    }

    @EachDatabase
    void acceptWithoutVersionOrWildcardIsServed(TestNode node) {
        for (String accept :
                new String[] {
                    "application/taxii+json",
                    "*/*",
                    "application/*",
                    "application/xml, application/taxii+json;q=0.5"
                }) {
            Response r =
                    node.admin()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    node.base().resolve("/taxii2/api/"))
                                            .header(
                                                    "Authorization",
                                                    "Bearer " + TestNode.ADMIN_TOKEN)
                                            .header("Accept", accept)
                                            .GET()
                                            .build());
            assertThat(r.status()).as(accept).isEqualTo(200);
            assertThat(r.header("Content-Type")).hasValue("application/taxii+json;version=2.1");
        }
    }

    @EachDatabase
    void malformedFiltersAreBadRequests(TestNode node) {
        Collection c = node.newCollection();
        String path = node.objectsPath(c);
        isError(node.admin().get(path + "?added_after=yesterday"), 400, "added_after");
        isError(node.admin().get(path + "?limit=0"), 400, "limit");
        isError(node.admin().get(path + "?limit=ten"), 400, "limit");
        isError(node.admin().get(path + "?next=bm9wZQ"), 400, "next");
        isError(node.admin().get(path + "?limit=1&limit=2"), 400, "more than once");
        isError(
                node.admin().get(path + "?" + q("match[version]") + "=" + q("all,last")),
                400,
                "all");
        isError(
                node.admin().get(path + "?" + q("match[version]") + "=" + q("last,last")),
                400,
                "twice");
        isError(
                node.admin().get(path + "?" + q("match[version]") + "=latest"),
                400,
                "match[version]");
        isError(node.admin().get(path + "?" + q("match[id]") + "=nonsense"), 400, "match[id]");
        isError(
                node.admin().get(path + "?" + q("match[type]") + "=" + q("Not A Type")),
                400,
                "match[type]");
        isError(
                node.admin().get(path + "?" + q("match[spec_version]") + "=two"),
                400,
                "spec_version");
        // unknown match fields are ignored, as TAXII allows
        assertThat(node.admin().get(path + "?" + q("match[colour]") + "=red").status())
                .isEqualTo(200);
        // brackets need not be escaped
        assertThat(node.admin().get(path + "?match[type]=indicator").status()).isEqualTo(200);
        stillServes(node, c);
    }

    @EachDatabase
    void unknownCollectionAndBadObjectIdsAreReported(TestNode node) {
        Collection c = node.newCollection();
        isError(
                node.admin().get("/taxii2/api/collections/does-not-exist/objects/"),
                404,
                "does-not-exist");
        isError(node.admin().get(node.objectsPath(c) + "not-an-id/"), 400, "not a STIX identifier");
        isError(
                node.admin().post("/taxii2/api/collections/does-not-exist/objects/", "{}"),
                404,
                "does-not-exist");
    }

    @EachDatabase
    void unsupportedMethodsGet405(TestNode node) {
        Collection c = node.newCollection();
        Response r =
                node.admin()
                        .send(
                                node.admin()
                                        .request(node.objectsPath(c))
                                        .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                                        .build());
        isError(r, 405, "PUT");
    }

    @EachDatabase
    void encodedSlashesAndNullBytesInThePathGetTheTaxiiErrorResource(TestNode node) {
        Collection c = node.newCollection();
        isError(
                node.admin().get("/taxii2/api/collections/a%2Fb/objects/"),
                400,
                "encoded '/' (%2F)");
        isError(node.admin().get("/taxii2/api/collections/a%00b/objects/"), 400, "%00");
        stillServes(node, c);
    }

    @EachDatabase
    void anOverLongHeaderGetsTheTaxiiErrorResource(TestNode node) {
        Collection c = node.newCollection();
        Response r =
                node.admin()
                        .send(
                                node.admin()
                                        .request(node.objectsPath(c))
                                        .header("X-Padding", "p".repeat(64 * 1024))
                                        .GET()
                                        .build());
        isError(r, 400, "header");
        stillServes(node, c);
    }

    @EachDatabase
    void aCompressedBodyIsAnUnsupportedMediaTypeNotMalformedJson(TestNode node) throws Exception {
        Collection c = node.newCollection();
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(zipped)) {
            gz.write(
                    envelope(indicator(newId("indicator"), "2024-01-01T00:00:00.000Z"))
                            .getBytes(StandardCharsets.UTF_8));
        }
        Response r =
                node.admin()
                        .send(
                                node.admin()
                                        .request(node.objectsPath(c))
                                        .header(
                                                "Content-Type",
                                                "application/taxii+json;version=2.1")
                                        .header("Content-Encoding", "gzip")
                                        .POST(
                                                HttpRequest.BodyPublishers.ofByteArray(
                                                        zipped.toByteArray()))
                                        .build());
        isError(r, 415, "Content-Encoding 'gzip'");
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isZero();
        stillServes(node, c);
    }

    @EachDatabase
    void aLimitBeyondAnyPageSaysItIsTooLargeAndNamesTheMaximum(TestNode node) {
        Collection c = node.newCollection();
        Response r = node.admin().get(node.objectsPath(c) + "?limit=99999999999");
        isError(r, 400, "too large");
        assertThat(r.json().get("description").stringValue())
                .contains("99999999999")
                .contains(Integer.toString(node.node().settings().maxPageSize()));
        isError(node.admin().get(node.objectsPath(c) + "?limit=-99999999999"), 400, "positive");
    }

    /** {@code n} empty objects after one valid indicator, in one envelope. */
    private static String crowdedEnvelope(int n) {
        return "{\"objects\":["
                + indicator(newId("indicator"), "2024-01-01T00:00:00.000Z")
                + ",{}".repeat(n - 1)
                + "]}";
    }

    @EachDatabase
    void anEnvelopeOverTheObjectCountIsRefusedWholeBeforeAnythingIsWritten(TestNode node) {
        Collection c = node.newCollection();
        int max = MAX_OBJECTS;
        String body = crowdedEnvelope(max + 1);
        Response declared = node.admin().post(node.objectsPath(c), body);
        isError(declared, 413, "holds " + (max + 1) + " objects");
        assertThat(declared.json().get("description").stringValue())
                .contains("at most " + max)
                .contains("split");
        // without a declared length the body is spooled and streamed: the same answer
        Response chunked = node.postObjects(c, body.getBytes(StandardCharsets.UTF_8), true);
        isError(chunked, 413, "holds " + (max + 1) + " objects");
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isZero();
        // exactly the most is accepted
        Response most = node.admin().post(node.objectsPath(c), crowdedEnvelope(max));
        assertThat(most.status()).as(most.text()).isEqualTo(202);
        assertThat(most.json().get("total_count").intValue()).isEqualTo(max);
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isEqualTo(1);
    }

    /** A note of about {@code size} bytes. */
    private static String note(String id, int size) {
        return """
                {"type":"note","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",\
                "modified":"2024-01-01T00:00:00.000Z","content":"%s","object_refs":["%s"]}"""
                .formatted(id, "n".repeat(size), id);
    }

    @EachDatabase
    void anObjectOverTheSizeLimitIsRefusedWithItsSizeAndTheLimitAndTheRestIsStored(TestNode node) {
        int limit = MAX_OBJECT_BYTES;
        for (boolean spooled : new boolean[] {false, true}) {
            Collection c = node.newCollection();
            String big = newId("note");
            String small = newId("indicator");
            String bigNote = note(big, limit + 10);
            byte[] body =
                    envelope(bigNote, indicator(small, "2024-01-01T00:00:00.000Z"))
                            .getBytes(StandardCharsets.UTF_8);
            Response r = node.postObjects(c, body, spooled);
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            assertThat(r.json().get("success_count").intValue()).isEqualTo(1);
            JsonNode failure = r.json().get("failures").get(0);
            assertThat(failure.get("id").stringValue()).as("spooled " + spooled).isEqualTo(big);
            assertThat(failure.get("version").stringValue()).isEqualTo("2024-01-01T00:00:00.000Z");
            assertThat(failure.get("message").stringValue())
                    .contains(bigNote.getBytes(StandardCharsets.UTF_8).length + " bytes")
                    .contains(Integer.toString(limit));
            assertThat(node.node().objects().count(c.id(), Visibility.all())).isEqualTo(1);
        }
    }

    @EachDatabase
    void anIdLongerThanAnyStixIdIsRefusedSayingWhere(TestNode node) {
        Collection c = node.newCollection();
        String body =
                envelope(
                        indicator(newId("indicator"), "2024-01-01T00:00:00.000Z"),
                        "{\"type\":\"note\",\"id\":\"note--" + "a".repeat(5000) + "\"}");
        isError(node.admin().post(node.objectsPath(c), body), 400, "object 1: its 'id'");
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isZero();
    }

    @EachDatabase
    void theApiRootAdvertisesTheLimitsOfAPost(TestNode node) {
        JsonNode root = node.admin().get("/taxii2/api/").json();
        assertThat(root.get("max_content_length").longValue())
                .isEqualTo(node.node().settings().maxContentLength());
        assertThat(root.get("x_entente_max_object_bytes").intValue()).isEqualTo(MAX_OBJECT_BYTES);
        assertThat(root.get("x_entente_max_objects_per_request").intValue()).isEqualTo(MAX_OBJECTS);
    }

    /** A stream of 'n' spaces, never held in memory. */
    static final class Zeros extends InputStream {
        private long left;

        Zeros(long n) {
            this.left = n;
        }

        @Override
        public int read() {
            return left-- > 0 ? ' ' : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) ' ');
            left -= n;
            return n;
        }
    }
}
