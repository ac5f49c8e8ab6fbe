package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entente.server.db.Dialect;
import org.entente.stix.Tlp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Appending and verifying, on SQLite and PostgreSQL. */
class LedgerTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void appendedEntriesFormBothChainsFromGenesisAndVerify(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry> entries = f.fill(40);

            assertThat(entries)
                    .extracting(LedgerEntry::seq)
                    .containsExactlyElementsOf(range(1, 40));
            assertThat(entries.get(0).prevHash()).isEqualTo("0".repeat(64));
            for (int i = 1; i < entries.size(); i++) {
                assertThat(entries.get(i).prevHash()).isEqualTo(entries.get(i - 1).hash());
            }
            for (String org : List.of("org-a", "org-b", "org-c")) {
                List<LedgerEntry> own =
                        entries.stream().filter(e -> e.orgId().equals(org)).toList();
                assertThat(own)
                        .extracting(LedgerEntry::orgSeq)
                        .containsExactlyElementsOf(range(1, own.size()));
                assertThat(own.get(0).orgPrevHash()).isEqualTo("0".repeat(64));
                for (int i = 1; i < own.size(); i++) {
                    assertThat(own.get(i).orgPrevHash()).isEqualTo(own.get(i - 1).orgHash());
                }
                VerifyResult mine = f.ledger.verify(org);
                assertThat(mine.intact()).as(mine.problem().orElse("")).isTrue();
                assertThat(mine.checked()).isEqualTo(own.size());
                assertThat(mine.headSeq()).isEqualTo(own.size());
                assertThat(mine.headHash()).isEqualTo(own.get(own.size() - 1).orgHash());
            }

            VerifyResult result = f.ledger.verify();
            assertThat(result.intact()).as(result.problem().orElse("")).isTrue();
            assertThat(result.checked()).isEqualTo(40);
            assertThat(result.headSeq()).isEqualTo(40);
            assertThat(result.headHash()).isEqualTo(entries.get(39).hash());
            assertThat(result.chain()).isEqualTo("ledger");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void hashesFollowTheEncodingDocumentedForPartners(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry> entries =
                    f.append(
                            LedgerFixture.disclosure(LedgerFixture.T0, "org-a", 1),
                            LedgerEntry.Draft.agreementChanged(
                                    LedgerFixture.T0 + 5,
                                    "liaison-1",
                                    "org-a",
                                    "agreement-org-a",
                                    "agreement amended: awareness added",
                                    "{\"before\": {\"areas\": [\"information-exchange\"]},\n"
                                            + " \"after\": {\"areas\": [\"information-exchange\","
                                            + " \"awareness\"]}, \"note\": \"Ünïcødé 🛡\"}"));
            for (LedgerEntry e : entries) {
                assertThat(e.orgHash())
                        .isEqualTo(ReferenceHash.orgHash(e.draft(), e.orgSeq(), e.orgPrevHash()));
                assertThat(e.hash())
                        .isEqualTo(ReferenceHash.hash(e.seq(), e.prevHash(), e.orgHash()));
            }
            assertThat(f.ledger.verify().intact()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void theTestVectorOfTheDocumentationHolds(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            LedgerEntry e =
                    f.append(
                                    new LedgerEntry.Draft(
                                            1_793_000_000_000_000L,
                                            LedgerEntry.Kind.DISCLOSED,
                                            "taxii-client-jp",
                                            "jp-nisc",
                                            Optional.of("moc-sg-jp-2017"),
                                            Optional.of("information-exchange"),
                                            "information-exchange: TLP up to AMBER, onward none",
                                            Optional.of(
                                                    "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"),
                                            Optional.of("2026-10-26T08:00:00.000Z"),
                                            Optional.of("indicator"),
                                            Optional.of(Tlp.AMBER),
                                            Optional.empty()))
                            .get(0);
            // docs/ledger.md, "Canonical encoding and hashes"
            assertThat(e.orgHash())
                    .isEqualTo("beda42402c7c83e8ed9a1b60a50b6b65cf32321a87766a268e7e02fe385d5e5e");
            assertThat(e.hash())
                    .isEqualTo("78e6d20c932a3dc3a18dc3e62aec0e0cc35d05f6fbb5d8669825e263de79bce6");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void entriesReadBackExactlyAsAppended(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            LedgerEntry.Draft unusual =
                    new LedgerEntry.Draft(
                            LedgerFixture.T0,
                            LedgerEntry.Kind.RECEIVED,
                            "pull-from-jp",
                            "jp-nisc",
                            Optional.empty(),
                            Optional.empty(),
                            "received under 日本 MoC §4 — onward: constituents",
                            Optional.of("malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b"),
                            Optional.of("2026-11-10T08:59:59.123456Z"),
                            Optional.of("malware"),
                            Optional.empty(),
                            Optional.empty());
            List<LedgerEntry> written = f.append(unusual);

            assertThat(f.ledger.entry(1)).contains(written.get(0));
            assertThat(f.ledger.entry(2)).isEmpty();
            assertThat(f.ledger.verify().intact()).isTrue();
        }
    }

    /** From {@link LedgerDao#COPY_FROM} entries on, PostgreSQL takes them by binary COPY. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void entriesAppendedInBulkReadBackExactlyAsAppended(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry.Draft> drafts = new ArrayList<>();
            for (int i = 0; i < LedgerDao.COPY_FROM + 1; i++) {
                drafts.add(
                        i % 2 == 0
                                ? LedgerFixture.disclosure(LedgerFixture.T0 + i, "org-" + i % 3, i)
                                : new LedgerEntry.Draft(
                                        LedgerFixture.T0 + i,
                                        LedgerEntry.Kind.RECEIVED,
                                        "pull-from-jp",
                                        "jp-nisc",
                                        i % 3 == 0
                                                ? Optional.empty()
                                                : Optional.of("agreement-" + i),
                                        i % 3 == 0 ? Optional.empty() : Optional.of("awareness"),
                                        "received under 日本 MoC §4 — onward: constituents " + i,
                                        Optional.of(
                                                "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b"),
                                        Optional.of("2026-11-10T08:59:59.123456Z"),
                                        Optional.of("malware"),
                                        i % 3 == 1
                                                ? Optional.of(Tlp.AMBER_STRICT)
                                                : Optional.empty(),
                                        Optional.empty()));
            }
            List<LedgerEntry> written = f.append(drafts);
            List<LedgerEntry> more = f.append(drafts.subList(0, LedgerDao.COPY_FROM));

            for (LedgerEntry e : written) {
                assertThat(f.ledger.entry(e.seq())).contains(e);
            }
            assertThat(more.get(0).seq()).isEqualTo(LedgerDao.COPY_FROM + 2);
            assertThat(f.ledger.entry(more.get(more.size() - 1).seq()))
                    .contains(more.get(more.size() - 1));
            VerifyResult r = f.ledger.verify();
            assertThat(r.intact()).isTrue();
            assertThat(r.checked()).isEqualTo(2L * LedgerDao.COPY_FROM + 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void appendRefusesToRunOutsideATransaction(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            assertThatThrownBy(
                            () ->
                                    f.ledger.append(
                                            List.of(
                                                    LedgerFixture.disclosure(
                                                            LedgerFixture.T0, "org-a", 1))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inside the caller's transaction");
            assertThat(f.ledger.verify().checked()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void entriesOfARolledBackTransactionVanishWithIt(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            f.fill(5);
            f.appendRolledBack(LedgerFixture.disclosure(LedgerFixture.T0, "org-z", 9));
            List<LedgerEntry> next =
                    f.append(LedgerFixture.disclosure(LedgerFixture.T0, "org-z", 9));

            assertThat(next.get(0).seq()).isEqualTo(6);
            assertThat(next.get(0).orgSeq()).isEqualTo(1);
            assertThat(f.ledger.verify().intact()).isTrue();
            assertThat(f.ledger.verify().checked()).isEqualTo(6);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anEmptyLedgerIsIntact(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            assertThat(f.append(List.of())).isEmpty();
            VerifyResult r = f.ledger.verify();
            assertThat(r.intact()).isTrue();
            assertThat(r.checked()).isZero();
            assertThat(r.headHash()).isEqualTo("0".repeat(64));
            assertThat(f.ledger.verify("nobody").intact()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aThousandEntriesAppendInOneCallAndVerifyInTheDefaultRanges(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect, Verifier.MIN_RANGE)) {
            List<LedgerEntry.Draft> drafts = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                drafts.add(LedgerFixture.disclosure(LedgerFixture.T0 + i, "org-" + i % 7, i));
            }
            long started = System.nanoTime();
            List<LedgerEntry> entries = f.append(drafts);
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(entries).hasSize(1000);
            // generous: the point is one statement, not a round trip per entry (docs/benchmarks)
            assertThat(millis).isLessThan(5_000);
            assertThat(f.ledger.verify().checked()).isEqualTo(1000);
            assertThat(f.ledger.verify().intact()).isTrue();
        }
    }

    @org.junit.jupiter.api.Test
    void draftsRefuseWhatCannotBeStoredFaithfullyNamingTheField() {
        long t = LedgerFixture.T0;
        assertThatThrownBy(() -> LedgerFixture.disclosure(t / 1000, "org-a", 1))
                .hasMessageContaining("at must be microseconds")
                .hasMessageContaining("milliseconds instead of microseconds");
        assertThatThrownBy(
                        () ->
                                LedgerEntry.Draft.disclosed(
                                        t,
                                        " ",
                                        "org",
                                        "agr",
                                        "area",
                                        "rule",
                                        "indicator--1",
                                        "v",
                                        Optional.empty()))
                .hasMessageContaining("principalId is required");
        assertThatThrownBy(
                        () ->
                                LedgerEntry.Draft.disclosed(
                                        t,
                                        "p",
                                        "org",
                                        "agr",
                                        "area",
                                        "rule\u001fhidden",
                                        "indicator--1",
                                        "v",
                                        Optional.empty()))
                .hasMessageContaining("rule must not contain control characters (U+001F");
        assertThatThrownBy(
                        () ->
                                LedgerEntry.Draft.disclosed(
                                        t,
                                        "p",
                                        "org",
                                        "agr",
                                        "area",
                                        "rule",
                                        "indicator--1",
                                        "v\uD800",
                                        Optional.empty()))
                .hasMessageContaining("objectVersion has an unpaired surrogate");
        assertThatThrownBy(
                        () ->
                                new LedgerEntry.Draft(
                                        t,
                                        LedgerEntry.Kind.DISCLOSED,
                                        "p",
                                        "org",
                                        Optional.empty(),
                                        Optional.empty(),
                                        "rule",
                                        Optional.of("indicator--1"),
                                        Optional.of("v"),
                                        Optional.of("malware"),
                                        Optional.of(Tlp.RED),
                                        Optional.empty()))
                .hasMessageContaining("objectId 'indicator--1' is not of objectType 'malware'");
        assertThatThrownBy(
                        () ->
                                new LedgerEntry.Draft(
                                        t,
                                        LedgerEntry.Kind.RECEIVED,
                                        "p",
                                        "org",
                                        Optional.empty(),
                                        Optional.empty(),
                                        "rule",
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty()))
                .hasMessageContaining("objectId, objectVersion and objectType are required");
        assertThatThrownBy(
                        () ->
                                LedgerEntry.Draft.agreementChanged(
                                        t, "p", "org", "agr", "r", "{oops"))
                .hasMessageContaining("detail must be JSON text");
        assertThatThrownBy(
                        () ->
                                LedgerEntry.Draft.disclosed(
                                        t,
                                        "p",
                                        "o".repeat(201),
                                        "agr",
                                        "area",
                                        "rule",
                                        "indicator--1",
                                        "v",
                                        Optional.empty()))
                .hasMessageContaining("orgId must be at most 200 characters");
    }

    static List<Long> range(long from, long to) {
        List<Long> r = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            r.add(i);
        }
        return r;
    }

    static Map<String, Object> lower(Map<String, Object> row) {
        Map<String, Object> m = new java.util.HashMap<>();
        row.forEach((k, v) -> m.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return m;
    }
}
