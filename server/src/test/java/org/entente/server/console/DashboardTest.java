package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;

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

    /**
     * What went to a partner and came from it shows on the ledger readers' dashboard, counted as
     * the ledger's report counts it; an analyst, who may not read the ledger, sees no such section.
     */
    @EachDatabase
    void ledgerReadersSeeWhatFlowedEachWayPerPartnerAndArea(TestNode node) {
        Agency agency = node.agency("local");
        String partner = "CERT-" + UUID.randomUUID();
        agency.organisation("partner", partner, "JP");
        agency.agreement(
                "MOC " + UUID.randomUUID(),
                partner,
                Agency.area("information-exchange", "both", "amber", "none", false));
        String token = agency.token("node-" + UUID.randomUUID(), partner, "partner");
        Collection c = node.newCollection();
        String ours = Fixtures.newId("indicator");
        agency.post(c.id(), List.of(green(Fixtures.indicator(ours, "2024-02-01T00:00:00.000Z"))));
        TaxiiClient theirs = node.client("Bearer " + token);
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
        String flows = section(liaison.get("/").body(), "flows");
        int row = flows.indexOf("data-organisation=\"" + partner + "\"");
        assertThat(row).as("a row for the partner in:%n%s", flows).isNotNegative();
        String partnerRow = flows.substring(row, flows.indexOf("</tr>", row));
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
