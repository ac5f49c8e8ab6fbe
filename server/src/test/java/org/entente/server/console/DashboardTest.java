package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.federation.PeerEvent;
import org.entente.server.federation.PeerEventDao;
import org.entente.server.ledger.Ledger;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard over real HTTP: real agreements and partners, in the person's language and zone.
 */
class DashboardTest {
    /**
     * Records a partner and an agreement with it that expires in 30 days at 23:30 UTC (already the
     * next day in Tokyo); returns the expiry's date in UTC.
     */
    private static LocalDate agreementExpiringSoon(TestNode node, String partner, String title) {
        Agency agency = node.agency("local");
        agency.organisation("partner", partner, "JP");
        LocalDate day = node.clock().instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(30);
        agency.api(
                "POST",
                "/api/v1/agreements",
                "{\"kind\":\"moc\",\"title\":\""
                        + title
                        + "\",\"effective_from\":\"2020-01-01\",\"expires_at\":\""
                        + day
                        + "T23:30:00Z\",\"parties\":[\""
                        + partner
                        + "\"],\"areas\":["
                        + Agency.area("information-exchange", "both", "amber", "none", false)
                        + "],\"activate\":true}");
        return day;
    }

    @EachDatabase
    void showsAgreementsInForceExpiringAndPartnersFromTheNodesRecords(TestNode node) {
        String partner = "CERT-" + UUID.randomUUID();
        String title = "MOC " + UUID.randomUUID();
        LocalDate expires = agreementExpiringSoon(node, partner, title);
        ConsoleClient browser = SignInTest.signedIn(node, SignInTest.person(node, Role.LIAISON));
        String page = browser.get("/").body();
        String date =
                DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                        .withLocale(Locale.ENGLISH)
                        .format(expires);
        assertThat(section(page, "expiring")).contains(title).contains(partner).contains(date);
        assertThat(section(page, "in-force")).contains(title);
        assertThat(section(page, "partners")).contains(partner);
        assertThat(page).contains("Times are shown in UTC.");
    }

    @EachDatabase
    void showsDatesInTheBrowsersTimeZoneAndJapanese(TestNode node) {
        String partner = "NISC-" + UUID.randomUUID();
        String title = "MOC " + UUID.randomUUID();
        LocalDate expires = agreementExpiringSoon(node, partner, title);
        ConsoleClient browser = SignInTest.signedIn(node, SignInTest.person(node, Role.ANALYST));
        HttpCookie zone = new HttpCookie("entente_tz", "Asia%2FTokyo");
        browser.addCookie(zone);
        String page = browser.get("/?lang=ja").body();
        String tokyo =
                DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                        .withLocale(Locale.JAPANESE)
                        .format(expires.plusDays(1));
        assertThat(page).contains("<html lang=\"ja\"").contains("ダッシュボード").contains("有効な協定");
        assertThat(section(page, "expiring")).contains(title).contains(tokyo);
        assertThat(page).contains("時刻は Asia/Tokyo で表示しています。");
    }

    @EachDatabase
    void scriptInRecordedNamesIsShownAsTextNeverRun(TestNode node) {
        String partner = "<script>alert('partner')</script>" + UUID.randomUUID();
        String title = "<img src=x onerror=alert(1)> " + UUID.randomUUID();
        agreementExpiringSoon(node, partner, title);
        ConsoleClient browser = SignInTest.signedIn(node, SignInTest.person(node, Role.AUDITOR));
        String page = browser.get("/").body();
        assertThat(page).doesNotContain("<script>alert").doesNotContain("<img src=x");
        assertThat(page)
                .contains("&lt;script&gt;alert(&#39;partner&#39;)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    /** A partner agency and its TAXII client. */
    private record Reader(String name, TaxiiClient taxii) {}

    /** A new partner under an agreement in force (both ways, up to AMBER), and its client. */
    private static Reader partnerReading(TestNode node) {
        Agency agency = node.agency("local");
        String partner = "CERT-" + UUID.randomUUID();
        agency.organisation("partner", partner, "JP");
        agency.agreement(
                "MOC " + UUID.randomUUID(),
                partner,
                Agency.area("information-exchange", "both", "amber", "none", false));
        String token = agency.token("node-" + UUID.randomUUID(), partner, "partner");
        return new Reader(partner, node.client("Bearer " + token));
    }

    /**
     * What went to a partner and came from it shows on the ledger readers' dashboard, counted as
     * the ledger's report counts it; an analyst, who may not read the ledger, sees no such section.
     */
    @EachDatabase
    void ledgerReadersSeeWhatFlowedEachWayPerPartnerAndArea(TestNode node) {
        Agency agency = node.agency("local");
        Reader p = partnerReading(node);
        String partner = p.name();
        Collection c = node.newCollection();
        String ours = Fixtures.newId("indicator");
        agency.post(c.id(), List.of(green(Fixtures.indicator(ours, "2024-02-01T00:00:00.000Z"))));
        TaxiiClient theirs = p.taxii();
        TaxiiClient.Response read = theirs.get(node.objectsPath(c));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text()).contains(ours);
        TaxiiClient.Response sent =
                theirs.post(
                        node.objectsPath(c),
                        Fixtures.envelope(
                                green(
                                        Fixtures.indicator(
                                                Fixtures.newId("indicator"),
                                                "2024-02-01T00:00:00.000Z"))));
        assertThat(sent.status()).isEqualTo(202);

        ConsoleClient liaison = SignInTest.signedIn(node, SignInTest.person(node, Role.LIAISON));
        String partnerRow = awaitFlow(liaison, partner, "sent-short", 1);
        assertThat(partnerRow)
                .contains("data-area=\"information-exchange\"")
                .contains("<td class=\"sent-short\">1</td>")
                .contains("<td class=\"received-short\">1</td>")
                .contains("<td class=\"sent-long\">1</td>")
                .contains("<td class=\"received-long\">1</td>");

        ConsoleClient analyst = SignInTest.signedIn(node, SignInTest.person(node, Role.ANALYST));
        String page = analyst.get("/").body();
        assertThat(page).doesNotContain("id=\"flows\"").doesNotContain("What flowed");
    }

    /**
     * The flows are counted off the view's thread (every listing of 90 days is read) and kept: a
     * view after the partner was given more shows the kept figure, labelled with its time, and
     * starts a count; a later view shows the new figure.
     */
    @EachDatabase
    void flowsAreCountedInTheBackgroundAndKeptWithTheirTime(TestNode node) {
        Agency agency = node.agency("local");
        Reader p = partnerReading(node);
        String partner = p.name();
        TaxiiClient theirs = p.taxii();
        Collection c = node.newCollection();
        Runnable oneMoreRead =
                () -> {
                    String object =
                            Fixtures.indicator(
                                    Fixtures.newId("indicator"), "2024-02-01T00:00:00.000Z");
                    agency.post(c.id(), List.of(green(object)));
                    assertThat(theirs.get(node.objectsPath(c)).status()).isEqualTo(200);
                };
        oneMoreRead.run();
        ConsoleClient liaison = SignInTest.signedIn(node, SignInTest.person(node, Role.LIAISON));
        awaitFlow(liaison, partner, "sent-short", 1);

        oneMoreRead.run();
        String kept = liaison.get("/").body();
        assertThat(IntelligenceTest.row(section(kept, "flows"), "data-organisation=\"" + partner))
                .as("the kept figure, not one counted on the view's thread")
                .contains("<td class=\"sent-short\">1</td>");
        assertThat(kept).contains("id=\"flows-age\"");
        awaitFlow(liaison, partner, "sent-short", 2);
    }

    /** Views the dashboard until the partner's flow row shows {@code count} in that column. */
    private static String awaitFlow(
            ConsoleClient person, String partner, String column, long count) {
        AtomicReference<String> row = new AtomicReference<>("");
        Agency.await(
                Duration.ofSeconds(60),
                "the dashboard's flows to count " + count + " " + column + " for " + partner,
                () -> {
                    String page = person.get("/").body();
                    int table = page.indexOf("id=\"flows\"");
                    if (table < 0) {
                        return false;
                    }
                    String flows = section(page, "flows");
                    int at = flows.indexOf("data-organisation=\"" + partner + "\"");
                    row.set(at < 0 ? "" : flows.substring(at, flows.indexOf("</tr>", at)));
                    return row.get().contains("<td class=\"" + column + "\">" + count + "</td>");
                });
        return row.get();
    }

    /** A partner in force, named with markup, and a peer of it nobody answers at. */
    private record Peered(String partner, String agreement, String peerId, String peerName) {}

    private static Peered peered(TestNode node) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Agency local = node.agency("local");
        String partner = "<script>alert('p')</script> CERT " + tag;
        String partnerId = local.organisation("partner", partner, "JP");
        String agreement =
                local.agreement(
                        "MOC " + tag,
                        partnerId,
                        Agency.area("information-exchange", "both", "amber", "none", false));
        String token = local.token("peer-" + tag, partnerId, "partner");
        // a peer's name is lower-case letters, digits and '.', '_', '-': its organisation's is free
        String peerName = "peer-" + tag;
        String peerId = local.deadPeer(peerName, partnerId, token, true);
        return new Peered(partner, agreement, peerId, peerName);
    }

    /** A token of a new person of the local agency with one role, for the REST API. */
    private static TaxiiClient api(TestNode node, String role) {
        Agency local = node.agency("local");
        String id =
                local.api(
                                "POST",
                                "/api/v1/principals",
                                "{\"name\":\"api-"
                                        + UUID.randomUUID()
                                        + "\",\"roles\":[\""
                                        + role
                                        + "\"]}")
                        .get("id")
                        .stringValue();
        String token =
                local.api("POST", "/api/v1/principals/" + id + "/tokens", "{}")
                        .get("token")
                        .stringValue();
        return node.client("Bearer " + token);
    }

    private static int status(TaxiiClient client, String path) {
        return client.exchange("GET", path, null, "application/json").status();
    }

    /**
     * Peers and refusals show to those the REST API lets read peers' health, the ledger to those
     * its pages let in, what is withheld to those who may ask a dry run; an analyst, refused all
     * three, sees none of them.
     */
    @EachDatabase
    void eachSectionShowsOnlyToTheRolesTheApiLetsSeeIt(TestNode node) {
        Peered p = peered(node);
        // disabled, so that the scheduler's runs of it do not move its state under the test
        node.agency("local").api("POST", "/api/v1/peers/" + p.peerId() + "/disable", null);
        assertThat(node.agency("local").health(p.peerId()).get("state").stringValue())
                .isEqualTo("disabled");
        String health = "/api/v1/federation/health";
        String dryRun = "/api/v1/agreements/" + p.agreement() + "/dry-run";
        for (Role role : List.of(Role.ADMIN, Role.LIAISON, Role.AUDITOR, Role.ANALYST)) {
            String name = role.name().toLowerCase(Locale.ROOT);
            TaxiiClient rest = api(node, name);
            boolean peers = status(rest, health) == 200;
            boolean withheld = status(rest, dryRun) == 200;
            ConsoleClient person = SignInTest.signedIn(node, SignInTest.person(node, role));
            String page = person.get("/").body();
            assertThat(page.contains("id=\"dashboard-peers\""))
                    .as(name + " peers")
                    .isEqualTo(peers);
            assertThat(page.contains("id=\"refused-count\""))
                    .as(name + " refused")
                    .isEqualTo(peers);
            assertThat(page.contains("Withheld from partners now"))
                    .as(name + " withheld")
                    .isEqualTo(withheld);
            // the ledger has no REST API: its pages decide who reads it
            boolean ledger = person.get("/console/ledger").status() == 200;
            assertThat(ledger).as(name + " reads the ledger").isEqualTo(role != Role.ANALYST);
            assertThat(page.contains("id=\"dashboard-ledger\""))
                    .as(name + " ledger")
                    .isEqualTo(ledger);
            if (peers) {
                String row = IntelligenceTest.row(section(page, "dashboard-peers"), p.peerId());
                assertThat(row)
                        .contains("data-state=\"disabled\"")
                        .contains("<td>Disabled</td>")
                        .contains(p.peerName())
                        .contains(HtmlUtils.htmlEscape(p.partner()))
                        .doesNotContain(p.partner())
                        .contains("href=\"/console/peers\"");
            }
        }
        assertThat(status(api(node, "admin"), health)).isEqualTo(200);
        assertThat(status(api(node, "auditor"), dryRun)).isEqualTo(403);
        assertThat(status(api(node, "analyst"), health)).isEqualTo(403);
    }

    /**
     * Refusals each way in the last 30 days, counted per peer from the events the node recorded,
     * grouped by their reason with the object named left out, the five most frequent shown; a
     * reason's markup is shown as text.
     */
    @EachDatabase
    void refusalsAreCountedPerPeerWithTheirMostFrequentReasonsAsText(TestNode node) {
        Peered p = peered(node);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Instant now = node.clock().instant();
        long at = now.getEpochSecond() * 1_000_000L;
        long old = now.minus(Duration.ofDays(40)).getEpochSecond() * 1_000_000L;
        String script = "<script>alert('why')</script> bad pattern " + tag;
        List<PeerEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = Fixtures.newId("indicator");
            events.add(
                    event(
                            p.peerId(),
                            at,
                            PeerEvent.Kind.REFUSED,
                            id,
                            "refused " + id + ": " + script));
        }
        for (int i = 1; i <= 5; i++) {
            String id = Fixtures.newId("indicator");
            events.add(
                    event(
                            p.peerId(),
                            at,
                            PeerEvent.Kind.REFUSED,
                            id,
                            "refused " + id + ": minor " + i));
        }
        String gone = Fixtures.newId("indicator");
        events.add(
                event(
                        p.peerId(),
                        old,
                        PeerEvent.Kind.REFUSED,
                        gone,
                        "refused " + gone + ": old " + tag));
        for (int i = 0; i < 2; i++) {
            String id = Fixtures.newId("report");
            events.add(
                    event(
                            p.peerId(),
                            at,
                            PeerEvent.Kind.REJECTED,
                            id,
                            "the peer refused "
                                    + id
                                    + ": "
                                    + id
                                    + " is not shared with us "
                                    + tag));
        }
        new PeerEventDao(node.node().database()).record(events);

        ConsoleClient liaison = SignInTest.signedIn(node, SignInTest.person(node, Role.LIAISON));
        String page = liaison.get("/").body();
        assertThat(page).doesNotContain("<script>alert('why')");
        String row =
                IntelligenceTest.row(section(page, "refusals"), "data-peer=\"" + p.peerId() + "\"");
        String refused =
                row.substring(row.indexOf("class=\"refused\""), row.indexOf("class=\"rejected\""));
        String rejected = row.substring(row.indexOf("class=\"rejected\""));
        assertThat(refused)
                .startsWith("class=\"refused\"><strong>8</strong>")
                .contains("<span class=\"count\">3</span>")
                .contains(HtmlUtils.htmlEscape(script))
                .contains("minor 1")
                .contains("minor 4")
                .doesNotContain("minor 5")
                .doesNotContain("old " + tag);
        assertThat(refused.split("<li>", -1)).hasSize(6);
        assertThat(refused.indexOf(HtmlUtils.htmlEscape(script)))
                .isLessThan(refused.indexOf("minor 1"));
        assertThat(rejected)
                .startsWith("class=\"rejected\"><strong>2</strong>")
                .contains("<span class=\"count\">2</span>")
                .contains("&lt;id&gt; is not shared with us " + tag);
        assertThat(Long.parseLong(figure(page, "refused-count"))).isGreaterThanOrEqualTo(8);
        assertThat(Long.parseLong(figure(page, "rejected-count"))).isGreaterThanOrEqualTo(2);
    }

    /** An indicator with no pattern: the validator refuses it. */
    private static String withoutPattern(String id) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}"""
                .formatted(id);
    }

    /**
     * What a partner posts to our TAXII server and we refuse is counted per organisation with its
     * most frequent reasons, for the readers of the peers' health and through the same REST API;
     * what our own people post and what a pull from a peer brings (the peer's events count those)
     * are not; a refusal older than 30 days is left out; markup in a reason or a name is text.
     */
    @EachDatabase
    void objectsOtherOrganisationsPostThatWeRefuseAreCountedPerOrganisation(TestNode node) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Agency local = node.agency("local");
        String partner = "<b>CERT</b> " + tag;
        String partnerId = local.organisation("partner", partner, "JP");
        local.agreement(
                "MOC " + tag,
                partnerId,
                Agency.area("information-exchange", "both", "amber", "none", false));
        String principal = "writer-" + tag;
        String token = local.token(principal, partnerId, "partner");
        Collection c = node.newCollection();

        TaxiiClient theirs = node.client("Bearer " + token);
        TaxiiClient.Response sent =
                theirs.post(
                        node.objectsPath(c),
                        Fixtures.envelope(
                                green(
                                        Fixtures.indicator(
                                                Fixtures.newId("indicator"),
                                                "2024-02-01T00:00:00.000Z")),
                                marked(
                                        Fixtures.indicator(
                                                Fixtures.newId("indicator"),
                                                "2024-02-01T00:00:00.000Z"),
                                        Tlp.RED),
                                marked(
                                        Fixtures.indicator(
                                                Fixtures.newId("indicator"),
                                                "2024-02-01T00:00:00.000Z"),
                                        Tlp.RED),
                                withoutPattern(Fixtures.newId("indicator"))));
        assertThat(sent.status()).isEqualTo(202);
        assertThat(sent.json().get("failure_count").asInt()).as(sent.text()).isEqualTo(3);
        assertThat(sent.json().get("success_count").asInt()).isEqualTo(1);

        // ours: refused, not a partner's write
        JsonNode own = local.post(c.id(), List.of(withoutPattern(Fixtures.newId("indicator"))));
        assertThat(own.get("failure_count").asInt()).isEqualTo(1);
        // a pull from the partner's node: counted in the peer's events, not here
        var writer = node.node().principals().byName(principal).orElseThrow();
        var pulled =
                node.node()
                        .ingest()
                        .add(
                                c,
                                writer.id(),
                                node.node().policy().write(writer, c),
                                new org.entente.server.store.Payload.Bytes(
                                        Fixtures.envelope(
                                                        withoutPattern(Fixtures.newId("indicator")))
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                                org.entente.server.ingest.Ingest.Shape.ENVELOPE,
                                org.entente.server.ingest.Ingest.Listener.NONE,
                                new org.entente.server.ingest.Ingest.Options(
                                        java.util.OptionalInt.empty(), Optional.empty(), true));
        assertThat(pulled.failureCount()).isEqualTo(1);
        Instant now = node.clock().instant();
        var refusals = new org.entente.server.store.WriteRefusalDao(node.node().database());
        String script = "<script>alert('w')</script> " + tag;
        refusals.record(
                partnerId,
                now.getEpochSecond() * 1_000_000L,
                List.of(
                        org.entente.server.store.StatusDetail.failure(
                                Fixtures.newId("note"), "v", script)));
        refusals.record(
                partnerId,
                now.minus(Duration.ofDays(40)).getEpochSecond() * 1_000_000L,
                List.of(
                        org.entente.server.store.StatusDetail.failure(
                                Fixtures.newId("note"), "v", "old " + tag)));

        ConsoleClient liaison = SignInTest.signedIn(node, SignInTest.person(node, Role.LIAISON));
        String page = liaison.get("/").body();
        assertThat(page).doesNotContain("<script>alert('w')").doesNotContain("<b>CERT</b>");
        String row =
                IntelligenceTest.row(
                        section(page, "write-refusals"), "data-organisation=\"" + partnerId + "\"");
        assertThat(row)
                .contains(HtmlUtils.htmlEscape(partner))
                .contains("<strong>4</strong>")
                .contains(HtmlUtils.htmlEscape(script))
                .doesNotContain("old " + tag);
        assertThat(row.split("<li>", -1)).hasSize(4);
        assertThat(row.indexOf("<span class=\"count\">2</span>")).as(row).isNotNegative();
        assertThat(row.indexOf("<span class=\"count\">2</span>"))
                .as("the most frequent first")
                .isLessThan(row.indexOf(HtmlUtils.htmlEscape(script)));
        assertThat(Long.parseLong(figure(page, "written-refused-count"))).isGreaterThanOrEqualTo(4);

        JsonNode rest =
                api(node, "auditor")
                        .exchange("GET", "/api/v1/federation/refusals", null, "application/json")
                        .json();
        JsonNode theirsCounted = null;
        for (JsonNode w : rest.get("writes")) {
            if (w.get("organisation_id").stringValue().equals(partnerId)) {
                theirsCounted = w;
            }
        }
        assertThat(theirsCounted).as(rest.toString()).isNotNull();
        assertThat(theirsCounted.get("organisation").stringValue()).isEqualTo(partner);
        assertThat(theirsCounted.get("count").asLong()).isEqualTo(4);
        assertThat(theirsCounted.get("reasons").get(0).get("count").asLong()).isEqualTo(2);
        assertThat(theirsCounted.get("reasons")).hasSize(3);
        assertThat(
                        api(node, "auditor")
                                .exchange(
                                        "GET",
                                        "/api/v1/federation/refusals?days=0",
                                        null,
                                        "application/json")
                                .text())
                .contains("days must be a whole number from 1 to 365, not '0'");
        assertThat(status(api(node, "analyst"), "/api/v1/federation/refusals")).isEqualTo(403);
        ConsoleClient analyst = SignInTest.signedIn(node, SignInTest.person(node, Role.ANALYST));
        assertThat(analyst.get("/").body())
                .doesNotContain("id=\"write-refusals\"")
                .doesNotContain("id=\"written-refused-count\"");
    }

    private static PeerEvent event(
            String peer, long at, PeerEvent.Kind kind, String objectId, String message) {
        return new PeerEvent(
                peer, at, kind, Optional.of("threat-intel"), Optional.of(objectId), message);
    }

    private static String figure(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("a figure with id %s", id).isNotNegative();
        return page.substring(page.indexOf('>', start) + 1, page.indexOf('<', start));
    }

    /**
     * What is withheld from a partner in force, and why, is the dry run's count and wording for it
     * (counted off the request, the figure's time shown); a liaison officer sees it, an auditor
     * does not.
     */
    @EachDatabase
    void withheldFromEachPartnerIsWhatItsDryRunCounts(TestNode node) {
        Peered p = peered(node);
        Agency local = node.agency("local");
        Collection c = node.newCollection();
        local.post(
                c.id(),
                List.of(
                        green(
                                Fixtures.indicator(
                                        Fixtures.newId("indicator"), "2024-02-01T00:00:00.000Z")),
                        marked(
                                Fixtures.indicator(
                                        Fixtures.newId("indicator"), "2024-02-01T00:00:00.000Z"),
                                Tlp.RED),
                        marked(
                                Fixtures.indicator(
                                        Fixtures.newId("indicator"), "2024-02-01T00:00:00.000Z"),
                                Tlp.RED)));

        ConsoleClient liaison = SignInTest.signedIn(node, SignInTest.person(node, Role.LIAISON));
        AtomicReference<String> page = new AtomicReference<>();
        Agency.await(
                Duration.ofSeconds(60),
                "the dashboard's count of what is withheld",
                () -> {
                    page.set(liaison.get("/").body());
                    int table = page.get().indexOf("id=\"withheld\"");
                    return table >= 0
                            && page.get()
                                    .substring(table)
                                    .contains(
                                            "data-organisation=\""
                                                    + HtmlUtils.htmlEscape(p.partner())
                                                    + "\"");
                });
        assertThat(page.get()).contains("id=\"withheld-age\"").doesNotContain("<script>alert('p')");
        String row =
                IntelligenceTest.row(
                        section(page.get(), "withheld"),
                        "data-organisation=\"" + HtmlUtils.htmlEscape(p.partner()) + "\"");

        JsonNode party = null;
        for (JsonNode x :
                local.api("GET", "/api/v1/agreements/" + p.agreement() + "/dry-run", null)
                        .get("parties")) {
            if (x.get("name").stringValue().equals(p.partner())) {
                party = x;
            }
        }
        assertThat(party).as("the partner in the dry run").isNotNull();
        long withheld = party.get("total").get("withheld").asLong();
        assertThat(withheld).isGreaterThanOrEqualTo(2);
        assertThat(row).contains("class=\"withheld\"><strong>" + withheld + "</strong>");
        JsonNode reasons = party.get("reasons");
        assertThat(reasons.size()).isPositive();
        for (int i = 0; i < Math.min(5, reasons.size()); i++) {
            JsonNode r = reasons.get(i);
            String item = item(row, HtmlUtils.htmlEscape(r.get("text").stringValue()));
            assertThat(item)
                    .contains("<span class=\"count\">" + r.get("count").asLong() + "</span>");
        }
        assertThat(row.split("<li>", -1)).hasSize(Math.min(5, reasons.size()) + 1);

        // every section in Japanese too
        String ja = liaison.get("/?lang=ja").body();
        assertThat(ja)
                .contains("現在パートナーに提供されないもの")
                .contains("id=\"withheld\"")
                .contains("ピア")
                .contains("過去 30 日間の拒否")
                .contains("エントリ数（ヘッドの記録による）");

        ConsoleClient auditor = SignInTest.signedIn(node, SignInTest.person(node, Role.AUDITOR));
        assertThat(auditor.get("/").body())
                .doesNotContain("id=\"withheld\"")
                .doesNotContain("Withheld from");
    }

    /**
     * The figure of what is withheld is kept while the agreements stay as they were, even as
     * objects come, until a view finds it {@link DashboardWithheld#MAX_AGE} old; an agreement
     * suspended drops it at once, and the partner, no longer in force, is not counted.
     */
    @EachDatabase
    void withheldIsKeptUntilAnAgreementChangesOrItIsTenMinutesOld(TestNode node) {
        Peered p = peered(node);
        Agency local = node.agency("local");
        Collection c = node.newCollection();
        ConsoleClient liaison = SignInTest.signedIn(node, SignInTest.person(node, Role.LIAISON));
        long before = withheld(awaitWithheld(liaison, p.partner()));

        local.post(
                c.id(),
                List.of(
                        marked(
                                Fixtures.indicator(
                                        Fixtures.newId("indicator"), "2024-02-01T00:00:00.000Z"),
                                Tlp.RED)));
        String kept = liaison.get("/").body();
        assertThat(withheld(withheldRow(kept, p.partner()))).isEqualTo(before);
        assertThat(kept).doesNotContain("id=\"withheld-counting\"");

        node.clock().advance(DashboardWithheld.MAX_AGE.plusMinutes(1));
        String old = liaison.get("/").body();
        assertThat(withheld(withheldRow(old, p.partner()))).isEqualTo(before);
        assertThat(old)
                .contains("min ago")
                .contains((DashboardWithheld.MAX_AGE.toMinutes() + 1) + " min ago");
        Agency.await(
                Duration.ofSeconds(60),
                "the count made again",
                () -> withheld(withheldRow(liaison.get("/").body(), p.partner())) == before + 1);

        local.suspend(p.agreement());
        String suspended = liaison.get("/").body();
        assertThat(suspended)
                .as("the figure counted under the agreement in force is not shown")
                .doesNotContain("id=\"withheld\"")
                .doesNotContain("id=\"withheld-age\"");
        Agency.await(
                Duration.ofSeconds(60),
                "the count under the agreements in force now",
                () -> liaison.get("/").body().contains("id=\"withheld-age\""));
        String now = liaison.get("/").body();
        int table = now.indexOf("id=\"withheld\"");
        assertThat(table < 0 ? "" : now.substring(table))
                .doesNotContain("data-organisation=\"" + HtmlUtils.htmlEscape(p.partner()) + "\"");
    }

    /** Waits for the dashboard's withheld figure to name the partner; its row. */
    private static String awaitWithheld(ConsoleClient person, String partner) {
        AtomicReference<String> page = new AtomicReference<>();
        Agency.await(
                Duration.ofSeconds(60),
                "the dashboard's count of what is withheld from " + partner,
                () -> {
                    page.set(person.get("/").body());
                    int table = page.get().indexOf("id=\"withheld\"");
                    return table >= 0
                            && page.get()
                                    .substring(table)
                                    .contains(
                                            "data-organisation=\""
                                                    + HtmlUtils.htmlEscape(partner)
                                                    + "\"");
                });
        return withheldRow(page.get(), partner);
    }

    private static String withheldRow(String page, String partner) {
        return IntelligenceTest.row(
                section(page, "withheld"),
                "data-organisation=\"" + HtmlUtils.htmlEscape(partner) + "\"");
    }

    /** The count in a row of the withheld table. */
    private static long withheld(String row) {
        String start = "class=\"withheld\"><strong>";
        int at = row.indexOf(start);
        assertThat(at).as("a count in %s", row).isNotNegative();
        return Long.parseLong(row.substring(at + start.length(), row.indexOf("</strong>", at)));
    }

    /**
     * The ledger's head as the node records it, and "not verified from the console yet" until a
     * verification started on the ledger page has ended; then its outcome, never a new one.
     */
    @EachDatabase
    void theLedgerShowsItsHeadAndTheLastVerificationFromTheConsole(TestNode node) {
        ConsoleClient admin = SignInTest.signedIn(node, SignInTest.person(node, Role.ADMIN));
        // Other tests' background work on the shared node may append an entry at any time: read
        // the page between two equal heads, so that the head it must show is known.
        AtomicReference<String> page = new AtomicReference<>();
        AtomicReference<Ledger.Head> read = new AtomicReference<>();
        Agency.await(
                Duration.ofSeconds(60),
                "the dashboard read while the ledger's head stood still",
                () -> {
                    Ledger.Head first = node.node().ledger().head();
                    page.set(section(admin.get("/").body(), "dashboard-ledger"));
                    read.set(node.node().ledger().head());
                    return first.seq() == read.get().seq();
                });
        String before = page.get();
        Ledger.Head head = read.get();
        assertThat(before)
                .contains("<td id=\"ledger-entries\">" + head.seq() + "</td>")
                .contains(head.hash());
        if (!before.contains("Intact, checked at")) {
            assertThat(before)
                    .contains("Not verified from the console yet.")
                    .contains("href=\"/console/ledger\"");
        }
        ConsoleClient.Page ledgerPage = admin.get("/console/ledger");
        ConsoleClient.Page started =
                admin.post("/console/ledger/checks", java.util.Map.of("_csrf", ledgerPage.csrf()));
        assertThat(started.status()).isIn(302, 303);
        String link = "href=\"" + started.location().replaceFirst("\\?.*", "") + "\"";
        AtomicReference<String> after = new AtomicReference<>();
        Agency.await(
                Duration.ofSeconds(60),
                "the verification's outcome on the dashboard",
                () -> {
                    after.set(section(admin.get("/").body(), "dashboard-ledger"));
                    return after.get().contains(link);
                });
        assertThat(after.get()).contains("Intact, checked at").doesNotContain("Not verified");
    }

    /** The list item of a list of reasons that holds {@code text}. */
    private static String item(String html, String text) {
        int at = html.indexOf(text);
        assertThat(at).as("%s in:%n%s", text, html).isNotNegative();
        int start = html.lastIndexOf("<li>", at);
        return html.substring(start, html.indexOf("</li>", at));
    }

    /** The object with a TLP marking. */
    private static String marked(String object, Tlp tlp) {
        return object.substring(0, object.length() - 1)
                + ",\"object_marking_refs\":[\""
                + tlp.markingId()
                + "\"]}";
    }

    /** The object marked TLP:GREEN, which the agreement's AMBER ceiling lets through. */
    private static String green(String object) {
        return object.substring(0, object.length() - 1)
                + ",\"object_marking_refs\":[\""
                + Tlp.GREEN.markingId()
                + "\"]}";
    }

    /** The table with this id, so that a test reads its own rows only. */
    static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("a table with id %s", id).isNotNegative();
        return page.substring(start, page.indexOf("</table>", start));
    }
}
