package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.entente.server.db.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Someone with write access to the database edits, removes, reorders or forges entries; {@code
 * verify} must find each, on SQLite and PostgreSQL. Ranges of seven entries on three threads, so
 * tampering lands at range boundaries as well as inside ranges.
 */
class TamperingTest {
    private static final int N = 60;

    /** An edit of one column of an entry: the column and its new value given the old row. */
    private record Edit(String column, Function<Map<String, Object>, Object> value) {}

    private static String otherHex(Object hex) {
        String h = (String) hex;
        return h.substring(0, 63) + (h.charAt(63) == '0' ? '1' : '0');
    }

    private static final List<Edit> EDITS =
            List.of(
                    new Edit("at", r -> ((Number) r.get("at")).longValue() + 1),
                    new Edit("kind", r -> "RECEIVED"),
                    new Edit("principal_id", r -> "someone-else"),
                    new Edit("org_id", r -> "org-unknown"),
                    new Edit("agreement_id", r -> "agreement-forged"),
                    new Edit("agreement_id", r -> null),
                    new Edit("area", r -> "policy-dialogue"),
                    new Edit("area", r -> ""),
                    new Edit("rule", r -> "information-exchange: anything goes"),
                    new Edit("object_id", r -> "indicator--00000000-0000-4000-8000-000000000000"),
                    new Edit("object_version", r -> "2027-01-01T00:00:00.000Z"),
                    new Edit("object_type", r -> "malware"),
                    new Edit("object_type", r -> null),
                    new Edit("tlp", r -> "CLEAR"),
                    new Edit("tlp", r -> null),
                    new Edit("detail", r -> "{}"),
                    new Edit("prev_hash", r -> otherHex(r.get("prev_hash"))),
                    new Edit("hash", r -> otherHex(r.get("hash"))),
                    new Edit("org_seq", r -> ((Number) r.get("org_seq")).longValue() + 1000),
                    new Edit("org_prev_hash", r -> otherHex(r.get("org_prev_hash"))),
                    new Edit("org_hash", r -> otherHex(r.get("org_hash"))));

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anEditOfAnyFieldOfAnyEntryIsFoundAtThatEntry(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            f.fill(N);
            // first, middle, a range boundary (7, 8), last
            for (long seq : new long[] {1, 7, 8, 31, N}) {
                Map<String, Object> original = LedgerTest.lower(f.row(seq));
                for (Edit edit : EDITS) {
                    Object value = edit.value().apply(original);
                    f.sql(
                            "UPDATE ledger_entries SET " + edit.column() + " = ? WHERE seq = ?",
                            value,
                            seq);

                    VerifyResult r = f.ledger.verify();

                    assertThat(r.intact())
                            .as("%s of entry %d set to %s", edit.column(), seq, value)
                            .isFalse();
                    assertThat(r.firstBrokenSeq().getAsLong())
                            .as("%s of entry %d: %s", edit.column(), seq, r.problem().orElse(""))
                            .isEqualTo(seq);
                    assertThat(r.problem().orElseThrow()).contains("entry " + seq);
                    f.sql(
                            "UPDATE ledger_entries SET " + edit.column() + " = ? WHERE seq = ?",
                            original.get(edit.column()),
                            seq);
                }
            }
            // every edit undone: the same ledger is intact again, so the breaks were the edits
            assertThat(f.ledger.verify().intact()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void valuesTheLedgerNeverWritesAreFound(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            f.fill(N);
            String original = (String) LedgerTest.lower(f.row(9)).get("rule");
            f.sql("UPDATE ledger_entries SET rule = ? WHERE seq = 9", "split\u001fhere");
            assertThat(f.ledger.verify().firstBrokenSeq()).hasValue(9);
            f.sql("UPDATE ledger_entries SET rule = ? WHERE seq = 9", original);

            String hash = (String) LedgerTest.lower(f.row(9)).get("org_prev_hash");
            f.sql("UPDATE ledger_entries SET org_prev_hash = ? WHERE seq = 9", "abc");
            VerifyResult r = f.ledger.verify();
            assertThat(r.firstBrokenSeq()).hasValue(9);
            assertThat(r.problem().orElseThrow()).contains("a hash is not 64 characters long");
            f.sql("UPDATE ledger_entries SET org_prev_hash = ? WHERE seq = 9", hash);

            assertThat(f.ledger.verify().intact()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anEditIsFoundByTheOrganisationsOwnChainToo(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry> entries = f.fill(N);
            LedgerEntry victim = entries.get(30);
            f.sql("UPDATE ledger_entries SET tlp = 'GREEN' WHERE seq = ?", victim.seq());

            VerifyResult own = f.ledger.verify(victim.orgId());
            assertThat(own.intact()).isFalse();
            assertThat(own.firstBrokenSeq()).hasValue(victim.orgSeq());
            assertThat(own.problem().orElseThrow())
                    .contains("organisation's entry " + victim.orgSeq())
                    .contains("fields do not match its hash");
            String other = victim.orgId().equals("org-a") ? "org-b" : "org-a";
            assertThat(f.ledger.verify(other).intact()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anEntryDeletedInTheMiddleIsFound(Dialect dialect) {
        for (long seq : new long[] {1, 8, 30}) {
            try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
                List<LedgerEntry> entries = f.fill(N);
                f.sql("DELETE FROM ledger_entries WHERE seq = ?", seq);

                VerifyResult r = f.ledger.verify();

                assertThat(r.firstBrokenSeq()).as(r.problem().orElse("")).hasValue(seq);
                assertThat(r.problem().orElseThrow()).contains("entry " + seq + " is missing");
                LedgerEntry gone = entries.get((int) seq - 1);
                VerifyResult own = f.ledger.verify(gone.orgId());
                assertThat(own.firstBrokenSeq()).hasValue(gone.orgSeq());
                assertThat(own.problem().orElseThrow()).contains("missing");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void theLastEntriesDeletedAreFoundThroughTheHead(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry> entries = f.fill(N);
            f.sql("DELETE FROM ledger_entries WHERE seq = ?", N);

            VerifyResult r = f.ledger.verify();
            assertThat(r.firstBrokenSeq()).hasValue(N);
            assertThat(r.problem().orElseThrow())
                    .contains("ends at entry " + (N - 1))
                    .contains("the last entry was removed");
            assertThat(f.ledger.verify(entries.get(N - 1).orgId()).problem().orElseThrow())
                    .contains("its last entries were removed");

            f.sql("DELETE FROM ledger_entries WHERE seq > ?", N - 10);
            assertThat(f.ledger.verify().problem().orElseThrow())
                    .contains("the last 10 entries were removed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void theLastEntryDeletedWithTheHeadMovedBackIsFoundThroughTheOrganisationsHead(
            Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry> entries = f.fill(N);
            f.sql("DELETE FROM ledger_entries WHERE seq = ?", N);
            f.sql(
                    "UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1",
                    N - 1,
                    entries.get(N - 2).hash());

            VerifyResult r = f.ledger.verify();
            assertThat(r.intact()).isFalse();
            assertThat(r.problem().orElseThrow())
                    .contains("organisation " + entries.get(N - 1).orgId())
                    .contains("its last entries were removed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void twoEntriesSwappedAreFound(Dialect dialect) {
        for (long seq : new long[] {1, 7, 20}) {
            try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
                f.fill(N);
                // swap the whole rows' places: entry seq takes seq+1's place and back
                f.sql("UPDATE ledger_entries SET seq = -1 WHERE seq = ?", seq);
                f.sql("UPDATE ledger_entries SET seq = ? WHERE seq = ?", seq, seq + 1);
                f.sql("UPDATE ledger_entries SET seq = ? WHERE seq = -1", seq + 1);

                VerifyResult r = f.ledger.verify();
                assertThat(r.firstBrokenSeq()).as(r.problem().orElse("")).hasValue(seq);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void twoEntriesWithTheirContentsSwappedInPlaceAreFound(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            f.fill(N);
            Map<String, Object> a = LedgerTest.lower(f.row(20));
            Map<String, Object> b = LedgerTest.lower(f.row(21));
            for (String column :
                    List.of("at", "principal_id", "agreement_id", "object_id", "object_version")) {
                f.sql("UPDATE ledger_entries SET " + column + " = ? WHERE seq = 20", b.get(column));
                f.sql("UPDATE ledger_entries SET " + column + " = ? WHERE seq = 21", a.get(column));
            }

            assertThat(f.ledger.verify().firstBrokenSeq()).hasValue(20);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aForgedEntryWithItsOwnHashesRecomputedIsFoundWhereverItIsPut(Dialect dialect) {
        // at the end, head left alone
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry> entries = f.fill(N);
            insert(f, forge(entries, N + 1, entries.get(N - 1).hash(), "org-a"));

            VerifyResult r = f.ledger.verify();
            assertThat(r.firstBrokenSeq()).hasValue(N + 1);
            assertThat(r.problem().orElseThrow()).contains("beyond the head");
        }
        // at the end, global head moved too: the organisation's head still disagrees
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry> entries = f.fill(N);
            LedgerEntry forged = forge(entries, N + 1, entries.get(N - 1).hash(), "org-a");
            insert(f, forged);
            f.sql("UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1", N + 1, forged.hash());

            VerifyResult r = f.ledger.verify();
            assertThat(r.intact()).isFalse();
            assertThat(r.problem().orElseThrow()).contains("organisation org-a");
        }
        // in place of an entry in the middle
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry> entries = f.fill(N);
            LedgerEntry victim = entries.get(24);
            // as cleverly as it gets: the victim's places in both chains
            LedgerEntry forged =
                    forge(
                            victim.seq(),
                            victim.prevHash(),
                            victim.orgId(),
                            victim.orgSeq(),
                            victim.orgPrevHash());
            f.sql("DELETE FROM ledger_entries WHERE seq = ?", victim.seq());
            insert(f, forged);

            VerifyResult r = f.ledger.verify();
            assertThat(r.firstBrokenSeq()).hasValue(victim.seq() + 1);
            assertThat(r.problem().orElseThrow()).contains("does not follow entry " + victim.seq());
        }
        // squeezed in between two entries, everything after renumbered
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry> entries = f.fill(N);
            for (long seq = N; seq >= 25; seq--) {
                f.sql("UPDATE ledger_entries SET seq = ? WHERE seq = ?", seq + 1, seq);
            }
            insert(f, forge(entries, 25, entries.get(23).hash(), "org-new"));

            VerifyResult r = f.ledger.verify();
            assertThat(r.firstBrokenSeq()).as(r.problem().orElse("")).hasValue(26);
        }
    }

    /** An entry made as the ledger would make it, hashes included, for a position and org. */
    private static LedgerEntry forge(
            List<LedgerEntry> entries, long seq, String prevHash, String org) {
        List<LedgerEntry> own = entries.stream().filter(e -> e.orgId().equals(org)).toList();
        return own.isEmpty()
                ? forge(seq, prevHash, org, 1, "0".repeat(64))
                : forge(
                        seq,
                        prevHash,
                        org,
                        own.get(own.size() - 1).orgSeq() + 1,
                        own.get(own.size() - 1).orgHash());
    }

    private static LedgerEntry forge(
            long seq, String prevHash, String org, long orgSeq, String orgPrev) {
        LedgerEntry.Draft d = LedgerFixture.disclosure(LedgerFixture.T0 + 999_000_000L, org, 999);
        String orgHash = ReferenceHash.orgHash(d, orgSeq, orgPrev);
        return new LedgerEntry(
                d,
                seq,
                prevHash,
                ReferenceHash.hash(seq, prevHash, orgHash),
                orgSeq,
                orgPrev,
                orgHash);
    }

    private static void insert(LedgerFixture f, LedgerEntry e) {
        Map<String, Object> v = new LinkedHashMap<>();
        LedgerEntry.Draft d = e.draft();
        v.put("seq", e.seq());
        v.put("at", d.at());
        v.put("kind", d.kind().name());
        v.put("principal_id", d.principalId());
        v.put("org_id", d.orgId());
        v.put("agreement_id", d.agreementId().orElse(null));
        v.put("area", d.area().orElse(null));
        v.put("rule", d.rule());
        v.put("object_id", d.objectId().orElse(null));
        v.put("object_version", d.objectVersion().orElse(null));
        v.put("object_type", d.objectType().orElse(null));
        v.put("tlp", d.tlp().map(Enum::name).orElse(null));
        v.put("detail", d.detail().orElse(null));
        v.put("prev_hash", e.prevHash());
        v.put("hash", e.hash());
        v.put("org_seq", e.orgSeq());
        v.put("org_prev_hash", e.orgPrevHash());
        v.put("org_hash", e.orgHash());
        f.sql(
                "INSERT INTO ledger_entries ("
                        + String.join(", ", v.keySet())
                        + ") VALUES ("
                        + String.join(", ", java.util.Collections.nCopies(v.size(), "?"))
                        + ")",
                v.values().toArray());
    }
}
