package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.entente.server.db.Dialect;
import org.entente.stix.Tlp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SQLite stores a page entry's listing packed (docs/adr/0041), PostgreSQL as text; on both, every
 * reader gets the canonical text the entry's hash covers (the object page's lookup of a listing:
 * {@link PageSpansTest}), an entry stored the other way (written before, or changed behind the
 * node's back) is read the same way, and a packed listing changed behind the ledger's back breaks
 * the chain at its entry, in the database and in an export.
 */
class PackedPageEntryTest {
    private static final String ORG = "org-packed";

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aPageEntryIsStoredPackedOnSqliteAndReadBackAsItsText(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<DisclosedVersion> versions = versions(1000, 0);
            LedgerEntry page = appendPage(f, versions, 100);
            String text = page.draft().detail().orElseThrow();

            byte[] packed = listing(f, page.seq());
            if (dialect == Dialect.SQLITE) {
                assertThat(storedText(f, page.seq())).isNull();
                assertThat(packed.length).isLessThan(text.length() / 4);
                assertThat(PackedListing.unpack(packed)).isEqualTo(versions);
            } else {
                assertThat(packed).isNull();
                assertThat(storedText(f, page.seq())).isEqualTo(text);
            }
            assertThat(f.ledger.entry(page.seq())).hasValue(page);
            f.assertIntact(ORG);
            assertThat(
                            f.ledger.report(
                                    java.util.Optional.of(ORG),
                                    OptionalLong.empty(),
                                    OptionalLong.empty()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.total().sentObjects()).isEqualTo(1000));
            ByteArrayOutputStream export = new ByteArrayOutputStream();
            f.ledger.export(ORG, OptionalLong.empty(), OptionalLong.empty(), export);
            assertThat(export.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains(text.replace("\"", "\\\""));
            VerifyResult checked =
                    f.ledger.verifyExport(new ByteArrayInputStream(export.toByteArray()));
            assertThat(checked.intact()).as(checked.problem().orElse("")).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aListingStoredTheOtherWayIsReadAndVerifiedAlike(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<DisclosedVersion> versions = versions(30, 0);
            LedgerEntry page = appendPage(f, versions, 100);
            String text = page.draft().detail().orElseThrow();
            if (dialect == Dialect.SQLITE) {
                // as written before V16: the text, nothing packed
                f.sql(
                        "UPDATE ledger_entries SET detail = ?, listing = NULL WHERE seq = ?",
                        text,
                        page.seq());
            } else {
                f.sql(
                        "UPDATE ledger_entries SET detail = NULL, listing = ? WHERE seq = ?",
                        PackedListing.pack(versions),
                        page.seq());
            }
            assertThat(f.ledger.entry(page.seq())).hasValue(page);
            f.assertIntact(ORG);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aPackedListingChangedBehindTheLedgersBackBreaksTheChainAtItsEntry(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            f.fill(10);
            List<DisclosedVersion> versions = versions(40, 0);
            LedgerEntry page = appendPage(f, versions, 100);
            f.fill(5);
            byte[] packed = PackedListing.pack(versions);
            f.sql(
                    "UPDATE ledger_entries SET detail = NULL, listing = ? WHERE seq = ?",
                    packed,
                    page.seq());
            f.assertIntact(ORG);

            // a version left out, one changed, one more listed: all read back, none its text
            List<DisclosedVersion> forged = new ArrayList<>(versions);
            forged.remove(3);
            assertBrokenAt(f, page, PackedListing.pack(forged), "do not match its hash");
            forged = new ArrayList<>(versions);
            DisclosedVersion v = forged.get(3);
            forged.set(
                    3,
                    new DisclosedVersion(
                            v.objectId(), "2020-01-01T00:00:00.000Z", v.type(), v.tlp()));
            assertBrokenAt(f, page, PackedListing.pack(forged), "do not match its hash");
            forged = new ArrayList<>(versions);
            forged.add(versions(1, 99).get(0));
            assertBrokenAt(f, page, PackedListing.pack(forged), "do not match its hash");
            // a UUID's byte changed
            byte[] changed = packed.clone();
            changed[changed.length - 12] ^= 1;
            assertBrokenAt(f, page, changed, "do not match its hash");
            // cut short, or not a listing at all
            assertBrokenAt(
                    f,
                    page,
                    Arrays.copyOf(packed, packed.length / 2),
                    "cannot be read as the ledger wrote it: the stored listing is damaged at byte");
            assertBrokenAt(f, page, new byte[] {2, 1}, "its form is 2, not 1");
            // the text beside the packed form
            f.sql("UPDATE ledger_entries SET detail = ? WHERE seq = ?", "{}", page.seq());
            try {
                VerifyResult r = f.ledger.verify();
                assertThat(r.firstBrokenSeq()).hasValue(page.seq());
                assertThat(r.problem().orElseThrow())
                        .contains("holds its listing both as text and packed");
                assertThatThrownBy(() -> f.ledger.entry(page.seq()))
                        .hasMessageContaining(
                                "ledger entry "
                                        + page.seq()
                                        + " holds its listing both as text and packed");
            } finally {
                f.sql("UPDATE ledger_entries SET detail = NULL WHERE seq = ?", page.seq());
            }
            f.assertIntact(ORG);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anExportOfADamagedPackedListingFailsThePartnersCheckAtItsEntry(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<DisclosedVersion> versions = versions(40, 0);
            LedgerEntry page = appendPage(f, versions, 100);
            byte[] packed = PackedListing.pack(versions);
            f.sql(
                    "UPDATE ledger_entries SET detail = NULL, listing = ? WHERE seq = ?",
                    Arrays.copyOf(packed, 10),
                    page.seq());
            ByteArrayOutputStream export = new ByteArrayOutputStream();
            f.ledger.export(ORG, OptionalLong.empty(), OptionalLong.empty(), export);
            VerifyResult checked =
                    f.ledger.verifyExport(new ByteArrayInputStream(export.toByteArray()));
            assertThat(checked.intact()).isFalse();
            assertThat(checked.firstBrokenSeq()).hasValue(page.orgSeq());
        }
    }

    private static void assertBrokenAt(
            LedgerFixture f, LedgerEntry page, byte[] listing, String problem) {
        byte[] original = listing(f, page.seq());
        f.sql("UPDATE ledger_entries SET listing = ? WHERE seq = ?", listing, page.seq());
        try {
            VerifyResult all = f.ledger.verify();
            assertThat(all.firstBrokenSeq()).as(all.problem().orElse("")).hasValue(page.seq());
            assertThat(all.problem().orElseThrow()).contains(problem);
            VerifyResult org = f.ledger.verify(ORG);
            assertThat(org.firstBrokenSeq()).hasValue(page.orgSeq());
            assertThat(org.problem().orElseThrow()).contains(problem);
        } finally {
            f.sql("UPDATE ledger_entries SET listing = ? WHERE seq = ?", original, page.seq());
        }
    }

    private static LedgerEntry appendPage(
            LedgerFixture f, List<DisclosedVersion> versions, long from) {
        List<LedgerEntry.Draft> pages =
                LedgerEntry.Draft.pages(
                        LedgerEntry.Kind.DISCLOSED_PAGE,
                        LedgerFixture.T0 + from,
                        "taxii-" + ORG,
                        ORG,
                        "agreement-packed",
                        "information-exchange",
                        "information-exchange: TLP up to AMBER, onward none",
                        versions);
        assertThat(pages).hasSize(1);
        return f.db.inTransaction(
                        () -> f.ledger.append(pages, new Ledger.Span(from, from + versions.size())))
                .get(0);
    }

    /** {@code n} versions of random-looking ids, every TLP, a few types. */
    private static List<DisclosedVersion> versions(int n, int seed) {
        List<DisclosedVersion> versions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String type = i % 7 == 0 ? "malware" : "indicator";
            versions.add(
                    new DisclosedVersion(
                            type
                                    + "--"
                                    + UUID.nameUUIDFromBytes(
                                            new byte[] {(byte) seed, (byte) i, (byte) (i >> 8)}),
                            "2026-11-0" + (1 + i % 9) + "T00:00:00." + (100 + i % 900) + "Z",
                            type,
                            Tlp.values()[i % Tlp.values().length]));
        }
        return versions;
    }

    private static byte[] listing(LedgerFixture f, long seq) {
        return f.db.jdbc()
                .sql("SELECT listing FROM ledger_entries WHERE seq = ?")
                .param(seq)
                .query((rs, n) -> rs.getBytes(1))
                .list()
                .get(0);
    }

    private static String storedText(LedgerFixture f, long seq) {
        return f.db.jdbc()
                .sql("SELECT detail FROM ledger_entries WHERE seq = ?")
                .param(seq)
                .query((rs, n) -> rs.getString(1))
                .list()
                .get(0);
    }
}
