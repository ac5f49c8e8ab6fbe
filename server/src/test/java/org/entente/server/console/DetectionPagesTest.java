package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.entente.server.auth.Grant;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/**
 * The detection page over real HTTP on both databases (issue 11 item 7): a log file uploaded by an
 * analyst is matched as the REST API matches a batch, within what they read (told) and write
 * (counted); a file over the limit or unreadable is refused with its reason and counts nothing; and
 * the sightings partners sent back of our indicators show as the person's TAXII read has them.
 */
class DetectionPagesTest {
    private static final String BASE = "/console/detection";

    /** An address of this test alone, in the shared address space (RFC 6598). */
    private static String address() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "100." + (64 + r.nextInt(64)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private static String indicator(String id, String ip) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",\
                "modified":"2024-01-01T00:00:00.000Z","name":"watch %s","pattern":"[ipv4-addr:value = '%s']",\
                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","object_marking_refs":["%s"]}"""
                .formatted(id, ip, ip, Tlp.GREEN.markingId());
    }

    private static String flow(String ip) {
        return "{\"ts\":\"2026-11-27T10:00:00Z\",\"src_ip\":\"10.0.0.5\",\"dst_ip\":\""
                + ip
                + "\",\"dst_port\":443,\"bytes\":10}";
    }

    /** A person of this role who reads and writes these collections. */
    private static ConsoleClient person(TestNode node, Role role, Collection... collections) {
        String name = SignInTest.person(node, role);
        String id = node.node().principals().byName(name).orElseThrow().id();
        for (Collection c : collections) {
            node.node().principals().setGrant(id, new Grant(c.id(), true, true));
        }
        return SignInTest.signedIn(node, name);
    }

    /**
     * Posts the page's upload form with a file, the CSRF token in the action as the page has it.
     */
    private static ConsoleClient.Page upload(
            ConsoleClient browser, String csrf, String filename, byte[] content) {
        String boundary = "----entente" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
                                + csrf
                                + "\r\n--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"events\"; filename=\""
                                + filename
                                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String path = csrf.isEmpty() ? BASE : BASE + "?_csrf=" + csrf;
        HttpResponse<String> r =
                browser.exchange(
                        path,
                        HttpRequest.newBuilder()
                                .header("Accept", "text/html")
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new ConsoleClient.Page(r.statusCode(), r.body(), r);
    }

    private static String csrf(ConsoleClient browser) {
        ConsoleClient.Page page = browser.get(BASE);
        assertThat(page.status()).isEqualTo(200);
        return page.csrf();
    }

    /** Uploads a line nothing matches until the node has compiled what it holds. */
    private static void compiled(ConsoleClient browser) {
        Agency.await(
                Duration.ofMinutes(2),
                "the node has compiled its indicators",
                () -> {
                    ConsoleClient.Page p =
                            upload(
                                    browser,
                                    csrf(browser),
                                    "probe.jsonl",
                                    "{\"query\":\"nothing.invalid\"}"
                                            .getBytes(StandardCharsets.UTF_8));
                    assertThat(p.status()).as(p.body()).isEqualTo(200);
                    return !p.body().contains("still being compiled");
                });
    }

    /** The stored sightings of an indicator in a collection, as the admin reads them. */
    private static List<String> sightingsOf(TestNode node, Collection c, String indicator) {
        List<String> out = new ArrayList<>();
        for (JsonNode o : node.agency("local").objects(c.id())) {
            if (o.get("type").stringValue().equals("sighting")
                    && o.get("sighting_of_ref").stringValue().equals(indicator)) {
                out.add(o.get("id").stringValue());
            }
        }
        return out;
    }

    @EachDatabase
    void anAnalystsLogMatchesWhatTheyReadAndIsCountedWhereTheyWrite(TestNode node) {
        Collection mine = node.newCollection();
        Collection other = node.newCollection();
        String ip = address();
        String seen = Fixtures.newId("indicator");
        String hidden = Fixtures.newId("indicator");
        Agency local = node.agency("local");
        local.post(mine.id(), List.of(indicator(seen, ip)));
        local.post(other.id(), List.of(indicator(hidden, ip)));
        ConsoleClient analyst = person(node, Role.ANALYST, mine);
        compiled(analyst);

        String log =
                String.join(
                        "\n",
                        "{\"query\":\"www.example.org\"}",
                        flow(ip),
                        "{\"query\":\"www.example.net\"}");
        ConsoleClient.Page page =
                upload(
                        analyst,
                        csrf(analyst),
                        "<script>alert(1)</script>.jsonl",
                        log.getBytes(StandardCharsets.UTF_8));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body())
                .contains("What &lt;script&gt;alert(1)&lt;/script&gt;.jsonl matched")
                .doesNotContain("<script>alert(1)</script>");
        String matches = DashboardTest.section(page.body(), "matches");
        assertThat(matches)
                .contains("data-indicator=\"" + seen + "\"")
                .contains("watch " + ip)
                .contains("<span>2</span>")
                .doesNotContain(hidden);
        assertThat(page.body()).contains("3 events read");

        // counted where the analyst writes: stored once the window is flushed
        node.node().detection().flush(true);
        assertThat(sightingsOf(node, mine, seen)).hasSize(1);
        assertThat(sightingsOf(node, other, hidden)).isEmpty();
    }

    @EachDatabase
    void aFileOverTheLimitOrUnreadableIsRefusedWithItsReasonAndCountsNothing(TestNode node) {
        Collection mine = node.newCollection();
        String ip = address();
        String watched = Fixtures.newId("indicator");
        node.agency("local").post(mine.id(), List.of(indicator(watched, ip)));
        ConsoleClient analyst = person(node, Role.ANALYST, mine);
        compiled(analyst);

        // a matching line first, then padding past the limit by one byte
        byte[] line = (flow(ip) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[DetectionPages.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        System.arraycopy(line, 0, big, 0, line.length);
        ConsoleClient.Page tooLarge = upload(analyst, csrf(analyst), "big.jsonl", big);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(HtmlUtils.htmlUnescape(tooLarge.body()))
                .contains("id=\"upload-error\"")
                .contains("the file may be at most 16 MB (16777216 bytes)")
                .doesNotContain("id=\"outcome\"");

        ConsoleClient.Page malformed =
                upload(
                        analyst,
                        csrf(analyst),
                        "bad.jsonl",
                        (flow(ip) + "\n{\"query\": ").getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(HtmlUtils.htmlUnescape(malformed.body()))
                .contains("the events cannot be read")
                .contains("line 2");
        ConsoleClient.Page empty = upload(analyst, csrf(analyst), "empty.jsonl", new byte[0]);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("choose a log file to upload");

        node.node().detection().flush(true);
        assertThat(sightingsOf(node, mine, watched)).isEmpty();
    }

    @EachDatabase
    void onlyAdminsAndAnalystsUploadAndAForgedFormIsRefused(TestNode node) {
        Collection mine = node.newCollection();
        String ip = address();
        String watched = Fixtures.newId("indicator");
        node.agency("local").post(mine.id(), List.of(indicator(watched, ip)));
        byte[] log = flow(ip).getBytes(StandardCharsets.UTF_8);
        for (Role role : List.of(Role.LIAISON, Role.AUDITOR)) {
            ConsoleClient person = person(node, role, mine);
            ConsoleClient.Page page = person.get(BASE);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).doesNotContain("id=\"upload-form\"");
            ConsoleClient.Page refused = upload(person, person.get("/").csrf(), "x.jsonl", log);
            assertThat(refused.status()).as(role.name()).isEqualTo(403);
        }
        ConsoleClient analyst = person(node, Role.ANALYST, mine);
        assertThat(upload(analyst, "", "x.jsonl", log).status()).isEqualTo(403);
        assertThat(upload(analyst, UUID.randomUUID().toString(), "x.jsonl", log).status())
                .isEqualTo(403);
        node.node().detection().flush(true);
        assertThat(sightingsOf(node, mine, watched)).isEmpty();
    }

    /**
     * The upload's CSRF token travels in the form's URL, where a proxy's log or the browser's
     * history may keep it: the upload spends it, and the page answered carries the session's new
     * token, which the next upload and the session's other forms take.
     */
    @EachDatabase
    void theTokenAnUploadsUrlCarriedIsSpentAndThePageAnsweredCarriesTheNext(TestNode node) {
        Collection mine = node.newCollection();
        ConsoleClient analyst = person(node, Role.ANALYST, mine);
        byte[] log = "{\"query\":\"nothing.invalid\"}".getBytes(StandardCharsets.UTF_8);
        String inUrl = csrf(analyst);
        ConsoleClient.Page first = upload(analyst, inUrl, "a.jsonl", log);
        assertThat(first.status()).as(first.body()).isEqualTo(200);

        ConsoleClient.Page replayed = upload(analyst, inUrl, "b.jsonl", log);
        assertThat(replayed.status()).as("the token the first upload's URL carried").isEqualTo(403);

        ConsoleClient.Page next = upload(analyst, first.csrf(), "c.jsonl", log);
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(upload(analyst, next.csrf(), "d.jsonl", log).status()).isEqualTo(200);
    }

    @EachDatabase
    void partnersSightingsOfOurIndicatorsShowAsThePersonsTaxiiReadHasThem(TestNode node) {
        Collection mine = node.newCollection();
        Collection elsewhere = node.newCollection();
        String ours = Fixtures.newId("indicator");
        String oursElsewhere = Fixtures.newId("indicator");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Agency local = node.agency("local");
        local.post(mine.id(), List.of(indicator(ours, address())));
        local.post(elsewhere.id(), List.of(indicator(oursElsewhere, address())));
        String partner = "<script>alert(1)</script> sighter " + tag;
        local.organisation("partner", partner, "JP");
        local.agreement(
                "feedback " + tag,
                partner,
                Agency.area("information-exchange", "both", "amber", "none", true));
        TaxiiClient sender = node.client("Bearer " + local.token("s-" + tag, partner, "partner"));
        String theirIndicator = Fixtures.newId("indicator");
        String sighting = Fixtures.newId("sighting");
        String sightingElsewhere = Fixtures.newId("sighting");
        String sightingOfTheirs = Fixtures.newId("sighting");
        for (String[] post :
                List.of(
                        new String[] {mine.id(), indicator(theirIndicator, address())},
                        new String[] {mine.id(), sighting(sighting, ours, 3)},
                        new String[] {mine.id(), sighting(sightingOfTheirs, theirIndicator, 1)},
                        new String[] {
                            elsewhere.id(), sighting(sightingElsewhere, oursElsewhere, 2)
                        })) {
            TaxiiClient.Response r =
                    sender.post(
                            "/taxii2/api/collections/" + post[0] + "/objects/",
                            Fixtures.envelope(List.of(post[1])));
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            assertThat(r.json().path("success_count").asInt()).as(r.text()).isEqualTo(1);
        }

        // an analyst who reads only the first collection: its sighting of ours, nothing else
        String name = IntelligenceTest.person(node, Role.ANALYST, mine);
        ConsoleClient analyst = SignInTest.signedIn(node, name);
        ConsoleClient.Page page = analyst.get(BASE);
        assertThat(page.status()).isEqualTo(200);
        String table = DashboardTest.section(page.body(), "sightings");
        String row = IntelligenceTest.row(table, sighting);
        assertThat(row)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; sighter " + tag)
                .contains("<td>3</td>")
                .contains("/intelligence/" + mine.id() + "/" + ours);
        assertThat(table).doesNotContain(sightingElsewhere).doesNotContain(sightingOfTheirs);
        assertThat(page.body()).doesNotContain("<script>alert(1)</script>");
        // what the page shows, the analyst's TAXII read has
        Set<String> taxii = new java.util.HashSet<>();
        IntelligenceTest.taxii(node, name)
                .get(node.objectsPath(mine) + "?limit=1000")
                .json()
                .get("objects")
                .forEach(o -> taxii.add(o.get("id").stringValue()));
        assertThat(taxii).contains(sighting, ours);

        // an admin reads both collections: both sightings of ours
        ConsoleClient admin = SignInTest.signedIn(node, SignInTest.person(node, Role.ADMIN));
        String all = DashboardTest.section(admin.get(BASE).body(), "sightings");
        assertThat(all)
                .contains(sighting)
                .contains(sightingElsewhere)
                .doesNotContain(sightingOfTheirs);
    }

    private static String sighting(String id, String of, int count) {
        return """
                {"type":"sighting","spec_version":"2.1","id":"%s","created":"2026-11-01T00:00:00.000Z",\
                "modified":"2026-11-01T00:00:00.000Z","sighting_of_ref":"%s","count":%d,\
                "first_seen":"2026-10-30T00:00:00Z","last_seen":"2026-10-31T00:00:00Z",\
                "object_marking_refs":["%s"]}"""
                .formatted(id, of, count, Tlp.GREEN.markingId());
    }
}
