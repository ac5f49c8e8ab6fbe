package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entente.server.auth.Grant;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.entente.stix.Timestamps;
import org.entente.stix.Tlp;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/**
 * Publishing from the console over real HTTP on both databases (issue 11 item 4): every form and
 * the JSON editor store through the ingest use case what the same person then reads back over
 * TAXII; the pattern is checked as it is typed; bad input (the validator's errors, over-long
 * fields, script, forged CSRF, a collection or an object not the person's) is told clearly and
 * stores nothing; new versions and revocations only of our own objects.
 */
class PublishPagesTest {
    private static final String BASE = "/intelligence/publish";
    private static final Pattern PUBLISHED =
            Pattern.compile(
                    "^/intelligence/([0-9a-f-]{36})/([a-z0-9-]+--[0-9a-f-]{36})\\?done=(\\w+)$");

    /** A person of this role who reads and writes these collections. */
    private static String writer(TestNode node, Role role, Collection... collections) {
        String name = SignInTest.person(node, role);
        String id = node.node().principals().byName(name).orElseThrow().id();
        for (Collection c : collections) {
            node.node().principals().setGrant(id, new Grant(c.id(), true, true));
        }
        return name;
    }

    private static Map<String, String> fields(String kind, Collection c, String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("collection", c.id());
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    private static ConsoleClient.Page publish(ConsoleClient browser, Map<String, String> fields) {
        return browser.submit(BASE + "?kind=" + fields.get("kind"), BASE, fields);
    }

    /** The id of the object a publish redirected to, checking where it went. */
    private static String published(ConsoleClient.Page p, Collection c, String done) {
        assertThat(p.status()).as(p.body()).isEqualTo(302);
        Matcher m = PUBLISHED.matcher(p.location());
        assertThat(m.matches()).as(p.location()).isTrue();
        assertThat(m.group(1)).isEqualTo(c.id());
        assertThat(m.group(3)).isEqualTo(done);
        return m.group(2);
    }

    /** The object's latest version as the principal's TAXII read gives it. */
    private static JsonNode read(TaxiiClient taxii, TestNode node, Collection c, String id) {
        TaxiiClient.Response r = taxii.get(node.objectsPath(c) + id + "/");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode objects = r.json().path("objects");
        assertThat(objects.size()).isEqualTo(1);
        return objects.get(0);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.stringValue()));
        return out;
    }

    /** Every version of every object of the collection, as the admin reads them. */
    private static List<JsonNode> stored(TestNode node, Collection c) {
        return node.agency("local").objects(c.id());
    }

    private static String text(ConsoleClient.Page p) {
        return HtmlUtils.htmlUnescape(p.body());
    }

    @EachDatabase
    void eachFormPublishesWhatTheSamePersonReadsBackThroughTaxii(TestNode node) {
        Collection c = node.newCollection();
        String name = writer(node, Role.ANALYST, c);
        ConsoleClient browser = SignInTest.signedIn(node, name);
        TaxiiClient taxii = IntelligenceTest.taxii(node, name);
        String us = node.agency("local").localIdentity();

        ConsoleClient.Page page = browser.get(BASE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<h1>Publish</h1>")
                .contains("<option value=\"" + c.id() + "\"")
                .contains("href=\"/intelligence/publish\"");

        Map<String, String> indicator =
                fields(
                        "indicator",
                        c,
                        "tlp",
                        "GREEN",
                        "name",
                        "Phishing relay",
                        "description",
                        "Seen in a wave of mail.",
                        "pattern",
                        "[ipv4-addr:value = '198.51.100.23']",
                        "valid_from",
                        "2026-01-02T03:04",
                        "labels",
                        "phishing, wave-7");
        indicator.put("indicator_types", "malicious-activity");
        String indicatorId = published(browser.submit(BASE, BASE, indicator), c, "published");
        JsonNode ind = read(taxii, node, c, indicatorId);
        assertThat(ind.get("type").stringValue()).isEqualTo("indicator");
        assertThat(ind.get("name").stringValue()).isEqualTo("Phishing relay");
        assertThat(ind.get("description").stringValue()).isEqualTo("Seen in a wave of mail.");
        assertThat(ind.get("pattern").stringValue())
                .isEqualTo("[ipv4-addr:value = '198.51.100.23']");
        assertThat(ind.get("pattern_type").stringValue()).isEqualTo("stix");
        assertThat(ind.get("valid_from").stringValue()).isEqualTo("2026-01-02T03:04:00.000Z");
        assertThat(strings(ind.get("labels"))).containsExactly("phishing", "wave-7");
        assertThat(strings(ind.get("indicator_types"))).containsExactly("malicious-activity");
        assertThat(strings(ind.get("object_marking_refs"))).containsExactly(Tlp.GREEN.markingId());
        assertThat(ind.get("created_by_ref").stringValue()).isEqualTo(us);
        assertThat(ind.get("created").stringValue()).isEqualTo(ind.get("modified").stringValue());

        ConsoleClient.Page shown =
                browser.get("/intelligence/" + c.id() + "/" + indicatorId + "?done=published");
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body())
                .contains("id=\"done\"")
                .contains("Published.")
                .contains("Our own object")
                .contains("id=\"new-version\"")
                .contains("id=\"revoke\"")
                .contains("id=\"sighting-of\"");

        String coa =
                published(
                        publish(
                                browser,
                                fields(
                                        "course-of-action",
                                        c,
                                        "tlp",
                                        "CLEAR",
                                        "name",
                                        "Block the relay",
                                        "description",
                                        "At the mail gateway.")),
                        c,
                        "published");
        JsonNode coaRead = read(taxii, node, c, coa);
        assertThat(coaRead.get("type").stringValue()).isEqualTo("course-of-action");
        assertThat(coaRead.get("name").stringValue()).isEqualTo("Block the relay");
        assertThat(strings(coaRead.get("object_marking_refs")))
                .containsExactly(Tlp.CLEAR.markingId());

        String report =
                published(
                        publish(
                                browser,
                                fields(
                                        "report",
                                        c,
                                        "tlp",
                                        "AMBER",
                                        "name",
                                        "The wave of December",
                                        "object_refs",
                                        indicatorId + "\n" + coa)),
                        c,
                        "published");
        JsonNode reportRead = read(taxii, node, c, report);
        assertThat(reportRead.get("type").stringValue()).isEqualTo("report");
        assertThat(strings(reportRead.get("object_refs"))).containsExactly(indicatorId, coa);
        assertThat(Timestamps.isValid(reportRead.get("published").stringValue())).isTrue();
        assertThat(reportRead.has("report_types")).isFalse();

        String advisory =
                published(
                        publish(
                                browser,
                                fields(
                                        "advisory",
                                        c,
                                        "tlp",
                                        "AMBER_STRICT",
                                        "name",
                                        "Advisory: block the relay",
                                        "published",
                                        "2026-12-01T09:00:00Z",
                                        "object_refs",
                                        coa)),
                        c,
                        "published");
        JsonNode advisoryRead = read(taxii, node, c, advisory);
        assertThat(advisoryRead.get("type").stringValue()).isEqualTo("report");
        assertThat(strings(advisoryRead.get("report_types"))).containsExactly("advisory");
        assertThat(advisoryRead.get("published").stringValue()).isEqualTo("2026-12-01T09:00:00Z");
        assertThat(strings(advisoryRead.get("object_marking_refs")))
                .containsExactly(Tlp.AMBER_STRICT.markingId());

        String sighting =
                published(
                        publish(
                                browser,
                                fields(
                                        "sighting",
                                        c,
                                        "tlp",
                                        "GREEN",
                                        "sighting_of_ref",
                                        indicatorId,
                                        "count",
                                        "3",
                                        "first_seen",
                                        "2026-12-01T08:00",
                                        "last_seen",
                                        "2026-12-01T09:30",
                                        "where_sighted_refs",
                                        us)),
                        c,
                        "published");
        JsonNode sightingRead = read(taxii, node, c, sighting);
        assertThat(sightingRead.get("sighting_of_ref").stringValue()).isEqualTo(indicatorId);
        assertThat(sightingRead.get("count").asInt()).isEqualTo(3);
        assertThat(sightingRead.get("first_seen").stringValue())
                .isEqualTo("2026-12-01T08:00:00.000Z");
        assertThat(sightingRead.get("last_seen").stringValue())
                .isEqualTo("2026-12-01T09:30:00.000Z");
        assertThat(strings(sightingRead.get("where_sighted_refs"))).containsExactly(us);

        String malware =
                published(
                        publish(
                                browser,
                                fields(
                                        "json",
                                        c,
                                        "json",
                                        "{\"type\":\"malware\",\"name\":\"Relay kit\","
                                                + "\"is_family\":false,\"object_marking_refs\":[\""
                                                + Tlp.AMBER.markingId()
                                                + "\"]}")),
                        c,
                        "published");
        JsonNode malwareRead = read(taxii, node, c, malware);
        assertThat(malware).startsWith("malware--");
        assertThat(malwareRead.get("spec_version").stringValue()).isEqualTo("2.1");
        assertThat(malwareRead.get("name").stringValue()).isEqualTo("Relay kit");
        assertThat(Timestamps.isValid(malwareRead.get("created").stringValue())).isTrue();

        // published as the person: six objects in the collection, one version each
        assertThat(stored(node, c)).hasSize(6);
    }

    @EachDatabase
    void thePatternIsCheckedAsItIsTypedWithTheErrorsColumn(TestNode node) {
        Collection c = node.newCollection();
        ConsoleClient browser = SignInTest.signedIn(node, writer(node, Role.ANALYST, c));
        ConsoleClient.Page page = browser.get(BASE);
        assertThat(page.body())
                .contains("hx-post=\"/intelligence/publish/pattern\"")
                .contains("hx-target=\"#pattern-check\"")
                .contains("id=\"pattern-check\" role=\"status\" aria-live=\"polite\"");
        // no inline script: every script element has a source, and the policy forbids the rest
        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)");
        assertThat(page.header("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'");
        String csrf = page.csrf();

        ConsoleClient.Page ok =
                browser.post(
                        BASE + "/pattern",
                        Map.of("_csrf", csrf, "pattern", "[domain-name:value = 'example.org']"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body())
                .contains("data-state=\"ok\"")
                .contains("The pattern is valid STIX patterning.")
                .doesNotContain("<html");

        ConsoleClient.Page bad =
                browser.post(
                        BASE + "/pattern",
                        Map.of("_csrf", csrf, "pattern", "[domain-name:value = ]"));
        assertThat(bad.status()).isEqualTo(200);
        assertThat(text(bad))
                .contains("data-state=\"error\"")
                .containsPattern("Not a valid pattern at column \\d+: ");

        ConsoleClient.Page empty =
                browser.post(BASE + "/pattern", Map.of("_csrf", csrf, "pattern", ""));
        assertThat(empty.body()).doesNotContain("data-state");

        ConsoleClient.Page forged =
                browser.post(BASE + "/pattern", Map.of("pattern", "[domain-name:value = 'x']"));
        assertThat(forged.status()).isEqualTo(403);

        // the form refuses an invalid pattern at its field, with the column
        ConsoleClient.Page refused =
                publish(
                        browser,
                        fields(
                                "indicator",
                                c,
                                "tlp",
                                "GREEN",
                                "name",
                                "broken",
                                "pattern",
                                "[ipv4-addr:value = '1.2.3.4'"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(text(refused))
                .contains("id=\"err-pattern\"")
                .containsPattern("Not a valid pattern at column \\d+");
        assertThat(stored(node, c)).isEmpty();
    }

    @EachDatabase
    void theJsonEditorListsTheValidatorsErrorsAtTheirPathsAndStoresNothing(TestNode node) {
        Collection c = node.newCollection();
        ConsoleClient browser = SignInTest.signedIn(node, writer(node, Role.ANALYST, c));
        String id = Fixtures.newId("malware");
        ConsoleClient.Page p =
                publish(
                        browser,
                        fields(
                                "json",
                                c,
                                "json",
                                "{\"type\":\"malware\",\"id\":\""
                                        + id
                                        + "\",\"name\":\"m\",\"is_family\":\"yes\","
                                        + "\"kill_chain_phases\":[{\"kill_chain_name\":\"lm\"}]}"));
        assertThat(p.status()).isEqualTo(400);
        String issues = text(p);
        assertThat(issues)
                .contains("id=\"issues\"")
                .contains("data-path=\"is_family\"")
                .contains("data-path=\"kill_chain_phases[0].phase_name\"");
        assertThat(stored(node, c)).isEmpty();

        ConsoleClient.Page unreadable = publish(browser, fields("json", c, "json", "{\"type\":"));
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(text(unreadable))
                .contains("id=\"err-json\"")
                .contains("not JSON that can be read");

        ConsoleClient.Page array = publish(browser, fields("json", c, "json", "[]"));
        assertThat(array.status()).isEqualTo(400);
        assertThat(text(array)).contains("Write one JSON object, between braces.");

        ConsoleClient.Page tooLong =
                publish(
                        browser,
                        fields(
                                "json",
                                c,
                                "json",
                                "{\"type\":\"note\",\"content\":\""
                                        + "x".repeat(PublishForm.JSON_MAX)
                                        + "\"}"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(text(tooLong)).contains("At most 200,000 characters; this has 200,028.");
        assertThat(stored(node, c)).isEmpty();
    }

    @EachDatabase
    void overLongFieldsAreRefusedAtTheirFieldAndStoreNothing(TestNode node) {
        Collection c = node.newCollection();
        ConsoleClient browser = SignInTest.signedIn(node, writer(node, Role.ANALYST, c));
        Map<String, ConsoleClient.Page> answers = new LinkedHashMap<>();
        answers.put(
                "name",
                publish(
                        browser,
                        fields("course-of-action", c, "tlp", "GREEN", "name", "n".repeat(251))));
        answers.put(
                "description",
                publish(
                        browser,
                        fields(
                                "course-of-action",
                                c,
                                "tlp",
                                "GREEN",
                                "name",
                                "ok",
                                "description",
                                "d".repeat(10_001))));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            many.append("l").append(i).append(',');
        }
        answers.put(
                "labels",
                publish(
                        browser,
                        fields(
                                "course-of-action",
                                c,
                                "tlp",
                                "GREEN",
                                "name",
                                "ok",
                                "labels",
                                many.toString())));
        answers.put(
                "pattern",
                publish(
                        browser,
                        fields(
                                "indicator",
                                c,
                                "tlp",
                                "GREEN",
                                "name",
                                "ok",
                                "pattern",
                                "[ipv4-addr:value = '" + "1".repeat(10_001) + "']")));
        for (Map.Entry<String, ConsoleClient.Page> a : answers.entrySet()) {
            assertThat(a.getValue().status()).as(a.getKey()).isEqualTo(400);
            assertThat(text(a.getValue()))
                    .as(a.getKey())
                    .contains("id=\"err-" + a.getKey() + "\"")
                    .containsPattern("At most \\d+")
                    .contains("Nothing was stored");
        }
        assertThat(text(answers.get("name"))).contains("At most 250 characters; this has 251.");
        assertThat(stored(node, c)).isEmpty();
    }

    @EachDatabase
    void scriptInEveryTextFieldIsShownAsText(TestNode node) {
        Collection c = node.newCollection();
        ConsoleClient browser = SignInTest.signedIn(node, writer(node, Role.ANALYST, c));
        String script = "<script>alert(1)</script>";
        String indicator =
                published(
                        publish(
                                browser,
                                fields(
                                        "indicator",
                                        c,
                                        "tlp",
                                        "GREEN",
                                        "name",
                                        script + " name",
                                        "description",
                                        script + " description",
                                        "pattern",
                                        "[url:value = '" + script + "']",
                                        "labels",
                                        script)),
                        c,
                        "published");
        String report =
                published(
                        publish(
                                browser,
                                fields(
                                        "advisory",
                                        c,
                                        "tlp",
                                        "GREEN",
                                        "name",
                                        script + " advisory",
                                        "description",
                                        script,
                                        "object_refs",
                                        indicator)),
                        c,
                        "published");
        String sighting =
                published(
                        publish(
                                browser,
                                fields(
                                        "sighting",
                                        c,
                                        "tlp",
                                        "GREEN",
                                        "sighting_of_ref",
                                        indicator,
                                        "description",
                                        script)),
                        c,
                        "published");
        for (String id : List.of(indicator, report, sighting)) {
            ConsoleClient.Page page = browser.get("/intelligence/" + c.id() + "/" + id);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).doesNotContain(script).contains("&lt;script&gt;alert(1)");
        }
        // a form sent back with its mistakes shows what was typed as text too
        ConsoleClient.Page refused =
                publish(
                        browser,
                        fields(
                                "sighting",
                                c,
                                "tlp",
                                "GREEN",
                                "sighting_of_ref",
                                script,
                                "description",
                                script,
                                "where_sighted_refs",
                                script,
                                "labels",
                                script));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain(script).contains("&lt;script&gt;");
        ConsoleClient.Page json =
                publish(browser, fields("json", c, "json", "{\"type\":\"" + script + "\"}"));
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.body()).doesNotContain(script).contains("&lt;script&gt;");
    }

    @EachDatabase
    void aFormWithoutItsCsrfTokenOrWithAnotherIsRefusedAndStoresNothing(TestNode node) {
        Collection c = node.newCollection();
        ConsoleClient browser = SignInTest.signedIn(node, writer(node, Role.ANALYST, c));
        Map<String, String> form =
                fields("course-of-action", c, "tlp", "GREEN", "name", "never stored");
        ConsoleClient.Page missing = browser.post(BASE, form);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.body()).contains("Form refused");

        Map<String, String> forged = new LinkedHashMap<>(form);
        forged.put("_csrf", "forged-" + UUID.randomUUID());
        assertThat(browser.post(BASE, forged).status()).isEqualTo(403);

        // another session's token
        ConsoleClient other = SignInTest.signedIn(node, writer(node, Role.ANALYST, c));
        Map<String, String> theirs = new LinkedHashMap<>(form);
        theirs.put("_csrf", other.get(BASE).csrf());
        assertThat(browser.post(BASE, theirs).status()).isEqualTo(403);

        // an ended session: a browser with no session at all
        ConsoleClient signedOut = new ConsoleClient(node);
        ConsoleClient.Page ended = signedOut.post(BASE, theirs);
        assertThat(ended.status()).isEqualTo(403);
        assertThat(ended.body()).contains("the session has ended");
        assertThat(stored(node, c)).isEmpty();
    }

    @EachDatabase
    void whoMayNotWriteSeesNoPublishAndIsRefusedWithNothingStored(TestNode node) {
        Collection c = node.newCollection();
        // a reader of the collection, and an auditor with no grant at all
        ConsoleClient reader =
                SignInTest.signedIn(node, IntelligenceTest.person(node, Role.ANALYST, c));
        ConsoleClient auditor = SignInTest.signedIn(node, SignInTest.person(node, Role.AUDITOR));
        for (ConsoleClient b : List.of(reader, auditor)) {
            ConsoleClient.Page home = b.get("/");
            assertThat(home.status()).isEqualTo(200);
            assertThat(home.body()).doesNotContain("href=\"/intelligence/publish\"");
            assertThat(b.get(BASE).status()).isEqualTo(403);
            Map<String, String> form =
                    fields("course-of-action", c, "tlp", "GREEN", "name", "not mine");
            form.put("_csrf", home.csrf());
            ConsoleClient.Page refused = b.post(BASE, form);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("You may not see this page.");
            Map<String, String> check = new LinkedHashMap<>();
            check.put("_csrf", home.csrf());
            check.put("pattern", "[domain-name:value = 'example.org']");
            assertThat(b.post(BASE + "/pattern", check).status()).isEqualTo(403);
        }
        assertThat(stored(node, c)).isEmpty();

        // the same API rule as a TAXII POST: a write grant opens it, whatever the role
        ConsoleClient liaison = SignInTest.signedIn(node, writer(node, Role.LIAISON, c));
        assertThat(liaison.get("/").body()).contains("href=\"/intelligence/publish\"");
        assertThat(liaison.get(BASE).status()).isEqualTo(200);
    }

    @EachDatabase
    void aCollectionThePersonMayNotWriteToIsAClearErrorAndStoresNothing(TestNode node) {
        Collection mine = node.newCollection();
        Collection readOnly = node.newCollection();
        String name = writer(node, Role.ANALYST, mine);
        String id = node.node().principals().byName(name).orElseThrow().id();
        node.node().principals().setGrant(id, new Grant(readOnly.id(), true, false));
        ConsoleClient browser = SignInTest.signedIn(node, name);
        assertThat(browser.get(BASE).body()).doesNotContain(readOnly.id());
        for (String collection : List.of(readOnly.id(), UUID.randomUUID().toString())) {
            Map<String, String> form =
                    fields("course-of-action", mine, "tlp", "GREEN", "name", "elsewhere");
            form.put("collection", collection);
            ConsoleClient.Page refused = publish(browser, form);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(text(refused))
                    .contains("id=\"err-collection\"")
                    .contains("You may not publish in this collection");
        }
        // a report may name only what the person reads in its collection
        String hidden = Fixtures.newId("indicator");
        node.agency("local")
                .post(
                        readOnly.id(),
                        List.of(
                                IntelligenceTest.indicator(
                                        hidden, "theirs", "elsewhere", Tlp.GREEN)));
        ConsoleClient.Page unknownRef =
                publish(
                        browser,
                        fields("report", mine, "tlp", "GREEN", "name", "r", "object_refs", hidden));
        assertThat(unknownRef.status()).isEqualTo(400);
        assertThat(text(unknownRef))
                .contains("id=\"err-object_refs\"")
                .contains(hidden + " is not an object of this collection that you read.");
        assertThat(stored(node, mine)).isEmpty();
        assertThat(stored(node, readOnly)).hasSize(1);
    }

    @EachDatabase
    void ourObjectGetsANewVersionAndIsRevokedThenNothingFollows(TestNode node) {
        Collection c = node.newCollection();
        String name = writer(node, Role.ANALYST, c);
        ConsoleClient browser = SignInTest.signedIn(node, name);
        TaxiiClient taxii = IntelligenceTest.taxii(node, name);
        String id =
                published(
                        publish(
                                browser,
                                fields(
                                        "course-of-action",
                                        c,
                                        "tlp",
                                        "GREEN",
                                        "name",
                                        "First wording")),
                        c,
                        "published");
        JsonNode first = read(taxii, node, c, id);
        String object = "/intelligence/" + c.id() + "/" + id;

        ConsoleClient.Page editor = browser.get(object + "/new-version");
        assertThat(editor.status()).isEqualTo(200);
        assertThat(editor.body())
                .contains("name=\"of\" value=\"" + id + "\"")
                .contains("First wording");
        String json = first.toString().replace("First wording", "Second wording");
        ConsoleClient.Page changed =
                browser.submit(
                        object + "/new-version",
                        BASE,
                        Map.of("kind", "json", "collection", c.id(), "of", id, "json", json));
        assertThat(published(changed, c, "versioned")).isEqualTo(id);
        JsonNode second = read(taxii, node, c, id);
        assertThat(second.get("name").stringValue()).isEqualTo("Second wording");
        assertThat(
                        Timestamps.compare(
                                second.get("modified").stringValue(),
                                first.get("modified").stringValue()))
                .isPositive();
        assertThat(second.get("created").stringValue())
                .isEqualTo(first.get("created").stringValue());

        // the id is the object's: another one in the editor is refused
        ConsoleClient.Page otherId =
                browser.submit(
                        object + "/new-version",
                        BASE,
                        Map.of(
                                "kind",
                                "json",
                                "collection",
                                c.id(),
                                "of",
                                id,
                                "json",
                                json.replace(id, Fixtures.newId("course-of-action"))));
        assertThat(otherId.status()).isEqualTo(400);
        assertThat(otherId.body()).contains("data-path=\"id\"");

        ConsoleClient.Page confirm = browser.get(object + "/revoke");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("id=\"confirm-revoke\"").contains("Second wording");
        ConsoleClient.Page revoked =
                browser.submit(object + "/revoke", object + "/revoke", Map.of());
        assertThat(revoked.status()).isEqualTo(302);
        assertThat(revoked.location()).isEqualTo(object + "?done=revoked");
        JsonNode last = read(taxii, node, c, id);
        assertThat(last.get("revoked").asBoolean()).isTrue();
        assertThat(last.get("name").stringValue()).isEqualTo("Second wording");
        assertThat(stored(node, c)).hasSize(3);

        ConsoleClient.Page after = browser.get(object);
        assertThat(after.body())
                .contains("id=\"revoked\"")
                .doesNotContain("id=\"new-version\"")
                .doesNotContain("id=\"revoke\"");
        assertThat(browser.get(object + "/new-version").status()).isEqualTo(409);
        assertThat(browser.get(object + "/revoke").status()).isEqualTo(409);
        assertThat(stored(node, c)).hasSize(3);
    }

    @EachDatabase
    void anotherOrganisationsObjectIsNeitherVersionedNorRevokedByUs(TestNode node) {
        Collection c = node.newCollection();
        Agency local = node.agency("local");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String partner = "sender " + tag;
        local.organisation("partner", partner, "JP");
        local.agreement(
                "both " + tag,
                partner,
                Agency.area("information-exchange", "both", "amber", "none", false));
        TaxiiClient sender = node.client("Bearer " + local.token("s-" + tag, partner, "partner"));
        String theirs = Fixtures.newId("indicator");
        TaxiiClient.Response sent =
                sender.post(
                        node.objectsPath(c),
                        Fixtures.envelope(
                                IntelligenceTest.indicator(theirs, "theirs", "sent", Tlp.GREEN)));
        assertThat(sent.status()).isEqualTo(202);
        // an object of ours naming a partner's identity as its creator is refused on the way in
        // (OwnershipTest): the pages never meet one written since
        String claimed = Fixtures.newId("indicator");
        String partnerIdentity = null;
        for (JsonNode o : local.api("GET", "/api/v1/organisations", null)) {
            if (o.get("name").stringValue().equals(partner)) {
                partnerIdentity = o.get("identity_id").stringValue();
            }
        }
        JsonNode refused =
                local.post(
                        c.id(),
                        List.of(
                                IntelligenceTest.indicator(claimed, "claimed", "by them", Tlp.GREEN)
                                        .replace(
                                                "\"name\":",
                                                "\"created_by_ref\":\""
                                                        + partnerIdentity
                                                        + "\",\"name\":")));
        assertThat(refused.get("failure_count").asInt()).isEqualTo(1);
        assertThat(refused.get("failures").get(0).get("message").stringValue())
                .contains("created_by_ref names " + partnerIdentity);
        int before = stored(node, c).size();

        ConsoleClient browser = SignInTest.signedIn(node, writer(node, Role.ADMIN));
        String csrf = browser.get(BASE).csrf();
        assertThat(browser.get("/intelligence/" + c.id() + "/" + claimed).status()).isEqualTo(404);
        for (String id : List.of(theirs)) {
            String object = "/intelligence/" + c.id() + "/" + id;
            ConsoleClient.Page page = browser.get(object);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body())
                    .contains("id=\"publish-actions\"")
                    .doesNotContain("id=\"new-version\"")
                    .doesNotContain("id=\"revoke\"");
            assertThat(browser.get(object + "/new-version").status()).isEqualTo(403);
            assertThat(browser.get(object + "/revoke").status()).isEqualTo(403);
            ConsoleClient.Page revoke = browser.post(object + "/revoke", Map.of("_csrf", csrf));
            assertThat(revoke.status()).isEqualTo(403);
            assertThat(text(revoke)).contains("only the organisation that created an object");
        }
        // nor through the JSON editor: a later version of their object under its id
        JsonNode held = null;
        for (JsonNode o : stored(node, c)) {
            if (o.get("id").stringValue().equals(theirs)) {
                held = o;
            }
        }
        String later =
                held.toString()
                        .replace(held.get("modified").stringValue(), "2026-06-01T00:00:00.000Z");
        ConsoleClient.Page forged =
                publish(browser, fields("json", c, "json", later.replace("theirs", "ours now")));
        assertThat(forged.status()).isEqualTo(409);
        assertThat(text(forged))
                .contains("id=\"form-refusal\"")
                .contains("only the organisation that created an object");
        assertThat(stored(node, c)).hasSize(before);

        // an object of a collection the person may not read is not found, as its page is not
        Collection elsewhere = node.newCollection();
        local.post(
                elsewhere.id(),
                List.of(
                        IntelligenceTest.indicator(
                                Fixtures.newId("indicator"), "x", "y", Tlp.GREEN)));
        ConsoleClient analyst = SignInTest.signedIn(node, writer(node, Role.ANALYST, c));
        String hiddenId = stored(node, elsewhere).get(0).get("id").stringValue();
        assertThat(
                        analyst.get(
                                        "/intelligence/"
                                                + elsewhere.id()
                                                + "/"
                                                + hiddenId
                                                + "/new-version")
                                .status())
                .isEqualTo(404);
        assertThat(
                        analyst.get("/intelligence/" + elsewhere.id() + "/" + hiddenId + "/revoke")
                                .status())
                .isEqualTo(404);
    }

    @EachDatabase
    void thePagesSpeakJapanese(TestNode node) {
        Collection c = node.newCollection();
        String name = writer(node, Role.ANALYST, c);
        ConsoleClient browser = new ConsoleClient(node.base(), "ja");
        assertThat(browser.password(name, SignInTest.PASSWORD).status()).isEqualTo(302);
        browser.enrol(node.clock().instant());
        ConsoleClient.Page page = browser.get(BASE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("lang=\"ja\"")
                .contains("<h1>発信</h1>")
                .contains("インディケータ")
                .doesNotContain("<h1>Publish</h1>");
        ConsoleClient.Page refused =
                publish(browser, fields("course-of-action", c, "tlp", "GREEN", "name", ""));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("この項目は必須です。").contains("何も保存されていません");
        ConsoleClient.Page check =
                browser.post(
                        BASE + "/pattern",
                        Map.of(
                                "_csrf",
                                page.csrf(),
                                "pattern",
                                "[domain-name:value = 'a.example']"));
        assertThat(check.body()).contains("有効な STIX パターンです。");
        assertThat(stored(node, c)).isEmpty();
    }
}
