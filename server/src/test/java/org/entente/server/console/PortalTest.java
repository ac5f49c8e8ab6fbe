package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.console.IntelligenceTest.JsonText.quote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * The constituent portal over real HTTP on both databases: a constituent's person sees exactly the
 * advisories and indicators its organisation's TAXII read gives, never more (not even a count), the
 * blocklists hold only indicators of that read it may act on, and the portal and the agency's pages
 * keep to their own people.
 */
class PortalTest {
    private static final Pattern LINK =
            Pattern.compile("href=\"/portal/objects/([0-9a-f-]{36})/([a-z0-9-]+--[0-9a-f-]{36})\"");
    private static final Pattern NEXT = Pattern.compile("id=\"next\" href=\"([^\"]+)\"");
    private static final String SHA256 =
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";

    static String object(String type, String id, String name, String text, Tlp tlp, String more) {
        return """
                {"type":"%s","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                "name":%s,"description":%s,%s"object_marking_refs":["%s"]}"""
                .formatted(type, id, quote(name), quote(text), more, tlp.markingId());
    }

    static String indicator(String id, String text, Tlp tlp, String pattern, String more) {
        return object(
                "indicator",
                id,
                "indicator " + id.substring(10, 18),
                text,
                tlp,
                "\"pattern\":"
                        + quote(pattern)
                        + ",\"pattern_type\":\"stix\",\"valid_from\":\"2024-01-01T00:00:00Z\","
                        + more);
    }

    /**
     * A constituent with a subscription to the information-exchange area up to {@code ceiling}, and
     * one of its people, signed in. The subscription does not name the awareness area.
     */
    private record Constituent(
            String org,
            String subscription,
            String person,
            ConsoleClient browser,
            TaxiiClient taxii) {}

    private static Constituent constituent(TestNode node, World w, String ceiling) {
        return constituent(node, w, ceiling, false);
    }

    private static Constituent constituent(
            TestNode node, World w, String ceiling, boolean anonymise) {
        Agency local = node.agency("local");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String org = local.organisation("constituent", "Utility " + tag, "JP");
        JsonNode sub =
                local.api(
                        "POST",
                        "/api/v1/agreements",
                        "{\"kind\":\"subscription\",\"title\":\"Sub "
                                + tag
                                + "\",\"effective_from\":\"2020-01-01\",\"parties\":[\""
                                + org
                                + "\"],\"areas\":[{\"area\":\"information-exchange\",\"direction\":\"share\","
                                + "\"tlp_ceiling\":\""
                                + ceiling
                                + "\",\"onward\":\"none\",\"anonymise\":"
                                + anonymise
                                + ",\"labels_any\":[\""
                                + w.label()
                                + "\"]}],\"activate\":true}");
        String name = "utility-" + tag;
        node.node()
                .principalUseCases()
                .create(
                        new Principals.NewPrincipal(
                                name,
                                Optional.of(org),
                                Set.of(Role.CONSTITUENT),
                                Optional.of(SignInTest.PASSWORD),
                                Optional.empty()));
        return new Constituent(
                org,
                sub.get("id").stringValue(),
                name,
                SignInTest.signedIn(node, name),
                IntelligenceTest.taxii(node, name));
    }

    /** What the fixtures hold; ids of what the constituent must never see, words of each. */
    private record World(
            String label,
            Collection a,
            Collection b,
            String word,
            String hiddenWord,
            List<String> hidden,
            String report,
            String soon) {}

    private static World world(TestNode node) {
        Collection a = node.newCollection();
        Collection b =
                new Collection(
                        UUID.randomUUID().toString(),
                        node.node().settings().apiRoot(),
                        Optional.empty(),
                        "Awareness",
                        Optional.empty(),
                        "awareness",
                        Tlp.AMBER_STRICT);
        node.node().collections().insert(b, node.clock().millis() * 1000);
        String word = "w" + UUID.randomUUID().toString().replace("-", "");
        String hiddenWord = "h" + UUID.randomUUID().toString().replace("-", "");
        String about = "about " + word;
        String secret = "about " + word + " " + hiddenWord;
        List<String> inA = new ArrayList<>();
        String clear = Fixtures.newId("indicator");
        inA.add(indicator(clear, about, Tlp.CLEAR, "[ipv4-addr:value = '192.0.2.1']", ""));
        inA.add(
                indicator(
                        Fixtures.newId("indicator"),
                        about,
                        Tlp.GREEN,
                        "[ipv4-addr:value = '198.51.100.0/24' OR ipv6-addr:value = '2001:db8::1']",
                        ""));
        inA.add(
                indicator(
                        Fixtures.newId("indicator"),
                        about,
                        Tlp.AMBER,
                        "[domain-name:value = 'evil.example' OR url:value = 'http://evil.example/a']"
                                + " OR [file:hashes.'SHA-256' = '"
                                + SHA256
                                + "']",
                        ""));
        List<String> hidden = new ArrayList<>();
        String strict = Fixtures.newId("indicator");
        String red = Fixtures.newId("indicator");
        hidden.add(strict);
        hidden.add(red);
        inA.add(
                indicator(
                        strict,
                        secret,
                        Tlp.AMBER_STRICT,
                        "[ipv4-addr:value = '203.0.113.66']",
                        ""));
        inA.add(indicator(red, secret, Tlp.RED, "[ipv4-addr:value = '203.0.113.77']", ""));
        // patterns no blocklist can hold as they are: skipped, and counted
        inA.add(
                indicator(
                        Fixtures.newId("indicator"),
                        about,
                        Tlp.GREEN,
                        "[ipv4-addr:value = '192.0.2.50'] AND [domain-name:value = 'and.example']",
                        ""));
        inA.add(indicator(Fixtures.newId("indicator"), about, Tlp.GREEN, "[file:size > 100]", ""));
        inA.add(
                indicator(
                        Fixtures.newId("indicator"),
                        about,
                        Tlp.GREEN,
                        "[ipv4-addr:value = '0.0.0.0/0']",
                        ""));
        // revoked, expired, and expiring in an hour by the node's clock
        inA.add(
                indicator(
                        Fixtures.newId("indicator"),
                        about,
                        Tlp.GREEN,
                        "[ipv4-addr:value = '192.0.2.99']",
                        "\"revoked\":true,"));
        inA.add(
                indicator(
                        Fixtures.newId("indicator"),
                        about,
                        Tlp.GREEN,
                        "[domain-name:value = 'old.example']",
                        "\"valid_until\":\"2024-06-01T00:00:00Z\","));
        String soon = Fixtures.newId("indicator");
        inA.add(
                indicator(
                        soon,
                        about,
                        Tlp.GREEN,
                        "[domain-name:value = 'soon.example']",
                        "\"valid_until\":\""
                                + node.clock()
                                        .instant()
                                        .plus(Duration.ofHours(1))
                                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                + "\","));
        // an advisory whose words are script, a note, and a type the portal does not show
        String report = Fixtures.newId("report");
        inA.add(
                object(
                        "report",
                        report,
                        "<script>alert('name')</script>",
                        about + " <img src=x onerror=alert(1)>",
                        Tlp.GREEN,
                        "\"report_types\":[\"threat-report\"],\"published\":\"2024-01-01T00:00:00Z\","
                                + "\"object_refs\":[\""
                                + clear
                                + "\"],"));
        inA.add(
                """
                {"type":"note","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                "abstract":"note","content":%s,"object_refs":["%s"],"object_marking_refs":["%s"]}"""
                        .formatted(
                                Fixtures.newId("note"),
                                quote(about),
                                report,
                                Tlp.AMBER.markingId()));
        inA.add(
                object(
                        "malware",
                        Fixtures.newId("malware"),
                        "a family",
                        about,
                        Tlp.GREEN,
                        "\"is_family\":true,"));
        String other = Fixtures.newId("indicator");
        hidden.add(other);
        List<String> inB =
                List.of(
                        indicator(
                                other,
                                secret,
                                Tlp.GREEN,
                                "[ipv4-addr:value = '203.0.113.88']",
                                ""));
        String label = "portal-" + UUID.randomUUID().toString().substring(0, 8);
        Agency local = node.agency("local");
        local.post(a.id(), labelled(inA, label));
        local.post(b.id(), labelled(inB, label));
        IntelligenceTest.indexed(node);
        return new World(label, a, b, word, hiddenWord, hidden, report, soon);
    }

    private static List<String> labelled(List<String> objects, String label) {
        return objects.stream()
                .map(
                        o ->
                                o.replace(
                                        "\"object_marking_refs\"",
                                        "\"labels\":[\"" + label + "\"],\"object_marking_refs\""))
                .toList();
    }

    static Set<String> links(String html) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            out.add(m.group(1) + "/" + m.group(2));
        }
        return out;
    }

    /** Every collection/id the portal's list shows from {@code path} on, following its pages. */
    static Set<String> shown(ConsoleClient browser, String path, List<String> pages) {
        Set<String> out = new LinkedHashSet<>();
        String next = path;
        for (int i = 0; next != null && i < 20; i++) {
            ConsoleClient.Page p = browser.get(next);
            assertThat(p.status()).as("GET %s: %s", next, p.body()).isEqualTo(200);
            pages.add(p.body());
            out.addAll(links(IntelligenceTest.results(p.body())));
            Matcher m = NEXT.matcher(p.body());
            next = m.find() ? m.group(1).replace("&amp;", "&") : null;
        }
        return out;
    }

    /** The (collection/id) of what TAXII gives the client, of the portal's types only. */
    static Set<String> taxiiAdvisories(TaxiiClient client, TestNode node, Collection... cs) {
        Set<String> out = new HashSet<>();
        for (Collection c : cs) {
            for (String s : IntelligenceTest.taxiiIds(client, node, c)) {
                String type = s.substring(37, s.indexOf("--"));
                if (Portal.TYPES.contains(type)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The values of a plain blocklist, without its comment lines. */
    static List<String> values(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.startsWith("#")).toList();
    }

    @EachDatabase
    void everyObjectAndEveryBlocklistLineIsOfTheConstituentsTaxiiRead(TestNode node) {
        World w = world(node);
        Constituent c = constituent(node, w, "amber");
        Set<String> taxii = taxiiAdvisories(c.taxii(), node, w.a(), w.b());
        assertThat(IntelligenceTest.taxiiIds(c.taxii(), node, w.b()))
                .as("the awareness area is not in the subscription")
                .isEmpty();
        // the list, unfiltered, by words, and by each filter: exactly the TAXII read's
        List<String> pages = new ArrayList<>();
        long disclosed = Agency.disclosedTo(node.node(), c.org());
        Set<String> listed = shown(c.browser(), "/portal", pages);
        assertThat(listed).isEqualTo(taxii).hasSize(11);
        assertThat(Agency.disclosedTo(node.node(), c.org()) - disclosed)
                .as("what the list shows is recorded as a TAXII read of it is")
                .isEqualTo(11);
        assertThat(shown(c.browser(), "/portal?q=" + w.word(), pages)).isEqualTo(taxii);
        Set<String> byType = new HashSet<>();
        for (String type : Portal.TYPES) {
            byType.addAll(shown(c.browser(), "/portal?type=" + type, pages));
        }
        assertThat(byType).isEqualTo(taxii);
        Set<String> byTlp = new HashSet<>();
        for (Tlp tlp : Tlp.values()) {
            byTlp.addAll(shown(c.browser(), "/portal?tlp=" + tlp.name(), pages));
        }
        assertThat(byTlp).isEqualTo(taxii);
        assertThat(shown(c.browser(), "/portal?tlp=RED", pages)).isEmpty();
        // every object page shown is one TAXII gives, and carries nothing withheld
        for (String s : listed) {
            ConsoleClient.Page p = c.browser().get("/portal/objects/" + s);
            assertThat(p.status()).as(s).isEqualTo(200);
            pages.add(p.body());
        }
        // the blocklists: every indicator named is one of the TAXII read
        ConsoleClient.Page csv = c.browser().get("/portal/blocklist/all.csv");
        assertThat(csv.status()).isEqualTo(200);
        for (String line : csv.body().split("\r\n")) {
            if (line.startsWith("#") || line.startsWith("kind,")) {
                continue;
            }
            String[] cells = line.split(",");
            String id = cells[3].replace("\"", "");
            String collection = cells[4].replace("\"", "");
            assertThat(taxii).as(line).contains(collection + "/" + id);
        }
        pages.add(csv.body());
        for (String kind : List.of("ip", "domain", "url", "hash")) {
            ConsoleClient.Page p = c.browser().get("/portal/blocklist/" + kind + ".txt");
            assertThat(p.status()).isEqualTo(200);
            pages.add(p.body());
        }
        // nothing withheld appears anywhere, by id, by value or by word
        for (String page : pages) {
            for (String id : w.hidden()) {
                assertThat(page).doesNotContain(id.substring(id.indexOf("--") + 2));
            }
            assertThat(page)
                    .doesNotContain("203.0.113.")
                    .doesNotContain(w.hiddenWord())
                    .doesNotContain(w.b().id());
        }
        // a search for words only withheld objects hold answers as one for words nobody holds
        String unknown = "zz" + UUID.randomUUID().toString().replace("-", "");
        String nothing =
                IntelligenceTest.results(c.browser().get("/portal?q=" + unknown).body())
                        .replace(unknown, "WORD");
        assertThat(nothing).contains("id=\"none\"");
        assertThat(
                        IntelligenceTest.results(
                                        c.browser().get("/portal?q=" + w.hiddenWord()).body())
                                .replace(w.hiddenWord(), "WORD"))
                .isEqualTo(nothing);
        // a collection it may not read is no choice, as one that does not exist
        ConsoleClient.Page refusedB = c.browser().get("/portal?collection=" + w.b().id());
        ConsoleClient.Page refusedNone = c.browser().get("/portal?collection=" + UUID.randomUUID());
        assertThat(refusedB.status()).isEqualTo(400);
        assertThat(IntelligenceTest.main(refusedB.body()))
                .isEqualTo(IntelligenceTest.main(refusedNone.body()));
    }

    @EachDatabase
    void theBlocklistsHoldTheSimpleIndicatorsItMayActOnAndCountTheRest(TestNode node) {
        World w = world(node);
        Constituent c = constituent(node, w, "amber");
        long disclosed = Agency.disclosedTo(node.node(), c.org());
        String ip = c.browser().get("/portal/blocklist/ip.txt").body();
        assertThat(values(ip))
                .containsExactly("192.0.2.1", "198.51.100.0/24", "2001:db8:0:0:0:0:0:1");
        assertThat(ip)
                .contains("# 9 indicators received; 4 gave entries\n")
                .contains("# skipped: 3 indicators whose pattern")
                .contains("# left out: 2 revoked or expired indicators, 0 of a TLP not to act on");
        assertThat(Agency.disclosedTo(node.node(), c.org()))
                .as("the download is recorded as a TAXII read is")
                .isGreaterThan(disclosed);
        assertThat(values(c.browser().get("/portal/blocklist/domain.txt").body()))
                .containsExactly("evil.example", "soon.example");
        assertThat(values(c.browser().get("/portal/blocklist/url.txt").body()))
                .containsExactly("http://evil.example/a");
        ConsoleClient.Page hash = c.browser().get("/portal/blocklist/hash.txt");
        assertThat(values(hash.body())).containsExactly(SHA256.toLowerCase(java.util.Locale.ROOT));
        assertThat(hash.raw().headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/plain");
        assertThat(hash.raw().headers().firstValue("Content-Disposition").orElse(""))
                .contains("attachment")
                .contains("hash.txt");
        ConsoleClient.Page csv = c.browser().get("/portal/blocklist/all.csv");
        assertThat(csv.raw().headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/csv");
        assertThat(csv.body())
                .contains(
                        "kind,value,hash_algorithm,indicator_id,collection_id,tlp,valid_until\r\n")
                .contains(
                        "\"hash\",\""
                                + SHA256.toLowerCase(java.util.Locale.ROOT)
                                + "\",\"SHA-256\"")
                .contains("\"domain\",\"soon.example\",\"\",\"" + w.soon() + "\"");
        assertThat(csv.body().split("\r\n")).hasSize(4 + 1 + 7);
        assertThat(c.browser().get("/portal/blocklist/other.txt").status()).isEqualTo(404);
        // an hour and a bit later by the node's clock, the expiring one is left out too
        node.clock().advance(Duration.ofMinutes(61));
        String domains = c.browser().get("/portal/blocklist/domain.txt").body();
        assertThat(values(domains)).containsExactly("evil.example");
        assertThat(domains).contains("# left out: 3 revoked or expired indicators");
    }

    @EachDatabase
    void amberStrictReachesTheBlocklistOnlyWhenTheSubscriptionGivesIt(TestNode node) {
        World w = world(node);
        Constituent amber = constituent(node, w, "amber");
        Constituent strict = constituent(node, w, "amber+strict");
        assertThat(values(amber.browser().get("/portal/blocklist/ip.txt").body()))
                .doesNotContain("203.0.113.66");
        assertThat(values(strict.browser().get("/portal/blocklist/ip.txt").body()))
                .contains("203.0.113.66")
                .doesNotContain("203.0.113.77", "203.0.113.88");
        assertThat(shown(strict.browser(), "/portal", new ArrayList<>()))
                .isEqualTo(taxiiAdvisories(strict.taxii(), node, w.a(), w.b()))
                .contains(w.a().id() + "/" + w.hidden().get(0));
        // the object the other constituent receives answers this one as an unknown id does
        String path = "/portal/objects/" + w.a().id() + "/";
        assertThat(strict.browser().get(path + w.hidden().get(0)).status()).isEqualTo(200);
        ConsoleClient.Page theirs = amber.browser().get(path + w.hidden().get(0));
        ConsoleClient.Page unknown = amber.browser().get(path + Fixtures.newId("indicator"));
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(IntelligenceTest.main(theirs.body()))
                .isEqualTo(IntelligenceTest.main(unknown.body()));
    }

    @EachDatabase
    void anAnonymisingSubscriptionIsShownTheObjectsAsItReceivesThem(TestNode node) {
        World w = world(node);
        Agency local = node.agency("local");
        String us = local.localIdentity();
        String report = Fixtures.newId("report");
        local.post(
                w.a().id(),
                labelled(
                        List.of(
                                object(
                                        "report",
                                        report,
                                        "signed report " + w.word(),
                                        "about " + w.word(),
                                        Tlp.GREEN,
                                        "\"report_types\":[\"threat-report\"],"
                                                + "\"published\":\"2024-01-01T00:00:00Z\","
                                                + "\"created_by_ref\":\""
                                                + us
                                                + "\",\"object_refs\":[\""
                                                + w.report()
                                                + "\"],")),
                        w.label()));
        Constituent plain = constituent(node, w, "amber");
        Constituent anonymous = constituent(node, w, "amber", true);
        String path = "/portal/objects/" + w.a().id() + "/" + report;
        assertThat(plain.browser().get(path).body()).contains(us);
        ConsoleClient.Page p = anonymous.browser().get(path);
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body()).contains("signed report").doesNotContain(us);
        assertThat(anonymous.taxii().get(node.objectsPath(w.a()) + "?limit=1000").text())
                .contains(report)
                .doesNotContain(us);
    }

    @EachDatabase
    void aSuspendedSubscriptionOpensNothingFromTheNextRequestOn(TestNode node) {
        World w = world(node);
        Constituent c = constituent(node, w, "amber");
        assertThat(shown(c.browser(), "/portal", new ArrayList<>())).hasSize(11);
        node.agency("local").suspend(c.subscription());
        assertThat(shown(c.browser(), "/portal", new ArrayList<>())).isEmpty();
        assertThat(values(c.browser().get("/portal/blocklist/ip.txt").body())).isEmpty();
        assertThat(c.browser().get("/portal/blocklist/ip.txt").body())
                .contains("# 0 indicators received");
        assertThat(c.browser().get("/portal/objects/" + w.a().id() + "/" + w.report()).status())
                .isEqualTo(404);
        node.agency("local").resume(c.subscription());
        assertThat(shown(c.browser(), "/portal", new ArrayList<>())).hasSize(11);
    }

    @EachDatabase
    void anotherCollectionsOrAWithheldObjectsIdAnswersAsAnUnknownOne(TestNode node) {
        World w = world(node);
        Constituent c = constituent(node, w, "amber");
        ConsoleClient.Page unknown =
                c.browser()
                        .get("/portal/objects/" + w.a().id() + "/" + Fixtures.newId("indicator"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(IntelligenceTest.main(unknown.body())).contains("href=\"/portal\"");
        String expected = IntelligenceTest.main(unknown.body());
        List<String> paths = new ArrayList<>();
        for (String id : w.hidden()) {
            paths.add("/portal/objects/" + w.a().id() + "/" + id);
            paths.add("/portal/objects/" + w.b().id() + "/" + id);
        }
        paths.add("/portal/objects/" + w.b().id() + "/" + w.report());
        paths.add("/portal/objects/" + UUID.randomUUID() + "/" + w.report());
        for (String path : paths) {
            ConsoleClient.Page p = c.browser().get(path);
            assertThat(p.status()).as(path).isEqualTo(404);
            assertThat(IntelligenceTest.main(p.body())).as(path).isEqualTo(expected);
        }
        // a type the portal does not show, though TAXII gives it: the same answer
        String malware =
                IntelligenceTest.taxiiIds(c.taxii(), node, w.a()).stream()
                        .filter(s -> s.contains("/malware--"))
                        .findFirst()
                        .orElseThrow();
        ConsoleClient.Page m = c.browser().get("/portal/objects/" + malware);
        assertThat(m.status()).isEqualTo(404);
        assertThat(IntelligenceTest.main(m.body())).isEqualTo(expected);
    }

    @EachDatabase
    void scriptInAnAdvisoryIsShownAsText(TestNode node) {
        World w = world(node);
        Constituent c = constituent(node, w, "amber");
        ConsoleClient.Page p = c.browser().get("/portal/objects/" + w.a().id() + "/" + w.report());
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body())
                .doesNotContain("<script>alert")
                .doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(p.raw().headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'");
        String list = c.browser().get("/portal?type=report").body();
        assertThat(list).doesNotContain("<script>alert").contains("&lt;script&gt;");
        String ja = c.browser().get("/portal?lang=ja").body();
        assertThat(ja).contains("<html lang=\"ja\"").contains("アドバイザリと指標");
    }

    @EachDatabase
    void theAgencysPagesAndThePortalKeepToTheirOwnPeople(TestNode node) {
        World w = world(node);
        Constituent c = constituent(node, w, "amber");
        for (String path :
                List.of(
                        "/intelligence",
                        "/console/agreements",
                        "/console/partners",
                        "/console/admin/people")) {
            ConsoleClient.Page p = c.browser().get(path);
            assertThat(p.status()).as(path).isEqualTo(403);
            assertThat(p.body()).contains("/portal");
        }
        ConsoleClient.Page home = c.browser().get("/");
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.location()).isEqualTo("/portal");
        // a form of the agency's, posted with the session's own token: refused all the same
        ConsoleClient.Page portal = c.browser().get("/portal");
        ConsoleClient.Page posted =
                c.browser()
                        .post(
                                "/console/partners",
                                java.util.Map.of(
                                        "_csrf", portal.csrf(), "kind", "partner", "name", "x"));
        assertThat(posted.status()).isEqualTo(403);
        // the agency's people are sent to their console
        ConsoleClient analyst =
                SignInTest.signedIn(node, IntelligenceTest.person(node, Role.ANALYST));
        ConsoleClient.Page p = analyst.get("/portal");
        assertThat(p.status()).isEqualTo(302);
        assertThat(p.location()).isEqualTo("/");
        assertThat(analyst.get("/portal/blocklist/ip.txt").status()).isEqualTo(302);
    }
}
