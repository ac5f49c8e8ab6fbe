package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.entente.server.db.Dialect;
import org.entente.stix.StixJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Exports for a bilateral review, and the partner's check of them. */
class ExportTest {
    private static final long SECOND = 1_000_000L;

    private static List<String> export(
            LedgerFixture f, String org, OptionalLong from, OptionalLong to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.ledger.export(org, from, to, out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        return new ArrayList<>(Arrays.asList(text.split("\n")));
    }

    private static VerifyResult check(List<String> lines) {
        byte[] file = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        return LedgerExport.verify(new ByteArrayInputStream(file));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anOrganisationsExportHoldsItsWholeChainAndVerifiesOnItsOwn(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry> entries = f.fill(30);
            List<LedgerEntry> own =
                    entries.stream().filter(e -> e.orgId().equals("org-b")).toList();

            List<String> lines = export(f, "org-b", OptionalLong.empty(), OptionalLong.empty());

            JsonNode header = StixJson.parse(lines.get(0));
            assertThat(header.get("format").stringValue()).isEqualTo("entente-ledger-export/1");
            assertThat(header.get("node").get("title").stringValue()).isEqualTo("CERT Testland");
            assertThat(header.get("org_id").stringValue()).isEqualTo("org-b");
            assertThat(header.get("count").longValue()).isEqualTo(10);
            assertThat(header.get("exported_at").stringValue())
                    .isEqualTo("2026-12-01T00:00:00.000000Z");
            assertThat(lines).hasSize(11);
            for (int i = 0; i < own.size(); i++) {
                JsonNode line = StixJson.parse(lines.get(i + 1));
                LedgerEntry e = own.get(i);
                assertThat(line.get("seq").longValue()).isEqualTo(e.seq());
                assertThat(line.get("org_seq").longValue()).isEqualTo(e.orgSeq());
                assertThat(line.get("hash").stringValue()).isEqualTo(e.hash());
                assertThat(line.get("org_hash").stringValue()).isEqualTo(e.orgHash());
                assertThat(line.get("tlp").stringValue()).isEqualTo("AMBER");
                assertThat(line.get("detail").isNull()).isTrue();
            }
            assertThat(StixJson.parse(lines.get(1)).get("time").stringValue())
                    .isEqualTo("2026-11-10T09:00:01.000000Z");

            VerifyResult r = check(lines);
            assertThat(r.intact()).as(r.problem().orElse("")).isTrue();
            assertThat(r.checked()).isEqualTo(10);
            assertThat(r.headSeq()).isEqualTo(10);
            assertThat(r.headHash()).isEqualTo(own.get(9).orgHash());
            assertThat(r.chain()).isEqualTo("export of organisation org-b");
            assertThat(
                            f.ledger
                                    .verifyExport(
                                            new ByteArrayInputStream(
                                                    (String.join("\n", lines) + "\n")
                                                            .getBytes(StandardCharsets.UTF_8)))
                                    .intact())
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anExportOfAPeriodIsAContiguousRunOfTheChain(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            long t = LedgerFixture.T0;
            f.append(LedgerFixture.disclosure(t, "org-a", 1));
            f.append(LedgerFixture.disclosure(t + 10 * SECOND, "org-a", 2));
            // a transaction that read its clock earlier but committed later
            f.append(LedgerFixture.disclosure(t + 3 * SECOND, "org-a", 3));
            f.append(LedgerFixture.disclosure(t + 20 * SECOND, "org-a", 4));
            f.append(LedgerFixture.disclosure(t + 30 * SECOND, "org-a", 5));

            List<String> lines =
                    export(
                            f,
                            "org-a",
                            OptionalLong.of(t + 5 * SECOND),
                            OptionalLong.of(t + 25 * SECOND));

            JsonNode header = StixJson.parse(lines.get(0));
            assertThat(header.get("first_org_seq").longValue()).isEqualTo(2);
            assertThat(header.get("last_org_seq").longValue()).isEqualTo(4);
            assertThat(header.get("from").stringValue()).isEqualTo("2026-11-10T09:00:05.000000Z");
            assertThat(lines).hasSize(4);
            VerifyResult r = check(lines);
            assertThat(r.intact()).as(r.problem().orElse("")).isTrue();
            assertThat(r.checked()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anExportOfAnOrganisationWithoutEntriesIsItsHeaderAlone(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            f.fill(5);
            List<String> lines = export(f, "nobody", OptionalLong.empty(), OptionalLong.empty());
            assertThat(lines).hasSize(1);
            assertThat(StixJson.parse(lines.get(0)).get("count").longValue()).isZero();
            assertThat(check(lines).intact()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anyChangeToAnExportFileIsFound(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            f.fill(30);
            List<String> clean = export(f, "org-a", OptionalLong.empty(), OptionalLong.empty());
            assertThat(check(clean).intact()).isTrue();

            assertBroken(clean, l -> set(l, 3, "rule", "anything goes"), 3, "was changed");
            assertBroken(clean, l -> set(l, 3, "tlp", "CLEAR"), 3, "was changed");
            assertBroken(clean, l -> set(l, 3, "tlp", null), 3, "was changed");
            assertBroken(clean, l -> set(l, 3, "org_id", "org-b"), 3, "belongs to organisation");
            assertBroken(clean, l -> set(l, 3, "seq", 999L), 3, "position or links");
            assertBroken(clean, l -> set(l, 3, "time", "2020-01-01T00:00:00.000000Z"), 3, "time");
            assertBroken(clean, l -> set(l, 3, "remark", "ok"), 3, "has a field 'remark'");
            assertBroken(clean, l -> remove(l, 4), 4, "entries were removed or reordered");
            assertBroken(clean, l -> remove(l, l.size() - 1), 10, "file holds 9");
            assertBroken(clean, l -> swap(l, 4, 5), 4, "entries were removed or reordered");
            assertBroken(clean, l -> forge(l, 4), 5, "does not follow the line before");
            assertBroken(clean, l -> forge(l, l.size() - 1), 10, "not the one the header names");
            assertBroken(
                    clean,
                    l -> {
                        List<String> c = new ArrayList<>(l);
                        c.set(3, c.get(3).replaceFirst("\\{", "{\"seq\":1,"));
                        return c;
                    },
                    3,
                    "not valid JSON");
            assertBroken(clean, l -> l.subList(1, l.size()), 0, "not the header");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void theExportOfATamperedLedgerFailsThePartnersCheck(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry> entries = f.fill(30);
            LedgerEntry victim = entries.get(12);
            f.sql(
                    "UPDATE ledger_entries SET object_id = ? WHERE seq = ?",
                    "indicator--00000000-0000-4000-8000-000000000000",
                    victim.seq());

            VerifyResult r =
                    check(export(f, victim.orgId(), OptionalLong.empty(), OptionalLong.empty()));

            assertThat(r.intact()).isFalse();
            assertThat(r.firstBrokenSeq()).hasValue(victim.orgSeq());
        }
    }

    private static void assertBroken(
            List<String> clean, UnaryOperator<List<String>> change, long at, String says) {
        VerifyResult r = check(change.apply(new ArrayList<>(clean)));
        assertThat(r.intact()).as(says).isFalse();
        assertThat(r.problem().orElseThrow()).as(says).contains(says);
        assertThat(r.firstBrokenSeq()).as(r.problem().orElseThrow()).hasValue(at);
    }

    private static List<String> set(List<String> lines, int index, String field, Object value) {
        ObjectNode line = (ObjectNode) StixJson.parse(lines.get(index));
        if (value == null) {
            line.putNull(field);
        } else if (value instanceof Long n) {
            line.put(field, n);
        } else {
            line.put(field, (String) value);
        }
        lines.set(index, line.toString());
        return lines;
    }

    private static List<String> remove(List<String> lines, int index) {
        lines.remove(index);
        return lines;
    }

    private static List<String> swap(List<String> lines, int a, int b) {
        String s = lines.get(a);
        lines.set(a, lines.get(b));
        lines.set(b, s);
        return lines;
    }

    /** Rewrites a line's TLP and recomputes its own two hashes, as a careful forger would. */
    private static List<String> forge(List<String> lines, int index) {
        ObjectNode line = (ObjectNode) StixJson.parse(lines.get(index));
        line.put("tlp", "CLEAR");
        LedgerEntry.Draft d =
                new LedgerEntry.Draft(
                        line.get("at").longValue(),
                        LedgerEntry.Kind.valueOf(line.get("kind").stringValue()),
                        line.get("principal_id").stringValue(),
                        line.get("org_id").stringValue(),
                        java.util.Optional.of(line.get("agreement_id").stringValue()),
                        java.util.Optional.of(line.get("area").stringValue()),
                        line.get("rule").stringValue(),
                        java.util.Optional.of(line.get("object_id").stringValue()),
                        java.util.Optional.of(line.get("object_version").stringValue()),
                        java.util.Optional.of(line.get("object_type").stringValue()),
                        java.util.Optional.of(org.entente.stix.Tlp.CLEAR),
                        java.util.Optional.empty());
        String orgHash =
                ReferenceHash.orgHash(
                        d,
                        line.get("org_seq").longValue(),
                        line.get("org_prev_hash").stringValue());
        line.put("org_hash", orgHash);
        line.put(
                "hash",
                ReferenceHash.hash(
                        line.get("seq").longValue(), line.get("prev_hash").stringValue(), orgHash));
        lines.set(index, line.toString());
        return lines;
    }
}
