package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.entente.server.db.Dialect;
import org.entente.stix.Tlp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The exchange report, per organisation, area and quarter, on SQLite and PostgreSQL. */
class ReportTest {
    private static final String A = "indicator--0a000000-0000-4000-8000-000000000001";
    private static final String B = "indicator--0b000000-0000-4000-8000-000000000002";
    private static final String C = "malware--0c000000-0000-4000-8000-000000000003";
    private static final String D = "report--0d000000-0000-4000-8000-000000000004";
    private static final String E = "indicator--0e000000-0000-4000-8000-000000000005";
    private static final String R = "report--0f000000-0000-4000-8000-000000000006";
    private static final String V1 = "2026-07-01T00:00:00.000Z";
    private static final String V2 = "2026-11-01T00:00:00.000Z";

    private static long at(String instant) {
        return Instant.parse(instant).getEpochSecond() * 1_000_000L;
    }

    private static LedgerEntry.Draft sent(
            String when, String org, String area, String id, String v, Tlp tlp) {
        return LedgerEntry.Draft.disclosed(
                at(when),
                "taxii-" + org,
                org,
                "moc-" + org,
                area,
                area + ": rule",
                id,
                v,
                Optional.of(tlp));
    }

    private static LedgerEntry.Draft got(
            String when, String org, String area, String id, String v, Tlp tlp) {
        return LedgerEntry.Draft.received(
                at(when),
                "pull-" + org,
                org,
                "moc-" + org,
                area,
                area + ": rule",
                id,
                v,
                Optional.of(tlp));
    }

    private static void exchange(LedgerFixture f) {
        String ie = "information-exchange";
        f.append(
                sent("2026-08-15T10:00:00Z", "jp-nisc", ie, A, V1, Tlp.AMBER),
                // Q4: A v1 twice (two pages), B, C, then A's next version; R received
                sent("2026-10-01T00:00:00Z", "jp-nisc", ie, A, V1, Tlp.AMBER),
                sent("2026-10-02T00:00:00Z", "jp-nisc", ie, A, V1, Tlp.AMBER),
                sent("2026-10-03T00:00:00Z", "jp-nisc", ie, B, V1, Tlp.GREEN),
                sent("2026-11-03T00:00:00Z", "jp-nisc", ie, C, V1, Tlp.AMBER),
                got("2026-11-04T00:00:00Z", "jp-nisc", ie, R, V1, Tlp.CLEAR),
                sent("2026-12-31T23:59:59Z", "jp-nisc", ie, A, V2, Tlp.AMBER),
                sent("2026-11-05T00:00:00Z", "jp-nisc", "awareness", D, V1, Tlp.GREEN),
                LedgerEntry.Draft.agreementChanged(
                        at("2026-11-06T00:00:00Z"),
                        "liaison",
                        "jp-nisc",
                        "moc-jp-nisc",
                        "renewed",
                        "{\"expiry\":\"2028-01-01\"}"),
                got("2026-11-07T00:00:00Z", "sg-csa", ie, E, V1, Tlp.AMBER),
                got("2026-11-08T00:00:00Z", "sg-csa", ie, E, V1, Tlp.AMBER));
    }

    private static ExchangeRow.Flow flow(
            long sent, long disclosures, long received, long receipts) {
        return new ExchangeRow.Flow(sent, disclosures, received, receipts);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void countsObjectVersionsAndDisclosuresPerOrganisationAreaAndQuarter(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            exchange(f);

            List<ExchangeRow> rows =
                    f.ledger.report(Optional.empty(), OptionalLong.empty(), OptionalLong.empty());

            assertThat(rows)
                    .extracting(r -> r.orgId() + " " + r.area().orElse("-") + " " + r.quarter())
                    .containsExactly(
                            "jp-nisc awareness 2026-Q4",
                            "jp-nisc information-exchange 2026-Q3",
                            "jp-nisc information-exchange 2026-Q4",
                            "sg-csa information-exchange 2026-Q4");
            ExchangeRow awareness = rows.get(0);
            assertThat(awareness.total()).isEqualTo(flow(1, 1, 0, 0));
            assertThat(awareness.byTlp()).isEqualTo(Map.of("TLP:GREEN", flow(1, 1, 0, 0)));
            assertThat(awareness.byType()).isEqualTo(Map.of("report", flow(1, 1, 0, 0)));

            assertThat(rows.get(1).total()).isEqualTo(flow(1, 1, 0, 0));

            ExchangeRow q4 = rows.get(2);
            assertThat(q4.total()).isEqualTo(flow(4, 5, 1, 1));
            assertThat(q4.byTlp().keySet()).containsExactly("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER");
            assertThat(q4.byTlp())
                    .containsEntry("TLP:CLEAR", flow(0, 0, 1, 1))
                    .containsEntry("TLP:GREEN", flow(1, 1, 0, 0))
                    .containsEntry("TLP:AMBER", flow(3, 4, 0, 0));
            assertThat(q4.byType().keySet()).containsExactly("indicator", "malware", "report");
            assertThat(q4.byType())
                    .containsEntry("indicator", flow(3, 4, 0, 0))
                    .containsEntry("malware", flow(1, 1, 0, 0))
                    .containsEntry("report", flow(0, 0, 1, 1));

            ExchangeRow sg = rows.get(3);
            assertThat(sg.total()).isEqualTo(flow(0, 0, 1, 2));
            assertThat(sg.byTlp()).isEqualTo(Map.of("TLP:AMBER", flow(0, 0, 1, 2)));
        }
    }

    private static List<LedgerEntry.Draft> page(String when, DisclosedVersion... versions) {
        return LedgerEntry.Draft.pages(
                LedgerEntry.Kind.DISCLOSED_PAGE,
                at(when),
                "taxii-jp-nisc",
                "jp-nisc",
                "moc-jp-nisc",
                "information-exchange",
                "information-exchange: rule",
                List.of(versions));
    }

    /**
     * A version that went under two TLPs (re-marked between two reads) is one object version in
     * all, and one under each TLP; listed by pages (packed on SQLite, text on PostgreSQL) and by a
     * per-version entry alike.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aVersionUnderTwoTlpsCountsOnceUnderEach(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            for (List<LedgerEntry.Draft> p :
                    List.of(
                            page(
                                    "2026-10-01T00:00:00Z",
                                    new DisclosedVersion(A, V1, "indicator", Tlp.AMBER),
                                    new DisclosedVersion(B, V1, "indicator", Tlp.AMBER)),
                            page(
                                    "2026-10-02T00:00:00Z",
                                    new DisclosedVersion(A, V1, "indicator", Tlp.GREEN)),
                            page(
                                    "2026-10-03T00:00:00Z",
                                    new DisclosedVersion(A, V1, "indicator", Tlp.AMBER),
                                    new DisclosedVersion(C, V1, "malware", Tlp.AMBER)))) {
                f.db.inTransaction(() -> f.ledger.append(p, new Ledger.Span(1, 2)));
            }
            f.append(
                    sent(
                            "2026-10-04T00:00:00Z",
                            "jp-nisc",
                            "information-exchange",
                            B,
                            V1,
                            Tlp.GREEN));

            List<ExchangeRow> rows =
                    f.ledger.report(Optional.empty(), OptionalLong.empty(), OptionalLong.empty());

            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).total()).isEqualTo(flow(3, 6, 0, 0));
            assertThat(rows.get(0).byTlp())
                    .containsExactly(
                            Map.entry("TLP:GREEN", flow(2, 2, 0, 0)),
                            Map.entry("TLP:AMBER", flow(3, 4, 0, 0)));
            assertThat(rows.get(0).byType())
                    .isEqualTo(
                            Map.of(
                                    "indicator", flow(2, 5, 0, 0),
                                    "malware", flow(1, 1, 0, 0)));
        }
    }

    /**
     * An altered ledger can name more TLPs than one set marks (the report shows a name it does not
     * know as it is, and verification objects to it): each is still counted exactly.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void moreTlpsThanOneSetMarksAreStillCountedExactly(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            String ie = "information-exchange";
            int names = VersionSet.MARKS + 4;
            List<LedgerEntry.Draft> drafts = new java.util.ArrayList<>();
            for (int i = 0; i < names; i++) {
                drafts.add(
                        sent(
                                "2026-10-01T00:00:0" + (i % 10) + "Z",
                                "jp-nisc",
                                ie,
                                A,
                                V1,
                                Tlp.AMBER));
            }
            drafts.add(sent("2026-10-02T00:00:00Z", "jp-nisc", ie, B, V1, Tlp.AMBER));
            drafts.add(sent("2026-10-02T00:00:01Z", "jp-nisc", ie, B, V1, Tlp.AMBER));
            f.append(drafts.toArray(LedgerEntry.Draft[]::new));
            // A under names TLP names of its own, in the order of seq; B under the last of them
            List<Long> seqs =
                    f.db.jdbc()
                            .sql(
                                    "SELECT seq FROM ledger_entries WHERE kind = 'DISCLOSED'"
                                            + " ORDER BY seq")
                            .query(Long.class)
                            .list();
            for (int i = 0; i < seqs.size(); i++) {
                f.db.jdbc()
                        .sql("UPDATE ledger_entries SET tlp = :tlp WHERE seq = :seq")
                        .param("tlp", "X" + Math.min(i, names - 1))
                        .param("seq", seqs.get(i))
                        .update();
            }

            List<ExchangeRow> rows =
                    f.ledger.report(Optional.empty(), OptionalLong.empty(), OptionalLong.empty());

            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).total()).isEqualTo(flow(2, names + 2, 0, 0));
            Map<String, ExchangeRow.Flow> byTlp = rows.get(0).byTlp();
            assertThat(byTlp).hasSize(names);
            for (int i = 0; i < names - 1; i++) {
                assertThat(byTlp).containsEntry("X" + i, flow(1, 1, 0, 0));
            }
            assertThat(byTlp).containsEntry("X" + (names - 1), flow(2, 3, 0, 0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aReportForOneOrganisationAndPeriodCountsOnlyThose(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            exchange(f);

            List<ExchangeRow> rows =
                    f.ledger.report(
                            Optional.of("jp-nisc"),
                            OptionalLong.of(at("2026-10-02T00:00:00Z")),
                            OptionalLong.of(at("2026-12-31T23:59:59Z")));

            assertThat(rows)
                    .extracting(r -> r.area().orElse("-") + " " + r.quarter())
                    .containsExactly("awareness 2026-Q4", "information-exchange 2026-Q4");
            // from A v1's second disclosure to before A v2: A v1, B, C sent; R received
            assertThat(rows.get(1).total()).isEqualTo(flow(3, 3, 1, 1));
            assertThat(
                            f.ledger.report(
                                    Optional.of("nobody"),
                                    OptionalLong.empty(),
                                    OptionalLong.empty()))
                    .isEmpty();
        }
    }

    /**
     * The report keeps a set of versions per group to count them once each; it held every group's
     * at once, so its memory grew with what every partner was ever given (tens of megabytes a
     * partner at a million versions, times the partners: past a 256 MB heap). It now counts one
     * organisation's quarter at a time, whatever the order the entries were appended in.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void theReportHoldsOneOrganisationsQuarterAtATime(Dialect dialect) {
        int n = 40;
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            // two partners, two quarters each, appended interleaved and out of time order
            for (String when : List.of("2026-11-02T00:00:00Z", "2026-08-02T00:00:00Z")) {
                for (String org : List.of("jp-nisc", "sg-csa")) {
                    List<DisclosedVersion> versions = new java.util.ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        versions.add(
                                new DisclosedVersion(
                                        String.format(
                                                "indicator--%08x-0000-4000-8000-%012x",
                                                org.hashCode() & 0xffffffffL, i),
                                        V1,
                                        "indicator",
                                        i % 2 == 0 ? Tlp.AMBER : Tlp.GREEN));
                    }
                    pages(f, when, org, versions);
                }
            }
            ExchangeReport.Counted report = everything(f, true, OptionalLong.empty());
            assertThat(report.rows()).hasSize(4);
            for (ExchangeRow row : report.rows()) {
                assertThat(row.total()).isEqualTo(new ExchangeRow.Flow(n, n, 0, 0));
            }
            // one quarter of one partner: its versions in the total's set, each marked with the
            // TLPs it went under (a set per TLP had held every version again, 2n)
            assertThat(report.mostVersionsHeld()).isEqualTo((long) n);
        }
    }

    /** A page entry of versions given to {@code org} under information exchange, as TLP:AMBER. */
    private static void page(LedgerFixture f, String when, String org, String... ids) {
        List<DisclosedVersion> versions = new java.util.ArrayList<>();
        for (String id : ids) {
            versions.add(DisclosedVersion.of(id, V1, Tlp.AMBER));
        }
        pages(f, when, org, versions);
    }

    /** The page entries of {@code versions} given to {@code org} under information exchange. */
    private static void pages(
            LedgerFixture f, String when, String org, List<DisclosedVersion> versions) {
        List<LedgerEntry.Draft> pages =
                LedgerEntry.Draft.pages(
                        LedgerEntry.Kind.DISCLOSED_PAGE,
                        at(when),
                        "taxii-" + org,
                        org,
                        "moc-" + org,
                        "information-exchange",
                        "information-exchange: rule",
                        versions);
        f.db.inTransaction(() -> f.ledger.append(pages, new Ledger.Span(1, 2)));
    }

    /**
     * The dashboard's flows are the totals over 90 days and over their last 30. Two reports read
     * the last 30 days' entries and listings twice; one read now counts both: the last 30 days'
     * versions take a mark in the period's sets. Each part gives what its own report gives,
     * wherever the recent part starts (on an entry, between quarters, at either end of the period),
     * and a version given before the recent part and again within it counts in the recent part.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aPeriodAndItsRecentPartAreCountedInOneReadAsTheirOwnReportsWould(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            exchange(f);
            page(f, "2026-10-20T00:00:00Z", "jp-nisc", A, B, C);
            page(f, "2026-11-20T00:00:00Z", "jp-nisc", A, C, E);
            page(f, "2026-09-20T00:00:00Z", "sg-csa", A, B);

            Ledger.RecentTotals recent =
                    f.ledger.reportTotals(
                            at("2026-07-01T00:00:00Z"),
                            at("2026-11-04T00:00:00Z"),
                            at("2027-01-01T00:00:00Z"));
            assertThat(recent.recent())
                    .extracting(r -> r.orgId() + " " + r.area().orElse("-") + " " + r.total())
                    .containsExactly(
                            "jp-nisc awareness " + flow(1, 1, 0, 0),
                            // A v1, C v1 (both given before too), E v1 in a page; A v2; R received
                            "jp-nisc information-exchange " + flow(4, 4, 1, 1),
                            "sg-csa information-exchange " + flow(0, 0, 1, 2));

            List<String> times =
                    List.of(
                            "2026-07-01T00:00:00Z",
                            "2026-08-15T10:00:00Z",
                            "2026-10-01T00:00:00Z",
                            "2026-10-02T00:00:00Z",
                            "2026-11-04T00:00:00Z",
                            "2026-11-20T00:00:00Z",
                            "2026-12-31T23:59:59Z",
                            "2027-01-01T00:00:00Z");
            for (int from = 0; from < times.size(); from++) {
                for (int to = from; to < times.size(); to++) {
                    for (int cut = from; cut <= to; cut++) {
                        long fromAt = at(times.get(from));
                        long cutAt = at(times.get(cut));
                        long toAt = at(times.get(to));
                        Ledger.RecentTotals both = f.ledger.reportTotals(fromAt, cutAt, toAt);
                        String what = times.get(from) + " " + times.get(cut) + " " + times.get(to);
                        assertThat(both.period())
                                .as(what)
                                .isEqualTo(
                                        f.ledger.reportTotals(
                                                OptionalLong.of(fromAt), OptionalLong.of(toAt)));
                        assertThat(both.recent())
                                .as(what)
                                .isEqualTo(
                                        f.ledger.reportTotals(
                                                OptionalLong.of(cutAt), OptionalLong.of(toAt)));
                    }
                }
            }

            // one read: every counted entry of the period once
            ExchangeReport.Counted once =
                    everything(f, false, OptionalLong.of(at("2026-11-04T00:00:00Z")));
            assertThat(once.entriesRead()).isEqualTo(13);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aRecentPartOutsideItsPeriodIsRefused(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            long day = at("2026-11-02T00:00:00Z") - at("2026-11-01T00:00:00Z");
            long from = at("2026-11-01T00:00:00Z");
            assertThatThrownBy(() -> f.ledger.reportTotals(from, from - 1, from + day))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("recent part");
            assertThatThrownBy(() -> f.ledger.reportTotals(from, from + day + 1, from + day))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("recent part");
        }
    }

    /** The report of every organisation over all time, with what it held and read. */
    private static ExchangeReport.Counted everything(
            LedgerFixture f, boolean breakdowns, OptionalLong recentFrom) {
        return ExchangeReport.withMemory(
                new LedgerDao(f.db),
                Optional.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                breakdowns,
                recentFrom);
    }

    @org.junit.jupiter.api.Test
    void quartersAreCalendarQuartersInUtc() {
        assertThat(ExchangeReport.quarters(at("2025-12-31T23:59:59Z"), at("2026-04-01T00:00:00Z")))
                .extracting(ExchangeReport::label)
                .containsExactly("2025-Q4", "2026-Q1", "2026-Q2");
    }
}
