package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entente.server.ledger.PageTesting.bytes;
import static org.entente.server.ledger.PageTesting.entriesAfter;
import static org.entente.server.ledger.PageTesting.forgedVersionIsFound;
import static org.entente.server.ledger.PageTesting.head;
import static org.entente.server.ledger.PageTesting.indicator;
import static org.entente.server.ledger.PageTesting.listedOncePerClause;
import static org.entente.server.ledger.PageTesting.partner;
import static org.entente.server.testing.Fixtures.envelope;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.entente.server.collection.Collection;
import org.entente.server.ledger.PageTesting.Partner;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One ledger entry per clause per page a partner reads (issue 10, item 1; docs/adr/0011): each
 * lists every object version the page carried under that clause, under the same two hash chains, so
 * that tampering with one listed version is found by the node and by the partner's own check of its
 * export.
 */
class PageEntriesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @EachDatabase
    void aPartnersPageIsOneEntryPerClauseListingEveryVersionItCarried(TestNode node) {
        Collection c = node.newCollection();
        Partner p = partner(node, "share");
        Map<String, Tlp> posted = new HashMap<>();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = "indicator--" + UUID.randomUUID();
            Tlp tlp = i % 3 == 0 ? Tlp.AMBER : Tlp.GREEN;
            posted.put(id, tlp);
            objects.add(indicator(id, tlp));
        }
        String red = "indicator--" + UUID.randomUUID();
        objects.add(indicator(red, Tlp.RED));
        node.admin().post(node.objectsPath(c), envelope(objects.toArray(String[]::new)));
        Ledger ledger = node.node().ledger();

        Set<String> listed = new HashSet<>();
        List<PageTesting.PageRead> pages = PageTesting.readAll(node, c, p, 3);
        for (PageTesting.PageRead read : pages) {
            Set<String> carried = new HashSet<>();
            read.page().get("objects").forEach(o -> carried.add(o.get("id").stringValue()));
            List<LedgerEntry> entries = read.entries();
            // one entry per clause that let part of this page go, each listing its versions
            Set<String> inEntries =
                    listedOncePerClause(entries, LedgerEntry.Kind.DISCLOSED_PAGE, p, posted);
            assertThat(inEntries).isEqualTo(carried);
            assertThat(entries.size()).isLessThanOrEqualTo(2);
            listed.addAll(inEntries);
        }
        assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
        assertThat(listed).isEqualTo(posted.keySet()).doesNotContain(red);

        VerifyResult all = ledger.verify();
        assertThat(all.intact()).as(all.problem().orElse("")).isTrue();
        VerifyResult org = ledger.verify(p.orgId());
        assertThat(org.intact()).as(org.problem().orElse("")).isTrue();

        // the report still counts object versions, not entries
        List<ExchangeRow> rows =
                ledger.report(Optional.of(p.orgId()), OptionalLong.empty(), OptionalLong.empty());
        assertThat(rows.stream().mapToLong(r -> r.total().sentObjects()).sum()).isEqualTo(7);
        assertThat(rows.stream().mapToLong(r -> r.total().sentDisclosures()).sum()).isEqualTo(7);
        assertThat(
                        rows.stream()
                                .mapToLong(
                                        r ->
                                                r.byTlp()
                                                        .getOrDefault(
                                                                Tlp.AMBER.label(),
                                                                ExchangeRow.Flow.NONE)
                                                        .sentObjects())
                                .sum())
                .isEqualTo(3);
    }

    /**
     * Partners reading at once (docs/adr/0033): their page entries are committed together, and
     * still each read is recorded whole, version by version, for the partner that made it, and both
     * chains hold.
     */
    @EachDatabase
    void partnersReadingAtOnceHaveEachReadRecordedWhole(TestNode node) throws Exception {
        Collection c = node.newCollection();
        List<Partner> partners = List.of(partner(node, "share"), partner(node, "share"));
        List<String> ids = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "indicator--" + UUID.randomUUID();
            ids.add(id);
            objects.add(indicator(id, Tlp.GREEN));
        }
        node.admin().post(node.objectsPath(c), envelope(objects.toArray(String[]::new)));
        Ledger ledger = node.node().ledger();
        long before = head(ledger);

        int threads = 8;
        int reads = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> done = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Partner who = partners.get(t % 2);
            done.add(
                    pool.submit(
                            () -> {
                                start.await();
                                List<String> carried = new ArrayList<>();
                                for (int i = 0; i < reads; i++) {
                                    String id = ids.get((thread * 7 + i) % ids.size());
                                    JsonNode got =
                                            who.taxii().get(node.objectsPath(c) + id + "/").json();
                                    got.get("objects")
                                            .forEach(o -> carried.add(o.get("id").stringValue()));
                                }
                                return carried;
                            }));
        }
        start.countDown();
        Map<String, List<String>> carried = new HashMap<>();
        try {
            for (int t = 0; t < threads; t++) {
                List<String> got = done.get(t).get(120, TimeUnit.SECONDS);
                assertThat(got).hasSize(reads);
                carried.computeIfAbsent(partners.get(t % 2).orgId(), k -> new ArrayList<>())
                        .addAll(got);
            }
        } finally {
            pool.shutdownNow();
        }

        List<LedgerEntry> entries = entriesAfter(ledger, before);
        assertThat(entries).hasSize(threads * reads);
        Map<String, List<String>> listed = new HashMap<>();
        for (LedgerEntry e : entries) {
            assertThat(e.kind()).isEqualTo(LedgerEntry.Kind.DISCLOSED_PAGE);
            assertThat(e.draft().listed()).hasSize(1);
            listed.computeIfAbsent(e.orgId(), k -> new ArrayList<>())
                    .add(e.draft().listed().get(0).objectId());
        }
        for (Partner p : partners) {
            assertThat(listed.get(p.orgId()))
                    .containsExactlyInAnyOrderElementsOf(carried.get(p.orgId()));
            VerifyResult org = ledger.verify(p.orgId());
            assertThat(org.intact()).as(org.problem().orElse("")).isTrue();
        }
        VerifyResult all = ledger.verify();
        assertThat(all.intact()).as(all.problem().orElse("")).isTrue();
    }

    @EachDatabase
    void changingOneListedVersionIsFoundByVerify(TestNode node) {
        Collection c = node.newCollection();
        Partner p = partner(node, "share");
        String a = "indicator--" + UUID.randomUUID();
        String b = "indicator--" + UUID.randomUUID();
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(indicator(a, Tlp.GREEN), indicator(b, Tlp.GREEN)));
        Ledger ledger = node.node().ledger();
        long before = head(ledger);
        assertThat(p.taxii().get(node.objectsPath(c)).json().get("objects").size()).isEqualTo(2);
        List<LedgerEntry> entries = entriesAfter(ledger, before);
        assertThat(entries).hasSize(1);
        LedgerEntry page = entries.get(0);
        assertThat(ledger.verify().intact()).isTrue();

        // someone with write access says the page carried another version of b
        forgedVersionIsFound(node, page, b, p.orgId());
    }

    /**
     * The partner's row is read as a few packed facts (docs/adr/0020): one the node cannot read,
     * here an effective TLP it does not know written behind its back, fails the whole page. Nothing
     * of the page goes, and nothing is recorded.
     */
    @EachDatabase
    void aRowTheNodeCannotReadFailsThePageAndNothingGoesOrIsRecorded(TestNode node) {
        Collection c = node.newCollection();
        Partner p = partner(node, "share");
        String ok = "indicator--" + UUID.randomUUID();
        String odd = "indicator--" + UUID.randomUUID();
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(indicator(ok, Tlp.GREEN), indicator(odd, Tlp.GREEN)));
        // the partner's own lineage passes every ceiling: the visibility admits the row whatever
        // its TLP, and only the reading of its facts can stop it
        setRow(node, odd, p.orgId(), "PURPLE");
        Ledger ledger = node.node().ledger();
        long before = head(ledger);
        try {
            TaxiiClient.Response r = p.taxii().get(node.objectsPath(c));
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.text()).doesNotContain(ok).doesNotContain(odd);
            assertThat(head(ledger)).isEqualTo(before);
        } finally {
            // the node is shared by the whole run: leave the row as it was
            setRow(node, odd, "", "GREEN");
        }
        assertThat(p.taxii().get(node.objectsPath(c)).text()).contains(ok).contains(odd);
    }

    private static void setRow(TestNode node, String id, String lineage, String tlp) {
        node.node()
                .database()
                .jdbc()
                .sql("UPDATE objects SET lineage = :l, effective_tlp = :t WHERE stix_id = :id")
                .param("l", lineage)
                .param("t", tlp)
                .param("id", id)
                .update();
    }

    @EachDatabase
    void aPartnerChecksEachVersionItWasGivenInItsExport(TestNode node) throws Exception {
        Collection c = node.newCollection();
        Partner p = partner(node, "share");
        String a = "indicator--" + UUID.randomUUID();
        String b = "indicator--" + UUID.randomUUID();
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(indicator(a, Tlp.GREEN), indicator(b, Tlp.AMBER)));
        assertThat(p.taxii().get(node.objectsPath(c)).json().get("objects").size()).isEqualTo(2);
        Ledger ledger = node.node().ledger();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ledger.export(p.orgId(), OptionalLong.empty(), OptionalLong.empty(), out);
        String file = out.toString(StandardCharsets.UTF_8);
        VerifyResult checked = ledger.verifyExport(bytes(file));
        assertThat(checked.intact()).as(checked.problem().orElse("")).isTrue();

        // the partner's own check: find the line listing b, recompute its hashes from its fields
        String[] lines = file.split("\n");
        JsonNode line = null;
        for (int i = 1; i < lines.length; i++) {
            JsonNode n = JSON.readTree(lines[i]);
            if (n.get("kind").stringValue().equals("DISCLOSED_PAGE")
                    && PageListing.read(n.get("detail").stringValue()).stream()
                            .anyMatch(v -> v.objectId().equals(b) && v.tlp() == Tlp.AMBER)) {
                line = n;
            }
        }
        assertThat(line).as("a page entry listing " + b).isNotNull();
        LedgerEntry.Draft fields =
                new LedgerEntry.Draft(
                        line.get("at").longValue(),
                        LedgerEntry.Kind.DISCLOSED_PAGE,
                        line.get("principal_id").stringValue(),
                        line.get("org_id").stringValue(),
                        Optional.of(line.get("agreement_id").stringValue()),
                        Optional.of(line.get("area").stringValue()),
                        line.get("rule").stringValue(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(line.get("detail").stringValue()));
        String orgHash =
                ReferenceHash.orgHash(
                        fields,
                        line.get("org_seq").longValue(),
                        line.get("org_prev_hash").stringValue());
        assertThat(orgHash).isEqualTo(line.get("org_hash").stringValue());
        assertThat(
                        ReferenceHash.hash(
                                line.get("seq").longValue(),
                                line.get("prev_hash").stringValue(),
                                orgHash))
                .isEqualTo(line.get("hash").stringValue());

        // and a copy of the export that claims b went at GREEN does not pass
        String lowered =
                file.replace(
                        "{\\\"id\\\":\\\""
                                + b
                                + "\\\",\\\"version\\\":\\\"2024-01-01T00:00:00.000Z\\\","
                                + "\\\"type\\\":\\\"indicator\\\",\\\"tlp\\\":\\\"AMBER\\\"}",
                        "{\\\"id\\\":\\\""
                                + b
                                + "\\\",\\\"version\\\":\\\"2024-01-01T00:00:00.000Z\\\","
                                + "\\\"type\\\":\\\"indicator\\\",\\\"tlp\\\":\\\"GREEN\\\"}");
        assertThat(lowered).isNotEqualTo(file);
        VerifyResult forged = ledger.verifyExport(bytes(lowered));
        assertThat(forged.intact()).isFalse();
        assertThat(forged.problem().orElse("")).contains("changed");
    }

    /**
     * Both directions: a version recorded by a per-version entry of an earlier release and again in
     * a page entry counts once as a version and twice as a disclosure or receipt.
     */
    @EachDatabase
    void perVersionEntriesOfEarlierReleasesStillVerifyExportAndCountBesidePageEntries(
            TestNode node) {
        Ledger ledger = node.node().ledger();
        long at = 1_793_000_000_000_000L;
        String org = "org-" + UUID.randomUUID();
        String id = "indicator--" + UUID.randomUUID();
        String other = "indicator--" + UUID.randomUUID();
        String version = "2026-10-26T08:00:00.000Z";
        List<DisclosedVersion> both =
                List.of(
                        DisclosedVersion.of(id, version, Tlp.AMBER),
                        DisclosedVersion.of(other, version, Tlp.GREEN));
        List<LedgerEntry.Draft> drafts = new ArrayList<>();
        drafts.add(
                LedgerEntry.Draft.disclosed(
                        at,
                        "taxii-client-jp",
                        org,
                        "moc-sg-jp-2017",
                        "information-exchange",
                        "rule",
                        id,
                        version,
                        Optional.of(Tlp.AMBER)));
        drafts.addAll(
                LedgerEntry.Draft.pages(
                        LedgerEntry.Kind.DISCLOSED_PAGE,
                        at + 1,
                        "taxii-client-jp",
                        org,
                        "moc-sg-jp-2017",
                        "information-exchange",
                        "rule",
                        both));
        drafts.add(
                LedgerEntry.Draft.received(
                        at + 2,
                        "peer-jp",
                        org,
                        "moc-sg-jp-2017",
                        "information-exchange",
                        "received into threat-intel",
                        id,
                        version,
                        Optional.of(Tlp.AMBER)));
        drafts.addAll(
                LedgerEntry.Draft.pages(
                        LedgerEntry.Kind.RECEIVED_PAGE,
                        at + 3,
                        "peer-jp",
                        org,
                        "moc-sg-jp-2017",
                        "information-exchange",
                        "received into threat-intel",
                        both));
        node.node()
                .database()
                .inTransaction(
                        () -> {
                            ledger.append(drafts, new Ledger.Span(0, 0));
                            return null;
                        });
        assertThat(ledger.verify().intact()).isTrue();
        assertThat(ledger.verify(org).intact()).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ledger.export(org, OptionalLong.empty(), OptionalLong.empty(), out);
        VerifyResult exported = ledger.verifyExport(new ByteArrayInputStream(out.toByteArray()));
        assertThat(exported.intact()).as(exported.problem().orElse("")).isTrue();
        assertThat(exported.checked()).isEqualTo(4);
        // each way, id twice (once per kind of entry) and other once: 2 versions, 3 times
        List<ExchangeRow> rows =
                ledger.report(Optional.of(org), OptionalLong.empty(), OptionalLong.empty());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).total()).isEqualTo(new ExchangeRow.Flow(2, 3, 2, 3));
        assertThat(rows.get(0).byType().get("indicator"))
                .isEqualTo(new ExchangeRow.Flow(2, 3, 2, 3));
        assertThat(rows.get(0).byTlp().get(Tlp.AMBER.label()))
                .isEqualTo(new ExchangeRow.Flow(1, 2, 1, 2));
        assertThat(rows.get(0).byTlp().get(Tlp.GREEN.label()))
                .isEqualTo(new ExchangeRow.Flow(1, 1, 1, 1));
    }

    @Test
    void aPageEntryRefusesWhatItCannotHoldFaithfully() {
        DisclosedVersion v =
                DisclosedVersion.of(
                        "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                        "2026-10-26T08:00:00.000Z",
                        Tlp.AMBER);
        String listing = PageListing.write(List.of(v));
        assertThat(listing)
                .isEqualTo(
                        "{\"objects\":[{\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
                                + "\"version\":\"2026-10-26T08:00:00.000Z\",\"type\":\"indicator\","
                                + "\"tlp\":\"AMBER\"}]}");
        assertThat(PageListing.read(listing)).containsExactly(v);
        assertThatThrownBy(() -> PageListing.read(listing.replace(",\"type\"", ", \"type\"")))
                .hasMessageContaining("canonical");
        assertThatThrownBy(() -> PageListing.read(listing.replace("AMBER", "PURPLE")))
                .hasMessageContaining("unknown tlp 'PURPLE'");
        assertThatThrownBy(
                        () ->
                                PageListing.read(
                                        listing.replace(
                                                "\"type\":\"indicator\"", "\"type\":\"malware\"")))
                .hasMessageContaining("object version 1")
                .hasMessageContaining("not of type");
        // the two escapes JSON requires round-trip; any other spelling of the same text does not
        DisclosedVersion odd = new DisclosedVersion("x-odd--a\"b", "v\\1", "x-odd", Tlp.CLEAR);
        String oddListing = PageListing.write(List.of(odd, v));
        assertThat(oddListing).contains("\"id\":\"x-odd--a\\\"b\"", "\"version\":\"v\\\\1\"");
        assertThat(PageListing.read(oddListing)).containsExactly(odd, v);
        assertThatThrownBy(() -> PageListing.read(oddListing.replace("a\\\"b", "a\\u0022b")))
                .hasMessageContaining("only");
        assertThatThrownBy(() -> PageListing.read(listing + " "))
                .hasMessageContaining("text after its end");
        assertThatThrownBy(() -> PageListing.write(List.of())).hasMessageContaining("1 to 1000");
        List<DisclosedVersion> tooMany = new ArrayList<>();
        for (int i = 0; i <= PageListing.MAX_VERSIONS; i++) {
            tooMany.add(v);
        }
        assertThatThrownBy(() -> PageListing.write(tooMany)).hasMessageContaining("not 1001");
        // a larger page is several entries, in order; other kinds list nothing
        List<LedgerEntry.Draft> split = PageTesting.pages(LedgerEntry.Kind.RECEIVED_PAGE, tooMany);
        assertThat(split).extracting(d -> d.listed().size()).containsExactly(1000, 1);
        assertThatThrownBy(() -> PageTesting.pages(LedgerEntry.Kind.RECEIVED, List.of(v)))
                .hasMessageContaining("do not list");
        // a page entry names no object of its own, and its detail must be a listing
        assertThatThrownBy(
                        () ->
                                new LedgerEntry.Draft(
                                        1_793_000_000_000_000L,
                                        LedgerEntry.Kind.DISCLOSED_PAGE,
                                        "p",
                                        "o",
                                        Optional.of("a"),
                                        Optional.of("information-exchange"),
                                        "rule",
                                        Optional.of(v.objectId()),
                                        Optional.of(v.version()),
                                        Optional.of(v.type()),
                                        Optional.empty(),
                                        Optional.of(listing)))
                .hasMessageContaining("must be empty");
        assertThatThrownBy(
                        () ->
                                new LedgerEntry.Draft(
                                        1_793_000_000_000_000L,
                                        LedgerEntry.Kind.DISCLOSED_PAGE,
                                        "p",
                                        "o",
                                        Optional.of("a"),
                                        Optional.of("information-exchange"),
                                        "rule",
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.of("{\"objects\":[]}")))
                .hasMessageContaining("detail of a DISCLOSED_PAGE entry");
    }
}
