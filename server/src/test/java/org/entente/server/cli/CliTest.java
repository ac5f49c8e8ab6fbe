package org.entente.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.cli.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Databases;
import org.entente.server.testing.Fixtures;
import org.entente.stix.ObjectStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;

/** The command line, run in-process with its output captured. */
class CliTest {
    private Path dir;
    private String database;

    @BeforeEach
    void freshDatabase() throws Exception {
        dir = Files.createTempDirectory("entente-cli-");
        database = Databases.fresh(Dialect.SQLITE);
    }

    private Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void validateAcceptsAValidBundleAndExitsZero() throws Exception {
        Path bundle =
                file(
                        "ok.json",
                        "{\"type\":\"bundle\",\"id\":\"bundle--6b2b8b5e-9b1c-4b8e-9d4f-2a2b9c1d0e11\",\"objects\":["
                                + Fixtures.indicator(
                                        Fixtures.newId("indicator"), "2024-01-01T00:00:00.000Z")
                                + "]}");
        CliRun r = run("validate", bundle.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("1 objects: 1 valid, 0 with errors");
    }

    @Test
    void validateReportsEachErrorWithItsPathAndExitsOne() throws Exception {
        Path bad =
                file(
                        "bad.json",
                        "{\"objects\":[{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--x\"}]}");
        CliRun r = run("validate", bad.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains(
                        "object 0 (indicator--x): error: id: 'indicator--x' is not a STIX identifier");
        assertThat(r.out()).contains("error: pattern: is required");
        assertThat(r.out()).contains("0 valid, 1 with errors");
    }

    @Test
    void validateSaysWhereJsonBreaks() throws Exception {
        Path broken = file("broken.json", "{\"objects\":[\n{\"type\":\"indicator\",}\n]}");
        CliRun r = run("validate", broken.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("malformed JSON").contains("line 2");
    }

    @Test
    void validateNamesAMissingFile() {
        CliRun r = run("validate", dir.resolve("nope.json").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no such file").contains("nope.json");
    }

    @Test
    void importStoresValidObjectsReportsRejectionsAndExportGivesThemBack() throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = Fixtures.newId("indicator");
            ids.add(id);
            lines.add(Fixtures.indicator(id, "2024-01-01T00:00:00.000Z"));
        }
        lines.add("{\"type\":\"indicator\",\"id\":\"indicator--bad\"}");
        // an address that is no IPv4 address: valid STIX, but it can never fire
        String dead = Fixtures.newId("indicator");
        ids.add(dead);
        lines.add(Fixtures.indicator(dead, "2024-01-01T00:00:00.000Z", "evil.example"));
        Path jsonl = file("feed.jsonl", lines.stream().collect(Collectors.joining("\n")));

        CliRun imported =
                run(
                        "import",
                        jsonl.toString(),
                        "--collection",
                        "threat-intel",
                        "--database",
                        database);
        assertThat(imported.code()).isEqualTo(3);
        assertThat(imported.err())
                .contains("Read 32 objects")
                .contains("31 stored")
                .contains("1 refused");
        assertThat(imported.err()).contains("indicator--bad").contains("not a STIX identifier");
        assertThat(imported.err())
                .contains("1 of the 31 indicators stored can never fire")
                .contains(dead + ": never fires");

        CliRun again =
                run(
                        "import",
                        jsonl.toString(),
                        "--collection",
                        "threat-intel",
                        "--database",
                        database);
        assertThat(again.err()).contains("0 stored, 31 already held");

        Path out = dir.resolve("export.json");
        CliRun exported =
                run(
                        "export",
                        "--collection",
                        "threat-intel",
                        "--out",
                        out.toString(),
                        "--database",
                        database);
        assertThat(exported.code()).isZero();
        List<String> back = new ArrayList<>();
        try (ObjectStream s = ObjectStream.open(Files.readAllBytes(out))) {
            s.forEachRemaining(o -> back.add(o.get("id").stringValue()));
            assertThat(s.container().get("type").stringValue()).isEqualTo("bundle");
        }
        assertThat(back).containsExactlyElementsOf(ids);
    }

    @Test
    void importNamesTheCollectionsWhenOneIsUnknown() throws Exception {
        Path f = file("one.json", "{\"objects\":[]}");
        CliRun r = run("import", f.toString(), "--collection", "nope", "--database", database);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no collection 'nope'").contains("threat-intel");
    }

    @Test
    void tokenCreatePrintsATokenThatAuthenticatesWithItsGrants() {
        CliRun r =
                run(
                        "token",
                        "create",
                        "--name",
                        "siem-1",
                        "--read",
                        "threat-intel",
                        "--expires-in",
                        "30d",
                        "--database",
                        database);
        assertThat(r.code()).isZero();
        String token = r.out().trim();
        assertThat(token).startsWith("ent_");
        assertThat(r.err()).contains("siem-1").contains("expires");
        NodeSettings settings = NodeSettings.forDatabase(dir, database, null, null);
        try (Node node = new Node(settings, Clock.systemUTC())) {
            var principal = node.tokens().resolve(token).principal().orElseThrow();
            assertThat(principal.name()).isEqualTo("siem-1");
            var collection = node.collections().find("api", "threat-intel").orElseThrow();
            var grant = node.policy().rights(principal, collection);
            assertThat(grant.canRead()).isTrue();
            assertThat(grant.canWrite()).isFalse();
        }
        CliRun revoked = run("token", "revoke", token, "--database", database);
        assertThat(revoked.code()).isZero();
        assertThat(run("token", "revoke", token, "--database", database).code()).isEqualTo(1);
    }

    @Test
    void badOptionsExplainThemselves() {
        CliRun r =
                run(
                        "token",
                        "create",
                        "--name",
                        "x",
                        "--expires-in",
                        "soon",
                        "--database",
                        database);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--expires-in takes e.g. 90d");
        CliRun missing = run("import");
        assertThat(missing.code()).isEqualTo(Main.USAGE);
        assertThat(missing.err()).contains("Missing required");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command :
                new String[][] {
                    {"--help"},
                    {"serve", "--help"},
                    {"import", "--help"},
                    {"export", "--help"},
                    {"validate", "--help"},
                    {"token", "--help"},
                    {"token", "create", "--help"}
                }) {
            CliRun r = run(command);
            assertThat(r.code()).as(String.join(" ", command)).isZero();
            assertThat(r.out()).contains("Usage:");
        }
    }

    @Test
    void aCommandRunsWithOnlyItsOwnPartsBuiltAndHelpStillListsEveryCommand() {
        List<String> every =
                List.of(
                        "serve",
                        "import",
                        "export",
                        "validate",
                        "token",
                        "org",
                        "agreement",
                        "principal",
                        "ledger",
                        "match",
                        "peer",
                        "demo");
        StandardEnvironment environment = new StandardEnvironment();
        // picocli reads every option of every command it is given: a start reads only its own
        assertThat(Main.commandLine(environment, "serve", "--port", "0").getSubcommands())
                .containsOnlyKeys("serve");
        assertThat(Main.commandLine(environment, "token", "create").getSubcommands())
                .containsOnlyKeys("token");
        for (String[] args : new String[][] {{}, {"--help"}, {"--version"}, {"srve"}}) {
            assertThat(Main.commandLine(environment, args).getSubcommands().keySet())
                    .as(String.join(" ", args))
                    .containsExactlyElementsOf(every);
        }
        CliRun help = run("--help");
        assertThat(help.out()).contains(every.stream().map(c -> "  " + c + " ").toList());
        CliRun typo = run("srve");
        assertThat(typo.code()).isEqualTo(Main.USAGE);
        assertThat(typo.err()).contains("Unmatched argument", "serve");
    }

    @Test
    void liaisonWorkflowFromTheCommandLine() {
        CliRun org =
                run(
                        "org",
                        "add",
                        "--kind",
                        "partner",
                        "--name",
                        "NISC Japan",
                        "--country",
                        "JP",
                        "--database",
                        database);
        assertThat(org.code()).as(org.err()).isZero();
        CliRun created =
                run(
                        "agreement",
                        "create",
                        "--kind",
                        "moc",
                        "--title",
                        "SG-JP MOC",
                        "--party",
                        "NISC Japan",
                        "--signed",
                        "2017-09-18",
                        "--effective",
                        "2017-09-18",
                        "--expires",
                        "2027-09-18",
                        "--area",
                        "information-exchange:direction=both,tlp=amber,onward=none,feedback=true",
                        "--activate",
                        "--database",
                        database);
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out())
                .contains("SG-JP MOC")
                .contains("information-exchange: both, TLP up to TLP:AMBER, onward none");
        CliRun principal =
                run(
                        "principal",
                        "add",
                        "--name",
                        "jp-node",
                        "--org",
                        "NISC Japan",
                        "--role",
                        "partner",
                        "--database",
                        database);
        assertThat(principal.code()).as(principal.err()).isZero();
        CliRun token = run("token", "create", "--name", "jp-node", "--database", database);
        assertThat(token.out().trim()).startsWith("ent_");
        CliRun refused =
                run(
                        "token",
                        "create",
                        "--name",
                        "jp-node",
                        "--read",
                        "threat-intel",
                        "--database",
                        database);
        assertThat(refused.err()).contains("comes from its agreements");
        CliRun suspended =
                run(
                        "agreement",
                        "suspend",
                        "SG-JP MOC",
                        "--note",
                        "review",
                        "--database",
                        database);
        assertThat(suspended.out()).contains("status suspended");
        CliRun show = run("agreement", "show", "SG-JP MOC", "--database", database);
        assertThat(show.out()).contains("suspended (review)");
        CliRun badRole =
                run(
                        "principal",
                        "add",
                        "--name",
                        "x",
                        "--org",
                        "NISC Japan",
                        "--role",
                        "admin",
                        "--database",
                        database);
        assertThat(badRole.code()).isEqualTo(1);
        assertThat(badRole.err()).contains("does not fit a partner organisation");
        CliRun backwards =
                run(
                        "agreement",
                        "create",
                        "--kind",
                        "moc",
                        "--title",
                        "bad",
                        "--party",
                        "NISC Japan",
                        "--effective",
                        "2027-01-01",
                        "--expires",
                        "2020-01-01",
                        "--database",
                        database);
        assertThat(backwards.code()).isEqualTo(1);
        assertThat(backwards.err()).contains("must come after the effective date");
    }
}
