package org.entente.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Agency;
import org.entente.server.testing.Databases;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.Test;

/**
 * An operator connects a partner's node from the command line: add, list, test, sync, status,
 * remove. The partner's node runs in this JVM on loopback (plain HTTP is allowed there only).
 */
class PeerCliTest {

    @Test
    void anOperatorAddsTestsSyncsAndRemovesAPeer() throws Exception {
        try (TestNode partnerNode =
                TestNode.start(
                        Dialect.SQLITE,
                        Databases.fresh(Dialect.SQLITE),
                        "entente.organisation=CSA Singapore")) {
            Agency partner = partnerNode.agency("sg");
            partner.organisation("partner", "NISC Japan", "JP");
            partner.agreement(
                    "SG-JP MOC",
                    "NISC Japan",
                    Agency.area("information-exchange", "share", "green", "none", false));
            String token = partner.token("nisc-node", "NISC Japan", "partner");
            // one TLP:GREEN indicator to pull
            String green =
                    Fixtures.indicator(Fixtures.newId("indicator"), "2024-01-01T00:00:00.000Z")
                            .replace(
                                    "\"name\"",
                                    "\"object_marking_refs\":[\""
                                            + org.entente.stix.Tlp.GREEN.markingId()
                                            + "\"],\"name\"");
            partner.post("threat-intel", List.of(green));

            Path dir = Files.createTempDirectory("entente-peer-cli-");
            String db = Databases.fresh(Dialect.SQLITE);
            String[] node = {"--database", db, "--data-dir", dir.toString()};
            Path tokenFile = dir.resolve("sg.token");
            Files.writeString(tokenFile, token + "\n");

            assertThat(
                            run(
                                            args(
                                                    "org",
                                                    "add",
                                                    "--kind",
                                                    "partner",
                                                    "--name",
                                                    "CSA Singapore",
                                                    "--country",
                                                    "SG"),
                                            node)
                                    .code())
                    .isZero();
            assertThat(
                            run(
                                            args(
                                                    "agreement",
                                                    "create",
                                                    "--kind",
                                                    "moc",
                                                    "--title",
                                                    "JP-SG MOC",
                                                    "--party",
                                                    "CSA Singapore",
                                                    "--effective",
                                                    "2020-01-01",
                                                    "--area",
                                                    "information-exchange:direction=receive,tlp=green",
                                                    "--activate"),
                                            node)
                                    .code())
                    .isZero();
            CliRun added =
                    run(
                            args(
                                    "peer",
                                    "add",
                                    "--name",
                                    "sg",
                                    "--org",
                                    "CSA Singapore",
                                    "--agreement",
                                    "JP-SG MOC",
                                    "--url",
                                    partnerNode.base().toString(),
                                    "--token-file",
                                    tokenFile.toString()),
                            node);
            assertThat(added.code()).as(added.err()).isZero();
            assertThat(added.err()).contains("Recorded peer 'sg'");
            assertThat(Files.readString(dir.resolve("secrets.key"))).isNotBlank();

            CliRun list = run(args("peer", "list"), node);
            assertThat(list.out()).contains("sg").contains("enabled").contains("CSA Singapore");
            assertThat(list.out()).doesNotContain(token);

            CliRun test = run(args("peer", "test", "sg"), node);
            assertThat(test.code()).as(test.out()).isZero();
            assertThat(test.out())
                    .contains("ok   reachable")
                    .contains("ok   credentials")
                    .contains("ok   agreement")
                    .contains("collection threat-intel (read): ours threat-intel: we pull from it");

            CliRun sync = run(args("peer", "sync", "sg"), node);
            assertThat(sync.code()).as(sync.out() + sync.err()).isZero();
            assertThat(sync.out()).contains("sg: ok").contains("pulled 1 new, 0 held, 0 refused");

            CliRun status = run(args("peer", "status", "sg"), node);
            assertThat(status.out()).contains("received 1, refused 0");

            // a token the partner does not know: the test says which step fails
            Files.writeString(tokenFile, "ent_not-a-token");
            run(
                    args(
                            "peer",
                            "add",
                            "--name",
                            "sg-wrong",
                            "--org",
                            "CSA Singapore",
                            "--url",
                            partnerNode.base().toString(),
                            "--token-file",
                            tokenFile.toString()),
                    node);
            CliRun wrong = run(args("peer", "test", "sg-wrong"), node);
            assertThat(wrong.code()).isEqualTo(1);
            assertThat(wrong.out()).contains("FAIL credentials").contains("401");

            assertThat(run(args("peer", "disable", "sg"), node).code()).isZero();
            assertThat(run(args("peer", "list"), node).out()).contains("disabled");
            assertThat(run(args("peer", "sync", "sg"), node).out()).contains("sg: disabled");
            assertThat(run(args("peer", "enable", "sg"), node).code()).isZero();
            assertThat(run(args("peer", "sync", "sg"), node).out()).contains("sg: ok");

            assertThat(run(args("peer", "remove", "sg"), node).code()).isZero();
            assertThat(run(args("peer", "list"), node).out()).doesNotContain("sg ");
        }
    }

    private static String[] args(String... parts) {
        return parts;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static CliRun run(String[] command, String[] node) {
        return CliRun.run(concat(command, node));
    }
}
