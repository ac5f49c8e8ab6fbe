package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.ledger.ExchangeRow;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.LedgerExport;
import org.entente.server.ledger.VerifyResult;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;

/**
 * The ledger and reports pages over real HTTP on both databases (issue 11 item 6): each partner's
 * chain, its verification off the request thread on a clean and on a tampered chain, the export
 * byte for byte as the command line writes it, the exchange report as a table, a chart and a CSV
 * whose formula-looking cells are defused; and everyone but admins, liaison officers and auditors
 * refused every page and action.
 */
class LedgerPagesTest {
    private static final String BASE = "/console/ledger";
    private static final Pattern REPORT_ID = Pattern.compile("data-report=\"([0-9a-f-]{36})\"");
    private static final Pattern CHECK =
            Pattern.compile("^/console/ledger/checks/([0-9a-f-]{36})$");
    private static final Pattern EXPORTED_AT = Pattern.compile("\"exported_at\":\"[^\"]*\"");

    /** A partner whose name a spreadsheet would run and a browser would script. */
    private record Exchange(
            String partnerId, String partnerName, Collection collection, String token) {}

    /**
     * A partner agency under an agreement that shares green, which reads the collection once: the
     * ledger records the agreement and the page of disclosures in the partner's chain.
     */
    private static Exchange exchange(TestNode node) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "=HYPERLINK(\"x\"),<script>alert(1)</script> " + tag;
        Agency local = node.agency("local");
        String partner = local.organisation("partner", name, "SG");
        local.agreement(
                "green " + tag,
                partner,
                Agency.area("information-exchange", "share", "green", "none", false));
        String token = local.token("p-" + tag, partner, "partner");
        Collection c = node.newCollection();
        local.post(
                c.id(),
                List.of(
                        IntelligenceTest.indicator(
                                Fixtures.newId("indicator"), "one", "first", Tlp.GREEN),
                        IntelligenceTest.indicator(
                                Fixtures.newId("indicator"), "two", "second", Tlp.GREEN)));
        TaxiiClient.Response read =
                node.client("Bearer " + token).get(node.objectsPath(c) + "?limit=100");
        assertThat(read.status()).isEqualTo(200);
        return new Exchange(partner, name, c, token);
    }

    private static ConsoleClient as(TestNode node, Role role) {
        return SignInTest.signedIn(node, SignInTest.person(node, role));
    }

    @EachDatabase
    void adminsLiaisonOfficersAndAuditorsSeeEachPartnersChainAndTheNameIsInert(TestNode node) {
        Exchange x = exchange(node);
        Ledger.OrgHead head = node.node().ledger().orgHeads().get(x.partnerId());
        assertThat(head.entries()).isGreaterThanOrEqualTo(2);
        for (Role role : List.of(Role.ADMIN, Role.LIAISON, Role.AUDITOR)) {
            ConsoleClient person = as(node, role);
            assertThat(person.get("/").body()).as(role.name()).contains("href=\"/console/ledger\"");
            ConsoleClient.Page page = person.get(BASE);
            assertThat(page.status()).as(role.name()).isEqualTo(200);
            String row =
                    IntelligenceTest.row(
                            DashboardTest.section(page.body(), "chains"), x.partnerId());
            assertThat(row)
                    .contains("<td>" + head.entries() + "</td>")
                    .contains(head.hash())
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
            assertThat(page.body()).doesNotContain("<script>alert(1)</script>");
            assertThat(page.header("Content-Security-Policy").orElse(""))
                    .contains("script-src 'self'");
        }
    }

    @EachDatabase
    void analystsAreRefusedEveryPageAndActionAndSeeNoLink(TestNode node) {
        Exchange x = exchange(node);
        String counted = reportId(counted(as(node, Role.AUDITOR), BASE + "/report"));
        ConsoleClient analyst = as(node, Role.ANALYST);
        ConsoleClient.Page home = analyst.get("/");
        assertThat(home.body()).doesNotContain("/console/ledger");
        for (String path :
                List.of(
                        BASE,
                        BASE + "/report",
                        BASE + "/report.csv",
                        BASE + "/export?org=" + x.partnerId(),
                        BASE + "/checks/" + UUID.randomUUID(),
                        BASE + "/reports/" + counted + "/result",
                        BASE + "/reports/" + counted + "/csv")) {
            ConsoleClient.Page refused = analyst.get(path);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.body())
                    .as(path)
                    .doesNotContain(x.partnerId())
                    .doesNotContain(tagOf(x));
        }
        ConsoleClient.Page post =
                analyst.post(BASE + "/checks", Map.of("_csrf", home.csrf(), "org", x.partnerId()));
        assertThat(post.status()).isEqualTo(403);
        assertThat(node.node().part(LedgerChecks.class).running()).isEmpty();
    }

    @EachDatabase
    void aPartnersPrincipalCannotSignInAndAnAnonymousBrowserIsSentToSignIn(TestNode node) {
        Exchange x = exchange(node);
        String name = "partner-person-" + UUID.randomUUID();
        node.node()
                .principalUseCases()
                .create(
                        new org.entente.server.auth.Principals.NewPrincipal(
                                name,
                                Optional.of(x.partnerId()),
                                java.util.Set.of(Role.PARTNER),
                                Optional.of(SignInTest.PASSWORD),
                                Optional.empty()));
        ConsoleClient browser = new ConsoleClient(node);
        assertThat(browser.password(name, SignInTest.PASSWORD).location())
                .isEqualTo("/login?error");
        for (String path :
                List.of(BASE, BASE + "/report.csv", BASE + "/export?org=" + x.partnerId())) {
            ConsoleClient.Page page = browser.get(path);
            assertThat(page.status()).as(path).isEqualTo(302);
            assertThat(page.location()).isEqualTo("/login");
        }
    }

    @EachDatabase
    void verifyFindsACleanChainIntactAndATamperedOneBrokenAtTheEditedEntry(TestNode node) {
        Exchange x = exchange(node);
        ConsoleClient auditor = as(node, Role.AUDITOR);
        long entries = node.node().ledger().orgHeads().get(x.partnerId()).entries();

        String clean = verify(auditor, x.partnerId());
        assertThat(clean)
                .contains("data-state=\"intact\"")
                .contains("Intact: " + entries + " entries checked");

        var jdbc = node.node().database().jdbc();
        String rule =
                jdbc.sql("SELECT rule FROM ledger_entries WHERE org_id = :o AND org_seq = 1")
                        .param("o", x.partnerId())
                        .query(String.class)
                        .single();
        try {
            jdbc.sql("UPDATE ledger_entries SET rule = :r WHERE org_id = :o AND org_seq = 1")
                    .param("r", "information-exchange: anything goes")
                    .param("o", x.partnerId())
                    .update();
            String broken = verify(auditor, x.partnerId());
            assertThat(broken).contains("data-state=\"broken\"").contains("BROKEN at entry 1.");
            VerifyResult cli = node.node().ledger().verify(x.partnerId());
            assertThat(HtmlUtils.htmlUnescape(broken)).contains(cli.problem().orElseThrow());
        } finally {
            jdbc.sql("UPDATE ledger_entries SET rule = :r WHERE org_id = :o AND org_seq = 1")
                    .param("r", rule)
                    .param("o", x.partnerId())
                    .update();
        }
        assertThat(node.node().ledger().verify(x.partnerId()).intact()).isTrue();

        // the whole ledger, from the page's second form
        ConsoleClient.Page page = auditor.get(BASE);
        ConsoleClient.Page started = auditor.post(BASE + "/checks", Map.of("_csrf", page.csrf()));
        assertThat(started.status()).isEqualTo(302);
        Matcher m = CHECK.matcher(started.location());
        assertThat(m.matches()).as(started.location()).isTrue();
        String whole = await(auditor, m.group(1));
        assertThat(whole).contains("data-state=\"intact\"");
        assertThat(auditor.get(started.location()).body())
                .contains("Verification of the whole ledger")
                .contains("id=\"intact\"")
                // an ended check is not polled any more
                .doesNotContain("hx-trigger");
    }

    @EachDatabase
    void aSecondVerificationWhileOneRunsIsShownTheOneRunning(TestNode node) throws Exception {
        assumeALockThatHoldsBackReaders(node); // a verification that waits
        Exchange x = exchange(node);
        ConsoleClient auditor = as(node, Role.AUDITOR);
        ConsoleClient admin = as(node, Role.ADMIN);
        String first =
                whileTheLedgerIsLocked(
                        node,
                        () -> {
                            ConsoleClient.Page started =
                                    auditor.post(
                                            BASE + "/checks",
                                            Map.of("_csrf", csrf(auditor), "org", x.partnerId()));
                            assertThat(started.status()).isEqualTo(302);
                            String location = started.location();
                            assertThat(CHECK.matcher(location).matches()).as(location).isTrue();
                            ConsoleClient.Page second =
                                    admin.post(
                                            BASE + "/checks",
                                            Map.of("_csrf", csrf(admin), "org", x.partnerId()));
                            assertThat(second.status()).isEqualTo(302);
                            assertThat(second.location()).isEqualTo(location + "?busy");
                            String shown = admin.get(second.location()).body();
                            assertThat(shown)
                                    .contains("id=\"busy\"")
                                    .contains("data-state=\"running\"")
                                    .contains("hx-trigger=\"every 1s\"");
                            return location;
                        });
        Matcher m = CHECK.matcher(first);
        assertThat(m.matches()).isTrue();
        assertThat(await(auditor, m.group(1))).contains("data-state=\"intact\"");
    }

    /**
     * A report of every organisation over all time reads every listing of the ledger and keeps each
     * distinct version it saw: seconds at millions of versions, so it is counted off the request,
     * and one at a time, or a person who reloads the page, or two at once, would make the node hold
     * several. While the ledger holds the count back, the page answers at once with its progress;
     * asking again for the same report follows the same count, and its CSV waits for it; asking for
     * another is refused and says which one runs. The count then ends as usual, and the page that
     * follows it shows the report.
     */
    @EachDatabase
    void aReportIsCountedOffTheRequestAndAnotherWhileItIsCountedIsRefused(TestNode node)
            throws Exception {
        assumeALockThatHoldsBackReaders(node); // a count that waits
        Exchange x = exchange(node);
        ConsoleClient auditor = as(node, Role.AUDITOR);
        ConsoleClient admin = as(node, Role.ADMIN);
        java.util.concurrent.atomic.AtomicReference<
                        java.util.concurrent.CompletableFuture<HttpResponse<String>>>
                csv = new java.util.concurrent.atomic.AtomicReference<>();
        String id =
                whileTheLedgerIsLocked(
                        node,
                        () -> {
                            ConsoleClient.Page first = auditor.get(BASE + "/report");
                            assertThat(first.status()).isEqualTo(200);
                            assertThat(first.body())
                                    .contains("data-state=\"counting\"")
                                    .contains("hx-trigger=\"every 1s\"")
                                    .contains("id=\"counting\"")
                                    .doesNotContain("id=\"report\"");
                            String counting = reportId(first);
                            Agency.await(
                                    Duration.ofSeconds(60),
                                    "the count to wait on the ledger",
                                    () -> waitingOnTheLedger(node) > 0);
                            ConsoleClient.Page same = admin.get(BASE + "/report");
                            assertThat(same.status()).isEqualTo(200);
                            assertThat(reportId(same)).isEqualTo(counting);
                            ConsoleClient.Page polled =
                                    admin.get(BASE + "/reports/" + counting + "/result");
                            assertThat(polled.body())
                                    .doesNotContain("<html")
                                    .contains("data-state=\"counting\"");
                            csv.set(
                                    java.util.concurrent.CompletableFuture.supplyAsync(
                                            () ->
                                                    admin.exchange(
                                                            BASE + "/report.csv",
                                                            HttpRequest.newBuilder().GET(),
                                                            HttpResponse.BodyHandlers.ofString(
                                                                    StandardCharsets.UTF_8))));
                            for (String path :
                                    List.of(
                                            BASE + "/report?org=" + x.partnerId(),
                                            BASE + "/report.csv?from=2020-01-01")) {
                                ConsoleClient.Page other = admin.get(path);
                                assertThat(other.status()).as(path).isEqualTo(409);
                                assertThat(other.body())
                                        .as(path)
                                        .contains(
                                                "an exchange report is already being made on this"
                                                        + " node (report "
                                                        + counting);
                            }
                            return counting;
                        });
        String[] last = {""};
        Agency.await(
                Duration.ofSeconds(60),
                "the count to end",
                () -> {
                    last[0] = auditor.get(BASE + "/reports/" + id + "/result").body();
                    return !last[0].contains("data-state=\"counting\"");
                });
        assertThat(last[0]).contains("data-state=\"counted\"").doesNotContain("<html");
        assertThat(DashboardTest.section(last[0], "report")).contains(tagOf(x));
        HttpResponse<String> waited = csv.get().get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(waited.statusCode()).isEqualTo(200);
        assertThat(waited.body()).contains(tagOf(x));
        // the count has ended: another report may be counted now
        assertThat(counted(admin, BASE + "/report?org=" + x.partnerId()).body()).contains(tagOf(x));
    }

    /**
     * A counted report is kept and shown at once while the ledger has not moved; its CSV is the
     * table shown, byte for byte the one asked by organisation and dates. Once the partner is given
     * one more object, the same page counts again and shows it. A report that is not kept on this
     * node is a 404 that says so.
     */
    @EachDatabase
    void aCountedReportIsKeptUntilTheLedgerMovesAndItsCsvIsTheTableShown(TestNode node) {
        Exchange x = exchange(node);
        ConsoleClient auditor = as(node, Role.AUDITOR);
        String path = BASE + "/report?org=" + x.partnerId();
        ConsoleClient.Page first = counted(auditor, path);
        String id = reportId(first);
        assertThat(first.body()).contains("id=\"counted\"");
        long sent = sentObjects(node, x);
        assertThat(DashboardTest.section(first.body(), "report")).contains("<td>" + sent + "</td>");

        ConsoleClient.Page again = auditor.get(path);
        assertThat(again.body()).contains("data-state=\"counted\"");
        assertThat(reportId(again)).isEqualTo(id);
        assertThat(csv(auditor, BASE + "/reports/" + id + "/csv"))
                .isEqualTo(csv(auditor, BASE + "/report.csv?org=" + x.partnerId()))
                .contains(tagOf(x));

        Agency local = node.agency("local");
        local.post(
                x.collection().id(),
                List.of(
                        IntelligenceTest.indicator(
                                Fixtures.newId("indicator"), "three", "third", Tlp.GREEN)));
        TaxiiClient.Response read =
                node.client("Bearer " + x.token())
                        .get(node.objectsPath(x.collection()) + "?limit=100");
        assertThat(read.status()).isEqualTo(200);
        assertThat(sentObjects(node, x)).isEqualTo(sent + 1);
        ConsoleClient.Page moved = counted(auditor, path);
        assertThat(reportId(moved)).isNotEqualTo(id);
        assertThat(DashboardTest.section(moved.body(), "report"))
                .contains("<td>" + (sent + 1) + "</td>");

        for (String unknown : List.of(UUID.randomUUID().toString(), "x".repeat(300))) {
            for (String p :
                    List.of(
                            BASE + "/reports/" + unknown + "/result",
                            BASE + "/reports/" + unknown + "/csv")) {
                ConsoleClient.Page none = auditor.get(p);
                assertThat(none.status()).as(p).isEqualTo(404);
                assertThat(none.body()).as(p).contains("there is no such report on this node");
            }
        }
    }

    /** What the partner was sent over all time, by the ledger's own report. */
    private static long sentObjects(TestNode node, Exchange x) {
        return node
                .node()
                .ledger()
                .report(Optional.of(x.partnerId()), OptionalLong.empty(), OptionalLong.empty())
                .stream()
                .mapToLong(r -> r.total().sentObjects())
                .sum();
    }

    private static String csv(ConsoleClient person, String path) {
        HttpResponse<String> r =
                person.exchange(
                        path,
                        HttpRequest.newBuilder().GET(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    /**
     * Skips the test but on PostgreSQL, whose {@code ACCESS EXCLUSIVE} lock holds back even readers
     * ({@link #whileTheLedgerIsLocked}); SQLite in WAL mode has no lock that does.
     */
    private static void assumeALockThatHoldsBackReaders(TestNode node) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                node.dialect() == org.entente.server.db.Dialect.POSTGRESQL,
                "needs a lock that holds back readers: PostgreSQL only");
    }

    /**
     * Runs {@code work} while every reader of the ledger's table waits, then lets them go; what
     * {@code work} returned.
     */
    private static <T> T whileTheLedgerIsLocked(
            TestNode node, java.util.concurrent.Callable<T> work) throws Exception {
        try (java.sql.Connection lock = node.node().database().dataSource().getConnection()) {
            lock.setAutoCommit(false);
            try (java.sql.Statement st = lock.createStatement()) {
                st.execute("LOCK TABLE ledger_entries IN ACCESS EXCLUSIVE MODE");
            }
            try {
                return work.call();
            } finally {
                lock.rollback();
            }
        }
    }

    /** Statements of the node waiting for a lock on the ledger's table (PostgreSQL). */
    private static long waitingOnTheLedger(TestNode node) {
        return node.node()
                .database()
                .jdbc()
                .sql(
                        "SELECT count(*) FROM pg_locks WHERE NOT granted"
                                + " AND relation = 'ledger_entries'::regclass")
                .query(Long.class)
                .single();
    }

    /**
     * The session's form token from a page that reads nothing of the ledger: while a test holds the
     * ledger's table locked, the dashboard's ledger sections would wait on it.
     */
    private static String csrf(ConsoleClient person) {
        return person.get("/intelligence").csrf();
    }

    /** Starts a check of the partner's chain from the page, follows it to its end; its status. */
    private static String verify(ConsoleClient person, String orgId) {
        ConsoleClient.Page page = person.get(BASE);
        ConsoleClient.Page started =
                person.post(BASE + "/checks", Map.of("_csrf", page.csrf(), "org", orgId));
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        Matcher m = CHECK.matcher(started.location());
        assertThat(m.matches()).as(started.location()).isTrue();
        ConsoleClient.Page shown = person.get(started.location());
        assertThat(shown.status()).isEqualTo(200);
        return await(person, m.group(1));
    }

    /** Polls a check's status as the page's htmx does, until it ends (bounded for a slow box). */
    private static String await(ConsoleClient person, String id) {
        String[] last = {""};
        Agency.await(
                Duration.ofSeconds(60),
                "the check to end",
                () -> {
                    ConsoleClient.Page status = person.get(BASE + "/checks/" + id + "/status");
                    assertThat(status.status()).isEqualTo(200);
                    last[0] = status.body();
                    return !last[0].contains("data-state=\"running\"");
                });
        assertThat(last[0]).doesNotContain("<html");
        return last[0];
    }

    /**
     * The report page once its count has ended: asked again, as its Refresh link does, until it is
     * no longer counting (bounded for a slow box). Asking again while it counts follows the same
     * count; once it has ended, the page shows the report kept from it.
     */
    static ConsoleClient.Page counted(ConsoleClient person, String path) {
        ConsoleClient.Page[] last = {null};
        Agency.await(
                Duration.ofSeconds(60),
                "the report to be counted",
                () -> {
                    last[0] = person.get(path);
                    assertThat(last[0].status()).as(last[0].body()).isEqualTo(200);
                    return !last[0].body().contains("data-state=\"counting\"");
                });
        assertThat(last[0].body()).contains("data-state=\"counted\"");
        return last[0];
    }

    /** The id of the count a report page shows. */
    static String reportId(ConsoleClient.Page page) {
        Matcher m = REPORT_ID.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return m.group(1);
    }

    @EachDatabase
    void theExportIsTheCommandLinesFileAndChecksOutIntact(TestNode node) {
        Exchange x = exchange(node);
        ConsoleClient liaison = as(node, Role.LIAISON);
        HttpResponse<byte[]> download =
                liaison.exchange(
                        BASE + "/export?org=" + x.partnerId(),
                        HttpRequest.newBuilder().GET(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment")
                .contains("ledger-" + x.partnerId() + ".jsonl");
        ByteArrayOutputStream cli = new ByteArrayOutputStream();
        // what `entente ledger export --org ID` writes: the same two calls
        Ledger ledger = node.node().ledger();
        ledger.export(
                ledger.planExport(x.partnerId(), OptionalLong.empty(), OptionalLong.empty()), cli);
        // the files differ only in the moment they were made
        assertThat(withoutMoment(download.body())).isEqualTo(withoutMoment(cli.toByteArray()));
        assertThat(new String(download.body(), StandardCharsets.UTF_8))
                .contains(LedgerExport.FORMAT);
        VerifyResult checked = LedgerExport.verify(new ByteArrayInputStream(download.body()));
        assertThat(checked.intact()).as(checked.problem().orElse("")).isTrue();

        // a period that holds nothing yet: a header alone, as the CLI writes it
        HttpResponse<byte[]> empty =
                liaison.exchange(
                        BASE + "/export?org=" + x.partnerId() + "&from=2000-01-01&to=2000-12-31",
                        HttpRequest.newBuilder().GET(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(new String(empty.body(), StandardCharsets.UTF_8).strip().lines()).hasSize(1);

        // bad input: a clear refusal, no file
        ConsoleClient.Page badDate =
                liaison.get(BASE + "/export?org=" + x.partnerId() + "&from=2026-13-01");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(HtmlUtils.htmlUnescape(badDate.body()))
                .contains("from: '2026-13-01' is not a date of the form 2026-01-31");
        ConsoleClient.Page backwards =
                liaison.get(
                        BASE + "/export?org=" + x.partnerId() + "&from=2026-02-01&to=2026-01-01");
        assertThat(backwards.status()).isEqualTo(400);
        String local = node.node().organisations().local().orElseThrow().id();
        for (String org : List.of(local, UUID.randomUUID().toString(), "")) {
            assertThat(liaison.get(BASE + "/export?org=" + org).status()).as(org).isEqualTo(404);
        }
    }

    private static String withoutMoment(byte[] export) {
        return EXPORTED_AT
                .matcher(new String(export, StandardCharsets.UTF_8))
                .replaceFirst("\"exported_at\":\"-\"");
    }

    @EachDatabase
    void theReportIsATableAChartAndACsvWhoseFormulaLookingCellsAreDefused(TestNode node) {
        Exchange x = exchange(node);
        ConsoleClient auditor = as(node, Role.AUDITOR);
        List<ExchangeRow> rows =
                node.node()
                        .ledger()
                        .report(
                                Optional.of(x.partnerId()),
                                OptionalLong.empty(),
                                OptionalLong.empty());
        assertThat(rows).isNotEmpty();
        ExchangeRow first = rows.get(0);

        ConsoleClient.Page page = counted(auditor, BASE + "/report?org=" + x.partnerId());
        String table = DashboardTest.section(page.body(), "report");
        assertThat(table)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains(first.quarter())
                .contains("<td>" + first.total().sentObjects() + "</td>");
        assertThat(page.body()).doesNotContain("<script>alert(1)</script>");
        String chart = page.body().substring(page.body().indexOf("id=\"chart\""));
        assertThat(chart)
                .contains("<svg")
                .contains("data-quarter=\"" + first.quarter() + "\"")
                .contains("class=\"sent\"")
                .contains(first.quarter() + ": " + first.total().sentObjects() + " sent");

        HttpResponse<String> csv =
                auditor.exchange(
                        BASE + "/report.csv?org=" + x.partnerId(),
                        HttpRequest.newBuilder().GET(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo(
                        "organisation,org_id,area,quarter,breakdown,value,sent_objects,"
                                + "sent_disclosures,received_objects,received_entries");
        // the name starts with '=' and holds a comma and quotes: defused, then quoted
        String name = "\"'" + x.partnerName().replace("\"", "\"\"") + "\"";
        String total =
                name
                        + ","
                        + x.partnerId()
                        + ","
                        + first.area().orElse("")
                        + ","
                        + first.quarter()
                        + ",total,,"
                        + first.total().sentObjects()
                        + ","
                        + first.total().sentDisclosures()
                        + ","
                        + first.total().receivedObjects()
                        + ","
                        + first.total().receivedEntries();
        assertThat(lines).contains(total);
        long expected =
                rows.stream().mapToLong(r -> 1 + r.byTlp().size() + r.byType().size()).sum();
        assertThat(lines).hasSize((int) expected + 1);
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).startsWith("\"'=");
        }

        // the same report for every organisation holds this partner's rows too
        assertThat(DashboardTest.section(counted(auditor, BASE + "/report").body(), "report"))
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; " + tagOf(x));
        assertThat(auditor.get(BASE + "/report?from=bad").status()).isEqualTo(400);
    }

    @EachDatabase
    void thePagesSpeakJapaneseToThoseWhoChooseIt(TestNode node) {
        Exchange x = exchange(node);
        ConsoleClient auditor = as(node, Role.AUDITOR);
        String ledger = auditor.get(BASE + "?lang=ja").body();
        assertThat(ledger).contains("<h1>台帳</h1>").contains(">検証</button>").contains("lang=\"ja\"");
        String report = counted(auditor, BASE + "/report?org=" + x.partnerId()).body();
        assertThat(report).contains("交換報告").contains("合計").contains("CSV でダウンロード");
        assertThat(auditor.get("/console/peers").body()).contains("<h1>ピア</h1>");
        assertThat(auditor.get("/console/detection").body()).contains("<h1>検知</h1>");
    }

    @Test
    void everyCellASpreadsheetWouldRunGetsALeadingQuote() {
        assertThat(LedgerPages.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(LedgerPages.cell("+1")).isEqualTo("'+1");
        assertThat(LedgerPages.cell("-1")).isEqualTo("'-1");
        assertThat(LedgerPages.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(LedgerPages.cell("\tx")).isEqualTo("'\tx");
        assertThat(LedgerPages.cell("\rx")).isEqualTo("\"'\rx\"");
        assertThat(LedgerPages.cell("=a,b")).isEqualTo("\"'=a,b\"");
        assertThat(LedgerPages.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(LedgerPages.cell("information-exchange")).isEqualTo("information-exchange");
        assertThat(LedgerPages.cell("")).isEmpty();
    }

    @EachDatabase
    void aFormWithoutTheSessionsTokenStartsNoCheck(TestNode node) {
        Exchange x = exchange(node);
        ConsoleClient admin = as(node, Role.ADMIN);
        assertThat(admin.post(BASE + "/checks", Map.of("org", x.partnerId())).status())
                .isEqualTo(403);
        ConsoleClient.Page forged =
                admin.post(
                        BASE + "/checks",
                        Map.of("org", x.partnerId(), "_csrf", UUID.randomUUID().toString()));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain("/console/ledger/checks/");
        assertThat(node.node().part(LedgerChecks.class).running()).isEmpty();
    }

    private static String tagOf(Exchange x) {
        return x.partnerName().substring(x.partnerName().length() - 8);
    }
}
