package org.entente.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.cli.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.entente.server.db.Database;
import org.entente.server.db.DatabaseSettings;
import org.entente.server.db.Dialect;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.LedgerEntry;
import org.entente.server.testing.Databases;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code entente ledger ...}, run in-process on SQLite and PostgreSQL with output captured. */
class LedgerCliTest {
    private static final long T0 =
            Instant.parse("2026-11-10T09:00:00Z").getEpochSecond() * 1_000_000L;

    @TempDir Path dir;

    /** A database with a ledger of 30 entries over three organisations; its URL for the CLI. */
    private static String seeded(Dialect dialect, List<LedgerEntry> written) {
        String url = Databases.fresh(dialect);
        try (Database db =
                Database.open(
                        new DatabaseSettings(
                                url, Databases.user(dialect), Databases.password(dialect), 2))) {
            Ledger ledger = new Ledger(db);
            List<LedgerEntry.Draft> drafts = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String org = "org-" + (char) ('a' + i % 3);
                drafts.add(
                        LedgerEntry.Draft.disclosed(
                                T0 + i * 60_000_000L,
                                "taxii-" + org,
                                org,
                                "moc-" + org,
                                i % 2 == 0 ? "information-exchange" : "awareness",
                                "TLP up to AMBER, onward none",
                                (i % 4 == 0 ? "malware--" : "indicator--") + new UUID(7, i),
                                "2026-11-01T00:00:00.000Z",
                                Optional.of(i % 5 == 0 ? Tlp.GREEN : Tlp.AMBER)));
            }
            written.addAll(db.inTransaction(() -> ledger.append(drafts)));
        }
        // the CLI reads credentials from the environment; a test gives them in the URL
        return dialect == Dialect.POSTGRESQL ? url + "?user=postgres&password=postgres" : url;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void verifyReportsAnIntactLedgerWithItsHeadAndExitsZero(Dialect dialect) {
        List<LedgerEntry> written = new ArrayList<>();
        String database = seeded(dialect, written);

        CliRun r = run("ledger", "verify", "--database", database);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Intact: ledger: 30 entries checked in")
                .contains("entries/s")
                .contains("Head: entry 30, hash " + written.get(29).hash());
        CliRun org = run("ledger", "verify", "--org", "org-b", "--database", database);
        assertThat(org.code()).isZero();
        assertThat(org.out()).contains("Intact: organisation org-b: 10 entries checked");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void verifySaysWhereTheLedgerBreaksAndExitsOne(Dialect dialect) {
        String database = seeded(dialect, new ArrayList<>());
        try (Database db =
                Database.open(
                        new DatabaseSettings(
                                database,
                                Databases.user(dialect),
                                Databases.password(dialect),
                                2))) {
            db.jdbc().sql("UPDATE ledger_entries SET tlp = 'CLEAR' WHERE seq = 5").update();
        }

        CliRun r = run("ledger", "verify", "--database", database);

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains("BROKEN: ledger, at entry 5: entry 5 was changed after it was written")
                .contains("5 entries checked in")
                .contains("the check stopped there")
                .contains("restore from a backup");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void exportWritesAFileThePartnerChecksWithoutTheDatabase(Dialect dialect) throws Exception {
        String database = seeded(dialect, new ArrayList<>());
        Path file = dir.resolve("org-a.jsonl");

        CliRun exported =
                run(
                        "ledger",
                        "export",
                        "--org",
                        "org-a",
                        "--from",
                        "2026-11-10T09:30:00Z",
                        "--to",
                        "2026-11-10",
                        "-o",
                        file.toString(),
                        "--database",
                        database);

        assertThat(exported.code()).as(exported.err()).isZero();
        // org-a has entries every 3 minutes from 09:00 to 09:27; from 09:30 none: then 09:00 on
        assertThat(exported.err()).contains("Exported no entries: organisation 'org-a'");
        exported =
                run(
                        "ledger",
                        "export",
                        "--org",
                        "org-a",
                        "--from",
                        "2026-11-10T09:10:00+00:00",
                        "--to",
                        "2026-11-10",
                        "-o",
                        file.toString(),
                        "--database",
                        database);
        assertThat(exported.err())
                .contains("Exported 6 entries of organisation org-a (its entries 5 to 10)");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(7);
        assertThat(StixJson.parse(lines.get(0)).get("to").stringValue())
                .isEqualTo("2026-11-11T00:00:00.000000Z");

        CliRun checked = run("ledger", "verify-export", file.toString());
        assertThat(checked.code()).isZero();
        assertThat(checked.out())
                .contains("Intact: export of organisation org-a: 6 entries checked");

        lines.set(
                3,
                lines.get(3).replace("\"AMBER\"", "\"CLEAR\"").replace("\"GREEN\"", "\"CLEAR\""));
        Files.write(file, lines);
        CliRun tampered = run("ledger", "verify-export", file.toString());
        assertThat(tampered.code()).isEqualTo(1);
        assertThat(tampered.out())
                .contains("BROKEN: export of organisation org-a, at entry 7")
                .contains("line 4 (the organisation's entry 7) was changed");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void reportPrintsATableCsvOrJson(Dialect dialect) {
        String database = seeded(dialect, new ArrayList<>());

        CliRun table = run("ledger", "report", "--database", database);
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out())
                .contains("ORGANISATION")
                .containsPattern("org-a +awareness +2026-Q4 +total +5 +5 +0 +0")
                .containsPattern("org-a +information-exchange +2026-Q4 +TLP:GREEN +1 +1 +0 +0")
                .containsPattern("org-a +information-exchange +2026-Q4 +type malware +3 +3");

        CliRun csv =
                run(
                        "ledger",
                        "report",
                        "--org",
                        "org-b",
                        "--format",
                        "csv",
                        "--database",
                        database);
        assertThat(csv.code()).isZero();
        assertThat(csv.out().lines().toList())
                .first()
                .isEqualTo(
                        "org_id,area,quarter,breakdown,value,sent_objects,sent_disclosures,"
                                + "received_objects,received_entries");
        assertThat(csv.out())
                .contains("org-b,awareness,2026-Q4,total,,5,5,0,0")
                .doesNotContain("org-a");

        CliRun json =
                run(
                        "ledger",
                        "report",
                        "--format",
                        "JSON",
                        "--to",
                        "2026-11-10T09:01:00Z",
                        "--database",
                        database);
        assertThat(json.code()).isZero();
        var rows = StixJson.parse(json.out());
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).get("org_id").stringValue()).isEqualTo("org-a");
        assertThat(rows.get(0).get("total").get("sent_objects").longValue()).isEqualTo(1);
        assertThat(rows.get(0).get("by_tlp").get("TLP:GREEN").get("sent_disclosures").longValue())
                .isEqualTo(1);
    }

    @Test
    void badTimesFormatsAndFilesExplainThemselves() {
        String database = Databases.fresh(Dialect.SQLITE);
        CliRun time = run("ledger", "report", "--from", "yesterday", "--database", database);
        assertThat(time.code()).isEqualTo(1);
        assertThat(time.err())
                .contains("--from takes an RFC 3339 timestamp such as 2026-10-01T00:00:00Z")
                .contains("Run 'entente ledger report --help' for usage.");
        CliRun order =
                run(
                        "ledger",
                        "export",
                        "--org",
                        "x",
                        "--from",
                        "2026-12-01",
                        "--to",
                        "2026-11-01",
                        "--database",
                        database);
        assertThat(order.code()).isEqualTo(1);
        assertThat(order.err()).contains("--from must come before --to");
        CliRun format = run("ledger", "report", "--format", "xml", "--database", database);
        assertThat(format.err()).contains("--format takes table, csv or json, not 'xml'");
        CliRun missing = run("ledger", "verify-export", dir.resolve("nope.jsonl").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file").contains("nope.jsonl");
        CliRun noOrg = run("ledger", "export");
        assertThat(noOrg.code()).isEqualTo(Main.USAGE);
        assertThat(noOrg.err()).contains("Missing required option: '--org=ORG'");
    }

    @Test
    void everyLedgerCommandHasHelp() {
        for (String[] command :
                new String[][] {
                    {"ledger"},
                    {"ledger", "--help"},
                    {"ledger", "verify", "--help"},
                    {"ledger", "export", "--help"},
                    {"ledger", "verify-export", "--help"},
                    {"ledger", "report", "--help"}
                }) {
            CliRun r = run(command);
            assertThat(r.code()).as(String.join(" ", command)).isZero();
            assertThat(r.out()).contains("Usage: entente ledger");
        }
    }
}
