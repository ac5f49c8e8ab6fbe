package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entente.server.agreement.Agreement;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.org.Organisation;
import org.entente.server.policy.DryRun;
import org.entente.server.policy.ReadScope;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.StoredObject;
import org.entente.server.store.VersionFilter;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/**
 * The partners and agreements pages over real HTTP on both databases (issue 11 item 5): a liaison
 * officer records an agreement through the form, reads its dry run, activates and amends it, and
 * the partner's TAXII read is what the dry run said; the roles, CSRF and bad input are refused as
 * the REST API refuses them.
 */
class AgreementPagesTest {
    private static final Pattern LOCATION_ID =
            Pattern.compile("^/console/agreements/([0-9a-f-]{36})\\?done=recorded$");

    /** A partner agency, a principal of it with a token, and a collection of this test's own. */
    private record World(
            TestNode node, String partnerId, String partnerToken, Collection collection) {
        TaxiiClient partner() {
            return node.client("Bearer " + partnerToken);
        }
    }

    private static World world(TestNode node) {
        Agency agency = node.agency("local");
        String partner = agency.organisation("partner", "CERT-" + UUID.randomUUID(), "JP");
        String token = agency.token("node-" + UUID.randomUUID(), partner, "partner");
        return new World(node, partner, token, node.newCollection());
    }

    private static String indicator(String id, Tlp tlp, int confidence) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",\
                "modified":"2024-01-01T00:00:00.000Z","name":"ind","pattern":"[ipv4-addr:value = '10.0.0.1']",\
                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","confidence":%d%s}"""
                .formatted(id, confidence, marking(tlp));
    }

    private static String malware(String id, Tlp tlp, int confidence) {
        return """
                {"type":"malware","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",\
                "modified":"2024-01-01T00:00:00.000Z","name":"mal","is_family":true,"confidence":%d%s}"""
                .formatted(id, confidence, marking(tlp));
    }

    private static String marking(Tlp tlp) {
        return tlp == null ? "" : ",\"object_marking_refs\":[\"" + tlp.markingId() + "\"]";
    }

    /**
     * Our objects of every kind of fate under "information exchange, share, up to AMBER, confidence
     * at least 50"; returns the ids that may go, and posts the others too.
     */
    private static Set<String> stock(World w) {
        Map<String, String> goes = new LinkedHashMap<>();
        Map<String, String> stays = new LinkedHashMap<>();
        for (Tlp t : List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER)) {
            String id = Fixtures.newId("indicator");
            goes.put(id, indicator(id, t, 80));
        }
        String m = Fixtures.newId("malware");
        goes.put(m, malware(m, Tlp.GREEN, 90));
        String low = Fixtures.newId("indicator");
        stays.put(low, indicator(low, Tlp.AMBER, 20)); // below the minimum confidence
        String strict = Fixtures.newId("indicator");
        stays.put(strict, indicator(strict, Tlp.AMBER_STRICT, 80)); // above the ceiling
        String unmarked = Fixtures.newId("indicator");
        stays.put(unmarked, indicator(unmarked, null, 80)); // the collection's AMBER+STRICT
        String red = Fixtures.newId("indicator");
        stays.put(red, indicator(red, Tlp.RED, 80)); // never
        List<String> all = new java.util.ArrayList<>(goes.values());
        all.addAll(stays.values());
        JsonNode status = w.node().agency("local").post(w.collection().id(), all);
        assertThat(status.get("success_count").intValue()).isEqualTo(8);
        return goes.keySet();
    }

    /** The ids a TAXII client reads from the collection (latest versions, the default). */
    private static Set<String> read(World w) {
        TaxiiClient.Response r =
                w.partner().get(w.node().objectsPath(w.collection()) + "?limit=1000");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return new HashSet<>(Fixtures.ids(r));
    }

    /** The form's fields for an agreement with the partner, sharing information up to AMBER. */
    private static Map<String, String> form(String title, String party, String ceiling) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("kind", "moc");
        f.put("title", title);
        f.put("signedOn", "2019-12-01");
        f.put("effectiveFrom", "2020-01-01");
        f.put("expiresAt", "2099-01-01");
        f.put("parties", party);
        f.put("area.information-exchange.on", "on");
        f.put("area.information-exchange.direction", "share");
        f.put("area.information-exchange.ceiling", ceiling);
        f.put("area.information-exchange.onward", "none");
        f.put("area.information-exchange.minConfidence", "50");
        return f;
    }

    /** The dry run's figures for one party and collection, from the page's data attributes. */
    private static Map<String, Long> dryRunRow(String page, String party, String collection) {
        int from = page.indexOf("data-party=\"" + party + "\"");
        assertThat(from).as("a dry run for party %s", party).isNotNegative();
        int row = page.indexOf("data-collection=\"" + collection + "\"", from);
        assertThat(row).as("a dry-run row for collection %s", collection).isNotNegative();
        String tag = page.substring(row, page.indexOf('>', row));
        Map<String, Long> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("data-(would|withheld|today)=\"(\\d+)\"").matcher(tag);
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    private static String record(ConsoleClient browser, Map<String, String> fields) {
        ConsoleClient.Page done =
                browser.submit("/console/agreements/new", "/console/agreements", fields);
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        Matcher m = LOCATION_ID.matcher(done.location());
        assertThat(m.matches()).as(done.location()).isTrue();
        return m.group(1);
    }

    private static Optional<Agreement> titled(TestNode node, String title) {
        return node.node().agreementUseCases().list().stream()
                .filter(a -> a.title().equals(title))
                .findFirst();
    }

    @EachDatabase
    void aLiaisonRecordsAnAgreementSeesItsDryRunAndThePartnerThenReadsExactlyThat(TestNode node) {
        World w = world(node);
        Set<String> goes = stock(w);
        ConsoleClient liaison = SignInTest.signedIn(node, SignInTest.person(node, Role.LIAISON));
        String title = "MOC " + UUID.randomUUID();
        String id = record(liaison, form(title, w.partnerId(), "amber"));

        // before activation the partner reads nothing of the collection
        int before = w.partner().get(node.objectsPath(w.collection())).status();
        assertThat(before).isIn(403, 404);

        String page = liaison.get("/console/agreements/" + id).body();
        assertThat(page).contains("id=\"dry-run\"").contains("data-status=\"DRAFT\"");
        assertThat(dryRunRow(page, w.partnerId(), w.collection().id()))
                .containsEntry("would", 4L)
                .containsEntry("withheld", 4L)
                .containsEntry("today", 0L);
        String text = HtmlUtils.htmlUnescape(page);
        assertThat(text)
                .contains("confidence 20 is below the minimum 50")
                .contains(
                        "TLP:AMBER+STRICT (the collection's default) is above this area's ceiling"
                                + " TLP:AMBER")
                .contains("TLP:RED is for named people only");

        // the REST API gives the same dry run, to the same roles
        JsonNode rest =
                node.agency("local").api("GET", "/api/v1/agreements/" + id + "/dry-run", null);
        JsonNode party = rest.get("parties").get(0);
        assertThat(party.get("organisation_id").stringValue()).isEqualTo(w.partnerId());
        Matcher total =
                Pattern.compile("data-would=\"(\\d+)\"")
                        .matcher(page.substring(page.indexOf("data-party=\"" + w.partnerId())));
        assertThat(total.find()).isTrue();
        assertThat(party.get("total").get("would_receive").longValue())
                .isEqualTo(Long.parseLong(total.group(1)))
                .isGreaterThanOrEqualTo(4);

        // the dry run's scope is the one the partner reads through once the agreement is in force
        Agreement draft = node.node().agreementUseCases().require(id);
        Organisation partner = node.node().organisations().byId(w.partnerId()).orElseThrow();
        ReadScope scope = node.node().part(DryRun.class).scopeAsIf(draft, partner, w.collection());
        Set<String> wouldRead = new HashSet<>();
        for (StoredObject o :
                node.node()
                        .objects()
                        .manifest(
                                new ObjectQuery(
                                        w.collection().id(),
                                        OptionalLong.empty(),
                                        OptionalLong.empty(),
                                        1000,
                                        Set.of(),
                                        Set.of(),
                                        VersionFilter.LAST,
                                        Set.of(),
                                        Optional.empty()),
                                scope.visibility())
                        .items()) {
            wouldRead.add(o.id());
        }
        assertThat(wouldRead).isEqualTo(goes);

        ConsoleClient.Page activated =
                liaison.submit(
                        "/console/agreements/" + id,
                        "/console/agreements/" + id + "/activate",
                        Map.of("note", "signed in Singapore"));
        assertThat(activated.status()).isEqualTo(302);
        assertThat(activated.location()).isEqualTo("/console/agreements/" + id + "?done=activate");
        assertThat(read(w)).isEqualTo(goes).hasSize(4);

        String after = liaison.get("/console/agreements/" + id + "?done=activate").body();
        assertThat(after)
                .contains("data-status=\"ACTIVE\"")
                .contains("signed in Singapore")
                .doesNotContain("id=\"dry-run\"");

        // an amendment's dry run first: nothing is stored, and the gain is counted
        Map<String, String> wider = form(title, w.partnerId(), "amber+strict");
        wider.put("intent", "preview");
        ConsoleClient.Page preview =
                liaison.submit(
                        "/console/agreements/" + id + "/amend",
                        "/console/agreements/" + id + "/amend",
                        wider);
        assertThat(preview.status()).isEqualTo(200);
        assertThat(dryRunRow(preview.body(), w.partnerId(), w.collection().id()))
                .containsEntry("would", 6L)
                .containsEntry("withheld", 2L)
                .containsEntry("today", 4L);
        assertThat(node.node().agreementUseCases().require(id).areas().values())
                .allMatch(r -> r.tlpCeiling() == Tlp.AMBER);
        assertThat(read(w)).hasSize(4);

        wider.put("intent", "amend");
        ConsoleClient.Page amended =
                liaison.submit(
                        "/console/agreements/" + id + "/amend",
                        "/console/agreements/" + id + "/amend",
                        wider);
        assertThat(amended.status()).isEqualTo(302);
        assertThat(read(w)).hasSize(6).containsAll(goes);
        assertThat(titled(node, title)).isPresent();
    }

    @EachDatabase
    void anAnalystSeesNoFormsAndAForgedPostOfTheirsIsRefused(TestNode node) {
        World w = world(node);
        String draft =
                node.agency("local")
                        .api(
                                "POST",
                                "/api/v1/agreements",
                                "{\"kind\":\"moc\",\"title\":\"Draft "
                                        + UUID.randomUUID()
                                        + "\",\"effective_from\":\"2020-01-01\",\"parties\":[\""
                                        + w.partnerId()
                                        + "\"],\"areas\":["
                                        + Agency.area(
                                                "information-exchange",
                                                "share",
                                                "amber",
                                                "none",
                                                false)
                                        + "]}")
                        .get("id")
                        .stringValue();
        ConsoleClient analyst = SignInTest.signedIn(node, SignInTest.person(node, Role.ANALYST));
        ConsoleClient.Page list = analyst.get("/console/agreements");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(draft).doesNotContain("id=\"new-agreement\"");
        String page = analyst.get("/console/agreements/" + draft).body();
        assertThat(page)
                .contains("data-status=\"DRAFT\"")
                .doesNotContain("id=\"actions\"")
                .doesNotContain("id=\"dry-run\"");
        assertThat(analyst.get("/console/agreements/new").status()).isEqualTo(403);
        assertThat(analyst.get("/console/agreements/" + draft + "/amend").status()).isEqualTo(403);

        // the session's own token does not make the analyst a liaison officer
        String title = "Forged " + UUID.randomUUID();
        Map<String, String> forged = new LinkedHashMap<>(form(title, w.partnerId(), "amber"));
        forged.put("_csrf", analyst.get("/console/agreements").csrf());
        assertThat(analyst.post("/console/agreements", forged).status()).isEqualTo(403);
        assertThat(titled(node, title)).isEmpty();
        ConsoleClient.Page activate =
                analyst.post(
                        "/console/agreements/" + draft + "/activate",
                        Map.of("_csrf", analyst.get("/console/agreements").csrf()));
        assertThat(activate.status()).isEqualTo(403);
        assertThat(node.node().agreementUseCases().require(draft).status().key())
                .isEqualTo("draft");
        assertThat(
                        analyst.post(
                                        "/console/partners",
                                        Map.of(
                                                "_csrf",
                                                analyst.get("/console/partners").csrf(),
                                                "kind",
                                                "partner",
                                                "name",
                                                "Forged org " + title))
                                .status())
                .isEqualTo(403);
        assertThat(node.node().organisations().list())
                .noneMatch(o -> o.name().equals("Forged org " + title));
    }

    @EachDatabase
    void aFormWithoutTheSessionsTokenIsRefusedAndNothingStored(TestNode node) {
        World w = world(node);
        ConsoleClient liaison = SignInTest.signedIn(node, SignInTest.person(node, Role.LIAISON));
        String title = "No token " + UUID.randomUUID();
        Map<String, String> fields = form(title, w.partnerId(), "amber");
        assertThat(liaison.post("/console/agreements", fields).status()).isEqualTo(403);
        Map<String, String> wrong = new LinkedHashMap<>(fields);
        wrong.put("_csrf", UUID.randomUUID().toString());
        assertThat(liaison.post("/console/agreements", wrong).status()).isEqualTo(403);
        assertThat(titled(node, title)).isEmpty();
    }

    @EachDatabase
    void badInputComesBackAtItsFieldAndNothingIsStored(TestNode node) {
        World w = world(node);
        ConsoleClient liaison = SignInTest.signedIn(node, SignInTest.person(node, Role.LIAISON));
        String title = "Bad " + UUID.randomUUID();

        Map<String, String> noTitle = form("  ", w.partnerId(), "amber");
        assertField(liaison, noTitle, "title", "This field is required.");

        Map<String, String> long_ = form(title + "x".repeat(300), w.partnerId(), "amber");
        assertField(liaison, long_, "title", "At most 300 characters");

        Map<String, String> expiry = form(title, w.partnerId(), "amber");
        expiry.put("expiresAt", "2019-06-01");
        assertField(
                liaison,
                expiry,
                "expiresAt",
                "The expiry must come after the day the agreement takes effect.");

        Map<String, String> unknown = form(title, UUID.randomUUID().toString(), "amber");
        assertField(liaison, unknown, "parties", "is not a partner or constituent recorded");

        Map<String, String> noParty = form(title, "", "amber");
        assertField(liaison, noParty, "parties", "Choose at least one party.");

        Map<String, String> confidence = form(title, w.partnerId(), "amber");
        confidence.put("area.information-exchange.minConfidence", "101");
        assertField(
                liaison,
                confidence,
                "area.information-exchange.minConfidence",
                "Give a whole number from 0 to 100.");

        Map<String, String> red = form(title, w.partnerId(), "red");
        assertField(liaison, red, "area.information-exchange.ceiling", "TLP:RED never flows");

        // a rule the use case holds (a subscription is for a constituent): above the form
        Map<String, String> subscription = form(title, w.partnerId(), "amber");
        subscription.put("kind", "subscription");
        ConsoleClient.Page refused =
                liaison.submit("/console/agreements/new", "/console/agreements", subscription);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(HtmlUtils.htmlUnescape(refused.body()))
                .contains("id=\"form-error\"")
                .contains("a subscription is for one constituent");
        assertThat(node.node().agreementUseCases().list())
                .noneMatch(a -> a.title().startsWith(title) || a.title().isBlank());
    }

    private static void assertField(
            ConsoleClient browser, Map<String, String> fields, String field, String message) {
        ConsoleClient.Page page =
                browser.submit("/console/agreements/new", "/console/agreements", fields);
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        String body = HtmlUtils.htmlUnescape(page.body());
        int at = body.indexOf("id=\"err-" + field + "\"");
        assertThat(at).as("a message at field %s", field).isNotNegative();
        assertThat(body.substring(at, body.indexOf("</p>", at))).contains(message);
        // what was typed comes back (the title, escaped)
        assertThat(page.body()).contains("id=\"agreement-form\"");
    }

    /**
     * A form opened in a session that then ended (idle past its timeout) and sent afterwards is
     * refused with a message that says so; nothing is recorded, and the next page asks to sign in.
     */
    @EachDatabase
    void aFormSentAfterTheSessionEndedIsRefusedAndStoresNothing(TestNode node) {
        World w = world(node);
        String name = SignInTest.person(node, Role.LIAISON);
        ConsoleClient liaison = SignInTest.signedIn(node, name);
        ConsoleClient.Page opened = liaison.get("/console/agreements/new");
        assertThat(opened.status()).isEqualTo(200);
        // the person's session last used at the epoch: idle past its timeout
        int ended =
                node.node()
                        .database()
                        .jdbc()
                        .sql(
                                "UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = 0, EXPIRY_TIME = 0"
                                        + " WHERE PRINCIPAL_NAME = :name")
                        .param("name", name)
                        .update();
        assertThat(ended).isEqualTo(1);
        String title = "MOC " + UUID.randomUUID();
        Map<String, String> fields = new LinkedHashMap<>(form(title, w.partnerId(), "amber"));
        fields.put("_csrf", opened.csrf());
        ConsoleClient.Page sent = liaison.post("/console/agreements", fields);
        assertThat(sent.status()).as(sent.body()).isEqualTo(403);
        assertThat(sent.body()).contains("Form refused").contains("the session has ended");
        assertThat(titled(node, title)).isEmpty();
        assertThat(liaison.get("/console/agreements").location()).isEqualTo("/login");
    }

    @EachDatabase
    void scriptInTheTitleIsShownAsTextNeverRun(TestNode node) {
        World w = world(node);
        ConsoleClient liaison = SignInTest.signedIn(node, SignInTest.person(node, Role.LIAISON));
        String title = "<script>alert('moc')</script> " + UUID.randomUUID();
        String id = record(liaison, form(title, w.partnerId(), "amber"));
        for (String path :
                List.of("/console/agreements", "/console/agreements/" + id, "/console/partners")) {
            String page = liaison.get(path).body();
            assertThat(page)
                    .as(path)
                    .doesNotContain("<script>alert")
                    .contains("&lt;script&gt;alert(&#39;moc&#39;)&lt;/script&gt;");
        }
    }

    @EachDatabase
    void theRestApiRefusesAnOverLongTitleAsTheFormDoes(TestNode node) {
        World w = world(node);
        String title = "Long " + UUID.randomUUID() + "y".repeat(300);
        Agency.Answer a =
                node.agency("local")
                        .call(
                                "POST",
                                "/api/v1/agreements",
                                "{\"kind\":\"moc\",\"title\":\""
                                        + title
                                        + "\",\"effective_from\":\"2020-01-01\",\"parties\":[\""
                                        + w.partnerId()
                                        + "\"]}",
                                "application/json");
        assertThat(a.status()).as(a.body()).isEqualTo(400);
        assertThat(a.body()).contains("title must be at most 300 characters");
        assertThat(titled(node, title)).isEmpty();
    }

    @EachDatabase
    void partnersAreListedWithTheirAgreementsAndRecordedThroughTheForm(TestNode node) {
        ConsoleClient liaison = SignInTest.signedIn(node, SignInTest.person(node, Role.LIAISON));
        String name = "NISC " + UUID.randomUUID();
        ConsoleClient.Page done =
                liaison.submit(
                        "/console/partners",
                        "/console/partners",
                        Map.of("kind", "partner", "name", name, "country", "jp"));
        assertThat(done.status()).isEqualTo(302);
        Organisation org =
                node.node().organisations().list().stream()
                        .filter(o -> o.name().equals(name))
                        .findFirst()
                        .orElseThrow();
        assertThat(org.country()).contains("JP");
        String title = "MOC " + UUID.randomUUID();
        record(liaison, form(title, org.id(), "green"));
        String page = liaison.get("/console/partners?lang=ja").body();
        int row = page.indexOf("data-org=\"" + org.id() + "\"");
        assertThat(row).isNotNegative();
        assertThat(page.substring(row, page.indexOf("</tr>", row)))
                .contains(name)
                .contains(title)
                .contains("草案");
        assertThat(page).contains("パートナーと国内組織");

        ConsoleClient.Page bad =
                liaison.submit(
                        "/console/partners",
                        "/console/partners",
                        Map.of("kind", "partner", "name", name, "country", "JP"));
        assertThat(bad.status()).isEqualTo(409);
        assertThat(bad.body()).contains("id=\"form-error\"");
    }
}
