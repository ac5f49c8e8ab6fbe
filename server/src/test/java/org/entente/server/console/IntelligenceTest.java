package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entente.server.auth.Grant;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.store.SearchDao;
import org.entente.server.store.SearchIndexer;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * The intelligence pages over real HTTP on both databases: what a person sees there is exactly what
 * TAXII gives their principal, the search finds by the words of an object and tells nothing of what
 * is withheld, and an object's page shows what the node knows of it.
 */
class IntelligenceTest {
    private static final Pattern LINK =
            Pattern.compile("href=\"/intelligence/([0-9a-f-]{36})/([a-z0-9-]+--[0-9a-f-]{36})\"");
    private static final Pattern NEXT = Pattern.compile("id=\"next\" href=\"([^\"]+)\"");

    /** A person of the local agency with this role, who may read these collections. */
    static String person(TestNode node, Role role, Collection... readable) {
        String name = SignInTest.person(node, role);
        String id = node.node().principals().byName(name).orElseThrow().id();
        for (Collection c : readable) {
            node.node().principals().setGrant(id, new Grant(c.id(), true, false));
        }
        return name;
    }

    /** A TAXII client acting as that person's principal. */
    static TaxiiClient taxii(TestNode node, String name) {
        String id = node.node().principals().byName(name).orElseThrow().id();
        return node.client("Bearer " + node.node().tokens().issue(id, "test", Optional.empty()));
    }

    /** Makes everything stored so far searchable, as the indexer's next round would. */
    static void indexed(TestNode node) {
        node.node().part(SearchIndexer.class).catchUp();
    }

    static String indicator(String id, String name, String description, Tlp tlp, String... labels) {
        StringBuilder l = new StringBuilder();
        for (String label : labels) {
            l.append(l.isEmpty() ? "" : ",").append(JsonText.quote(label));
        }
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                "name":%s,"description":%s,"pattern":"[ipv4-addr:value = '198.51.100.7']",\
                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z",%s\
                "object_marking_refs":["%s"]}"""
                .formatted(
                        id,
                        JsonText.quote(name),
                        JsonText.quote(description),
                        labels.length == 0 ? "" : "\"labels\":[" + l + "],",
                        tlp.markingId());
    }

    /** Minimal JSON string quoting for the fixtures. */
    static final class JsonText {
        static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Every (collection id, object id) the list shows from {@code path} on, following its pages.
     */
    static Set<String> shown(ConsoleClient browser, String path, int maxPages) {
        Set<String> out = new LinkedHashSet<>();
        String next = path;
        for (int page = 0; next != null && page < maxPages; page++) {
            ConsoleClient.Page p = browser.get(next);
            assertThat(p.status()).as("GET %s: %s", next, p.body()).isEqualTo(200);
            out.addAll(links(results(p.body())));
            Matcher m = NEXT.matcher(p.body());
            next = m.find() ? m.group(1).replace("&amp;", "&") : null;
        }
        return out;
    }

    static Set<String> links(String html) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            out.add(m.group(1) + "/" + m.group(2));
        }
        return out;
    }

    /** The results part of a list page. */
    static String results(String page) {
        int start = page.indexOf("<section id=\"results\"");
        assertThat(start).as("a results section on:\n%s", page).isNotNegative();
        return page.substring(start, page.indexOf("</section>", start));
    }

    /** The main part of a page, without what differs per request (the CSRF token). */
    static String main(String page) {
        int start = page.indexOf("<main");
        return page.substring(start, page.indexOf("</main>", start));
    }

    /** The latest versions TAXII gives the client in a collection, as collection/id. */
    static Set<String> taxiiIds(TaxiiClient client, TestNode node, Collection c) {
        TaxiiClient.Response r = client.get(node.objectsPath(c) + "?limit=1000");
        Set<String> out = new HashSet<>();
        if (r.status() != 200) {
            assertThat(r.status()).as("TAXII refuses: 403 or 404").isIn(403, 404);
            return out;
        }
        for (JsonNode o : r.json().path("objects")) {
            out.add(c.id() + "/" + o.get("id").stringValue());
        }
        return out;
    }

    /**
     * Two collections with objects of every TLP, and in the first an object a partner sent under an
     * id we held already, kept apart for its sender; every object names {@code word}.
     */
    private record World(
            Collection a,
            Collection b,
            String word,
            String bWord,
            String apartWord,
            String apartId) {}

    private static World world(TestNode node) {
        Collection a = node.newCollection();
        Collection b = node.newCollection();
        String word = "w" + UUID.randomUUID().toString().replace("-", "");
        String bWord = "b" + UUID.randomUUID().toString().replace("-", "");
        Agency local = node.agency("local");
        List<String> inA = new ArrayList<>();
        List<String> inB = new ArrayList<>();
        for (Tlp tlp : Tlp.values()) {
            inA.add(indicator(Fixtures.newId("indicator"), "a " + tlp, "about " + word, tlp));
            inB.add(
                    indicator(
                            Fixtures.newId("indicator"),
                            "b " + tlp,
                            "about " + word + " " + bWord,
                            tlp));
        }
        String apartId = Fixtures.newId("indicator");
        // beyond the partner's ceiling: it cannot read ours, so its own under the id is kept apart
        inA.add(indicator(apartId, "ours", "our own " + word, Tlp.AMBER_STRICT));
        local.post(a.id(), inA);
        local.post(b.id(), inB);
        // a partner sends its own version of an id we hold: kept apart, for its sender only
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String partner = "sender " + tag;
        local.organisation("partner", partner, "JP");
        local.agreement(
                "both " + tag,
                partner,
                Agency.area("information-exchange", "both", "amber", "none", false));
        TaxiiClient sender = node.client("Bearer " + local.token("s-" + tag, partner, "partner"));
        String apartWord = "apart" + UUID.randomUUID().toString().replace("-", "");
        String theirs =
                indicator(apartId, "theirs", "their " + apartWord + " " + word, Tlp.GREEN)
                        .replace(
                                "2024-01-01T00:00:00.000Z\",\"name\"",
                                "2024-02-01T00:00:00.000Z\",\"name\"");
        TaxiiClient.Response posted = sender.post(node.objectsPath(a), Fixtures.envelope(theirs));
        assertThat(posted.status()).as(posted.text()).isEqualTo(202);
        assertThat(posted.json().path("success_count").asInt())
                .as("the partner's version is stored, kept apart: %s", posted.text())
                .isEqualTo(1);
        indexed(node);
        return new World(a, b, word, bWord, apartWord, apartId);
    }

    @EachDatabase
    void everyObjectListedOrFoundIsOneTaxiiGivesTheSamePrincipal(TestNode node) {
        World w = world(node);
        List<String> people =
                List.of(
                        person(node, Role.ANALYST, w.a()),
                        person(node, Role.LIAISON, w.a(), w.b()),
                        person(node, Role.AUDITOR),
                        person(node, Role.ADMIN));
        for (String name : people) {
            ConsoleClient browser = SignInTest.signedIn(node, name);
            TaxiiClient taxii = taxii(node, name);
            Set<String> expected = new HashSet<>();
            expected.addAll(taxiiIds(taxii, node, w.a()));
            expected.addAll(taxiiIds(taxii, node, w.b()));
            Set<String> listed = new HashSet<>();
            for (Collection c : List.of(w.a(), w.b())) {
                ConsoleClient.Page first = browser.get("/intelligence?collection=" + c.id());
                if (first.status() == 400) {
                    // a collection the person may not read is no choice for them
                    assertThat(taxiiIds(taxii, node, c)).as(name).isEmpty();
                    continue;
                }
                listed.addAll(shown(browser, "/intelligence?collection=" + c.id(), 20));
            }
            assertThat(listed).as("%s's lists", name).isEqualTo(expected);
            Set<String> found = shown(browser, "/intelligence?q=" + w.word(), 20);
            Set<String> mine = new HashSet<>();
            for (String s : found) {
                if (s.startsWith(w.a().id()) || s.startsWith(w.b().id())) {
                    mine.add(s);
                }
            }
            assertThat(mine).as("%s's search", name).isEqualTo(expected);
            // and over every collection: each object shown is one TAXII gives them
            for (String s : shown(browser, "/intelligence", 3)) {
                String collection = s.substring(0, 36);
                String id = s.substring(37);
                TaxiiClient.Response r =
                        taxii.get("/taxii2/api/collections/" + collection + "/objects/" + id + "/");
                assertThat(r.status()).as("%s sees %s on the list", name, s).isEqualTo(200);
            }
            if (name.equals(people.get(3))) {
                assertThat(expected).as("the admin reads both collections").hasSize(11);
            }
        }
    }

    /**
     * A word nearly every object holds and a word few hold are found alike, newest first, page
     * after page: on PostgreSQL the two go by different plans ({@link SearchDao#RARE}), and each
     * must give what the other would.
     */
    @EachDatabase
    void aCommonWordAndARareOneAreFoundAlikeNewestFirst(TestNode node) {
        Collection c = node.newCollection();
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String common = "harrier" + tag;
        String rare = "osprey" + tag;
        List<String> all = new ArrayList<>();
        List<String> few = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        int n = SearchDao.RARE + 40;
        for (int i = 0; i < n; i++) {
            String id = Fixtures.newId("indicator");
            boolean holdsRare = i % 100 == 7;
            all.add(0, c.id() + "/" + id);
            if (holdsRare) {
                few.add(0, c.id() + "/" + id);
            }
            batch.add(
                    indicator(
                            id,
                            common + " " + i + (holdsRare ? " " + rare : ""),
                            "a wave",
                            Tlp.GREEN));
            if (batch.size() == 500 || i == n - 1) {
                node.agency("local").post(c.id(), batch);
                batch = new ArrayList<>();
            }
        }
        indexed(node);
        ConsoleClient browser = SignInTest.signedIn(node, person(node, Role.ANALYST, c));

        assertThat(new ArrayList<>(shown(browser, "/intelligence?q=" + rare, 10)))
                .as("the rare word's hits, every page")
                .hasSize(few.size())
                .containsExactlyElementsOf(few);
        List<String> commonHits = new ArrayList<>(shown(browser, "/intelligence?q=" + common, 3));
        assertThat(commonHits.size())
                .as("three pages of the common word")
                .isGreaterThan(few.size());
        assertThat(commonHits).containsExactlyElementsOf(all.subList(0, commonHits.size()));
    }

    @EachDatabase
    void findsAnObjectByAWordOfItsNameOrOfItsDescription(TestNode node) {
        Collection c = node.newCollection();
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String id = Fixtures.newId("indicator");
        node.agency("local")
                .post(
                        c.id(),
                        List.of(
                                indicator(
                                        id,
                                        "Kestrel" + tag + " loader",
                                        "Phishing wave quokka" + tag + " against ministries.",
                                        Tlp.GREEN)));
        indexed(node);
        ConsoleClient browser = SignInTest.signedIn(node, person(node, Role.ANALYST, c));
        String link = c.id() + "/" + id;
        assertThat(links(results(browser.get("/intelligence?q=kestrel" + tag).body())))
                .containsExactly(link);
        assertThat(links(results(browser.get("/intelligence?q=QUOKKA" + tag).body())))
                .containsExactly(link);
        // a word is also the start of a longer one; every word must be there
        assertThat(
                        links(
                                results(
                                        browser.get(
                                                        "/intelligence?q="
                                                                + enc(
                                                                        "quokka"
                                                                                + tag.substring(
                                                                                        0, 6)
                                                                                + " wave"))
                                                .body())))
                .contains(link);
        assertThat(
                        links(
                                results(
                                        browser.get(
                                                        "/intelligence?q="
                                                                + enc(
                                                                        "quokka"
                                                                                + tag
                                                                                + " nowhere"
                                                                                + tag))
                                                .body())))
                .isEmpty();
        // with the other filters
        assertThat(
                        links(
                                results(
                                        browser.get(
                                                        "/intelligence?q=kestrel"
                                                                + tag
                                                                + "&tlp=GREEN&type=indicator&origin=ours")
                                                .body())))
                .containsExactly(link);
        assertThat(
                        links(
                                results(
                                        browser.get("/intelligence?q=kestrel" + tag + "&tlp=AMBER")
                                                .body())))
                .isEmpty();
        String ja = browser.get("/intelligence?lang=ja&q=kestrel" + tag).body();
        assertThat(ja).contains("<html lang=\"ja\"").contains("インテリジェンス").contains(link);
    }

    @EachDatabase
    void aSearchTellsNothingOfWithheldObjectsNotEvenHowMany(TestNode node) {
        World w = world(node);
        String analyst = person(node, Role.ANALYST, w.a());
        ConsoleClient browser = SignInTest.signedIn(node, analyst);
        String unknown = "zz" + UUID.randomUUID().toString().replace("-", "");
        String nothing =
                results(browser.get("/intelligence?q=" + unknown).body()).replace(unknown, "WORD");
        assertThat(nothing).contains("id=\"none\"");
        // the version a partner sent under our id is kept apart for it: found for nobody here
        String apart =
                results(browser.get("/intelligence?q=" + w.apartWord()).body())
                        .replace(w.apartWord(), "WORD");
        assertThat(apart).isEqualTo(nothing);
        // the analyst may not read the second collection: its objects are not even counted
        String b =
                results(browser.get("/intelligence?q=" + w.bWord()).body())
                        .replace(w.bWord(), "WORD");
        assertThat(b).isEqualTo(nothing);
        assertThat(links(results(browser.get("/intelligence?q=" + w.word()).body())))
                .isNotEmpty()
                .allMatch(s -> s.startsWith(w.a().id()));
        // a liaison who may read it finds them
        ConsoleClient liaison = SignInTest.signedIn(node, person(node, Role.LIAISON, w.a(), w.b()));
        assertThat(links(results(liaison.get("/intelligence?q=" + w.bWord()).body()))).hasSize(5);
        // the first collection's list shows our version of the shared id, never theirs
        String list = results(browser.get("/intelligence?collection=" + w.a().id()).body());
        assertThat(list).contains(">ours<").doesNotContain(">theirs<");
        String page = browser.get("/intelligence/" + w.a().id() + "/" + w.apartId()).body();
        assertThat(page).contains("our own").doesNotContain(w.apartWord());
    }

    @EachDatabase
    void anObjectOfAnotherCollectionOrUnreadableOrUnknownAnswersTheSame404(TestNode node) {
        World w = world(node);
        String analyst = person(node, Role.ANALYST, w.a());
        ConsoleClient browser = SignInTest.signedIn(node, analyst);
        Set<String> inB = taxiiIds(node.admin(), node, w.b());
        String bObject = inB.iterator().next().substring(37);
        List<String> paths =
                List.of(
                        "/intelligence/" + w.b().id() + "/" + bObject, // not readable
                        "/intelligence/" + w.a().id() + "/" + bObject, // of another collection
                        "/intelligence/"
                                + w.a().id()
                                + "/"
                                + Fixtures.newId("indicator"), // unknown
                        "/intelligence/" + UUID.randomUUID() + "/" + bObject, // no collection
                        "/intelligence/" + w.a().id() + "/not-an-id");
        String first = null;
        for (String p : paths) {
            ConsoleClient.Page page = browser.get(p);
            assertThat(page.status()).as(p).isEqualTo(404);
            String body = main(page.body());
            assertThat(body).contains("There is no such page.").doesNotContain(bObject);
            if (first == null) {
                first = body;
            }
            assertThat(body).as(p).isEqualTo(first);
        }
        // the admin reads it
        ConsoleClient admin = SignInTest.signedIn(node, person(node, Role.ADMIN));
        assertThat(admin.get("/intelligence/" + w.b().id() + "/" + bObject).status())
                .isEqualTo(200);
    }

    @EachDatabase
    void scriptInAnObjectsTextIsShownAsTextNeverRun(TestNode node) {
        Collection c = node.newCollection();
        String id = Fixtures.newId("indicator");
        String tag = "x" + UUID.randomUUID().toString().replace("-", "");
        node.agency("local")
                .post(
                        c.id(),
                        List.of(
                                indicator(
                                        id,
                                        "<script>alert('name')</script>" + tag,
                                        "<img src=x onerror=alert(1)> " + tag,
                                        Tlp.AMBER,
                                        "\"><script>alert(2)</script>")));
        indexed(node);
        ConsoleClient browser = SignInTest.signedIn(node, person(node, Role.ANALYST, c));
        for (String path :
                List.of(
                        "/intelligence?collection=" + c.id(),
                        "/intelligence?q=" + tag,
                        "/intelligence/" + c.id() + "/" + id,
                        "/intelligence?q=" + enc("<script>") + "&label=" + enc("\"><script>"))) {
            ConsoleClient.Page page = browser.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body())
                    .as(path)
                    .doesNotContain("<script>alert")
                    .doesNotContain("<img src=x")
                    .doesNotContain("\"><script>");
        }
        String object = browser.get("/intelligence/" + c.id() + "/" + id).body();
        assertThat(object)
                .contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(results(browser.get("/intelligence?q=" + tag).body())).contains(id);
    }

    @EachDatabase
    void badOrOverLongFiltersAreRefusedSayingWhichAndWhy(TestNode node) {
        ConsoleClient browser = SignInTest.signedIn(node, person(node, Role.ANALYST));
        record Bad(String query, String says) {}
        for (Bad bad :
                List.of(
                        new Bad("q=" + "a".repeat(201), "at most 200"),
                        new Bad("q=" + enc("a1 a2 a3 a4 a5 a6 a7 a8 a9"), "at most 8"),
                        new Bad("q=" + enc("!!! ???"), "no word"),
                        new Bad("tlp=PURPLE", "tlp: "),
                        new Bad("type=" + enc("Not A Type"), "type: "),
                        new Bad("label=" + "l".repeat(300), "label: 300 characters"),
                        new Bad("from=2026-13-01", "from: "),
                        new Bad("from=2026-02-01&to=2026-01-01", "after the last"),
                        new Bad("origin=nobody", "origin: "),
                        new Bad("after=" + enc("' OR 1=1 --"), "after: "),
                        new Bad("after=l5.1&q=word", "after: "),
                        new Bad("collection=" + UUID.randomUUID(), "collection: "))) {
            ConsoleClient.Page page = browser.get("/intelligence?" + bad.query());
            assertThat(page.status()).as(bad.query()).isEqualTo(400);
            assertThat(page.body())
                    .as(bad.query())
                    .contains(bad.says())
                    .doesNotContain("Exception");
        }
    }

    @EachDatabase
    void anObjectsPageShowsVersionsRelationsProvenanceLedgerAndWhoMayReceiveIt(TestNode node) {
        Collection c = node.newCollection();
        Agency local = node.agency("local");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String partner = "Partner " + tag;
        local.organisation("partner", partner, "SG");
        local.agreement(
                "green " + tag,
                partner,
                Agency.area("information-exchange", "share", "green", "none", false));
        String partnerToken = local.token("p-" + tag, partner, "partner");
        String green = Fixtures.newId("indicator");
        String amber = Fixtures.newId("indicator");
        String malware = Fixtures.newId("malware");
        String rel = Fixtures.newId("relationship");
        String hidden = Fixtures.newId("malware");
        String hiddenRel = Fixtures.newId("relationship");
        local.post(
                c.id(),
                List.of(
                        indicator(green, "green one", "first", Tlp.GREEN),
                        indicator(amber, "amber one", "second", Tlp.AMBER),
                        """
                        {"type":"malware","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",\
                        "modified":"2024-01-01T00:00:00.000Z","name":"Loader %s","is_family":true,\
                        "object_marking_refs":["%s"]}"""
                                .formatted(malware, tag, Tlp.GREEN.markingId()),
                        """
                        {"type":"relationship","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",\
                        "modified":"2024-01-01T00:00:00.000Z","relationship_type":"indicates",\
                        "source_ref":"%s","target_ref":"%s","object_marking_refs":["%s"]}"""
                                .formatted(rel, green, malware, Tlp.GREEN.markingId())));
        // a newer version of the green indicator
        local.post(
                c.id(),
                List.of(
                        indicator(green, "green one", "first, revised", Tlp.GREEN)
                                .replace(
                                        "\"modified\":\"2024-01-01T00:00:00.000Z\"",
                                        "\"modified\":\"2024-03-01T00:00:00.000Z\"")));
        // a relationship to a malware the analyst will not be able to read (another collection)
        Collection other = node.newCollection();
        local.post(
                other.id(),
                List.of(
                        """
                        {"type":"malware","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",\
                        "modified":"2024-01-01T00:00:00.000Z","name":"Hidden %s","is_family":true}"""
                                .formatted(hidden, tag)));
        local.post(
                c.id(),
                List.of(
                        """
                        {"type":"relationship","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",\
                        "modified":"2024-01-01T00:00:00.000Z","relationship_type":"related-to",\
                        "source_ref":"%s","target_ref":"%s"}"""
                                .formatted(hiddenRel, green, hidden)));
        // the partner reads the collection: the green objects go, and the ledger says so
        TaxiiClient.Response read =
                node.client("Bearer " + partnerToken).get(node.objectsPath(c) + "?limit=100");
        assertThat(read.status()).isEqualTo(200);
        indexed(node);

        ConsoleClient liaison = SignInTest.signedIn(node, person(node, Role.LIAISON, c));
        String page = liaison.get("/intelligence/" + c.id() + "/" + green).body();
        assertThat(DashboardTest.section(page, "versions"))
                .contains("2024-01-01T00:00:00.000Z")
                .contains("2024-03-01T00:00:00.000Z");
        assertThat(page).contains("first, revised").contains("TLP:GREEN");
        String related = DashboardTest.section(page, "related");
        assertThat(related).contains("indicates →").contains("Loader " + tag).contains(malware);
        assertThat(related).doesNotContain(hidden).doesNotContain("Hidden");
        assertThat(page).contains("Our own object");
        String reach = DashboardTest.section(page, "reach");
        assertThat(row(reach, partner)).contains("Shared").contains("green " + tag);
        String ledger = DashboardTest.section(page, "ledger");
        assertThat(row(ledger, partner)).contains("Disclosed").contains("2024-03-01T00:00:00.000Z");

        String amberPage = liaison.get("/intelligence/" + c.id() + "/" + amber).body();
        assertThat(row(DashboardTest.section(amberPage, "reach"), partner))
                .contains("Withheld")
                .contains("above this area&#39;s ceiling");
        assertThat(amberPage)
                .contains("The ledger records no disclosure or receipt of this object.");

        // the malware's page shows the relationship from the other side
        String malwarePage = liaison.get("/intelligence/" + c.id() + "/" + malware).body();
        assertThat(DashboardTest.section(malwarePage, "related"))
                .contains("← indicates")
                .contains(green);

        // an analyst reads the object but not the ledger
        ConsoleClient analyst = SignInTest.signedIn(node, person(node, Role.ANALYST, c));
        String analystPage = analyst.get("/intelligence/" + c.id() + "/" + green).body();
        assertThat(analystPage).contains("first, revised").doesNotContain("id=\"ledger\"");
    }

    @EachDatabase
    void anObjectAPartnerSentShowsItsReceiptInTheLedger(TestNode node) {
        Collection c = node.newCollection();
        Agency local = node.agency("local");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String partner = "Sender " + tag;
        local.organisation("partner", partner, "KR");
        local.agreement(
                "both " + tag,
                partner,
                Agency.area("information-exchange", "both", "green", "none", false));
        String partnerToken = local.token("s-" + tag, partner, "partner");
        String sent = Fixtures.newId("indicator");
        TaxiiClient.Response posted =
                node.client("Bearer " + partnerToken)
                        .post(
                                node.objectsPath(c),
                                Fixtures.envelope(
                                        indicator(sent, "sent " + tag, "theirs", Tlp.GREEN)));
        assertThat(posted.status()).as(posted.text()).isEqualTo(202);
        indexed(node);

        ConsoleClient liaison = SignInTest.signedIn(node, person(node, Role.LIAISON, c));
        String page = liaison.get("/intelligence/" + c.id() + "/" + sent).body();
        // the receipt is one entry listing the chunk's versions (docs/adr/0025); the page names
        // it as a receipt of this object's version
        assertThat(row(DashboardTest.section(page, "ledger"), partner))
                .contains("Received")
                .doesNotContain("Disclosed")
                .contains("2024-01-01T00:00:00.000Z");
    }

    /** The table row naming {@code who}. */
    static String row(String table, String who) {
        int at = table.indexOf(who);
        assertThat(at).as("a row naming %s in:\n%s", who, table).isNotNegative();
        int start = table.lastIndexOf("<tr", at);
        return table.substring(start, table.indexOf("</tr>", at));
    }
}
