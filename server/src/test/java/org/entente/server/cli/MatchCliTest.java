package org.entente.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.cli.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Databases;
import org.entente.server.testing.Fixtures;
import org.entente.stix.ObjectStream;
import org.entente.stix.Validator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code entente match}: indicators from a file or a collection, events as JSON lines. */
class MatchCliTest {
    private Path dir;
    private String database;

    @BeforeEach
    void fresh() throws Exception {
        dir = Files.createTempDirectory("entente-match-");
        database = Databases.fresh(Dialect.SQLITE);
    }

    private static String indicator(String id, String pattern) {
        return ("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"%s\","
                        + "\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\","
                        + "\"pattern\":\"%s\",\"pattern_type\":\"stix\",\"valid_from\":\"2024-01-01T00:00:00Z\"}")
                .formatted(id, pattern);
    }

    private Path events() throws Exception {
        Path p = dir.resolve("events.jsonl");
        Files.writeString(
                p,
                String.join(
                        "\n",
                        "{\"ts\":\"2026-03-01T10:00:00Z\",\"query\":\"evil.example\",\"src_ip\":\"10.0.0.7\"}",
                        "{\"ts\":\"2026-03-01T10:00:05Z\",\"query\":\"fine.example\",\"src_ip\":\"10.0.0.7\"}",
                        "not json at all",
                        "{\"ts\":\"2026-03-01T10:00:09Z\",\"query\":\"EVIL.example\",\"src_ip\":\"10.0.0.8\"}",
                        "{\"ts\":\"2026-03-01T10:00:10Z\",\"src_ip\":\"10.0.0.9\",\"dst_ip\":\"198.51.100.23\",\"dst_port\":443}",
                        ""));
        return p;
    }

    private final String domain = Fixtures.newId("indicator");
    private final String cidr = Fixtures.newId("indicator");
    private final String broken = Fixtures.newId("indicator");

    private Path indicators() throws Exception {
        Path p = dir.resolve("indicators.jsonl");
        Files.writeString(
                p,
                String.join(
                        "\n",
                        indicator(domain, "[domain-name:value = 'evil.example']"),
                        indicator(cidr, "[ipv4-addr:value ISSUBSET '198.51.100.0/24']"),
                        indicator(
                                Fixtures.newId("indicator"),
                                "[domain-name:value = 'never.example']")));
        return p;
    }

    @Test
    void matchesFromAFileAreLinesInEventOrderWithASummary() throws Exception {
        CliRun r =
                run(
                        "match",
                        "--indicators",
                        indicators().toString(),
                        "--events",
                        events().toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains(domain).contains("[1]");
        assertThat(lines.get(1)).contains(domain).contains("[4]");
        assertThat(lines.get(2)).contains(cidr).contains("[5]");
        assertThat(r.err())
                .contains("3 indicators loaded (0 not matchable)")
                .contains("5 events (1 unreadable")
                .contains("3 matches")
                .contains("event line 3");
    }

    @Test
    void sightingsBundleCountsPerIndicatorAndIsValidStix() throws Exception {
        Path out = dir.resolve("sightings.json");
        CliRun r =
                run(
                        "match",
                        "--indicators",
                        indicators().toString(),
                        "--events",
                        events().toString(),
                        "--sightings",
                        "--out",
                        out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("2 sightings");
        List<JsonNode> sightings = new ArrayList<>();
        try (ObjectStream s = ObjectStream.open(Files.readAllBytes(out))) {
            s.forEachRemaining(sightings::add);
        }
        assertThat(sightings).hasSize(2);
        for (JsonNode s : sightings) {
            assertThat(Validator.withInstalledPatternChecker().validate(s).errors()).isEmpty();
        }
        JsonNode ofDomain =
                sightings.stream()
                        .filter(s -> s.get("sighting_of_ref").stringValue().equals(domain))
                        .findFirst()
                        .orElseThrow();
        assertThat(ofDomain.get("count").intValue()).isEqualTo(2);
        assertThat(ofDomain.get("first_seen").stringValue()).startsWith("2026-03-01T10:00:00");
        assertThat(ofDomain.get("last_seen").stringValue()).startsWith("2026-03-01T10:00:09");
    }

    @Test
    void indicatorsFromACollectionOfTheNodeAndABadPatternLeavesTheRestWorking() throws Exception {
        Path feed = dir.resolve("feed.jsonl");
        Files.writeString(
                feed,
                String.join(
                        "\n",
                        indicator(domain, "[domain-name:value = 'evil.example']"),
                        indicator(cidr, "[ipv4-addr:value ISSUBSET '198.51.100.0/24']")));
        CliRun imported =
                run(
                        "import",
                        feed.toString(),
                        "--collection",
                        "threat-intel",
                        "--database",
                        database);
        assertThat(imported.code()).as(imported.err()).isZero();
        Path withBroken = dir.resolve("with-broken.jsonl");
        Files.writeString(
                withBroken,
                indicator(domain, "[domain-name:value = 'evil.example']")
                        + "\n"
                        + indicator(broken, "[domain-name:value MATCHES '(unclosed']"));

        CliRun fromCollection =
                run(
                        "match",
                        "--indicators",
                        "threat-intel",
                        "--events",
                        events().toString(),
                        "--database",
                        database);
        assertThat(fromCollection.code()).as(fromCollection.err()).isZero();
        assertThat(fromCollection.out().lines()).hasSize(3);
        assertThat(fromCollection.err()).contains("2 indicators loaded");

        CliRun partial =
                run(
                        "match",
                        "--indicators",
                        withBroken.toString(),
                        "--events",
                        events().toString());
        assertThat(partial.code()).isZero();
        assertThat(partial.out().lines()).hasSize(2).allMatch(l -> l.contains(domain));
        assertThat(partial.err()).contains("indicator " + broken + " not matched");
    }

    @Test
    void validateNamesIndicatorsThatCanNeverFireAndWhy() throws Exception {
        String port = Fixtures.newId("indicator");
        String registry = Fixtures.newId("indicator");
        String folded = Fixtures.newId("indicator");
        Path feed = dir.resolve("lint.jsonl");
        Files.writeString(
                feed,
                String.join(
                        "\n",
                        indicator(domain, "[domain-name:value = 'evil.example']"),
                        indicator(port, "[network-traffic:dst_port = '443']"),
                        indicator(registry, "[windows-registry-key:key = 'HKCU']"),
                        indicator(folded, "[domain-name:value = 'Evil.Example']")));
        CliRun r = run("validate", feed.toString());
        assertThat(r.code()).as(r.out()).isZero(); // valid STIX, however useless
        assertThat(r.out())
                .contains(port + "): never fires: network-traffic:dst_port = '443': ")
                .contains("write 443")
                .contains(registry + "): never fires from events: ")
                .contains("only observed-data can match it")
                .contains(folded + "): note: ")
                .contains("2 of 4 indicators can never fire (1 only from observed-data)")
                .doesNotContain(domain + "): never");
        CliRun quiet = run("validate", "--no-warnings", feed.toString());
        assertThat(quiet.out()).contains("never fires").doesNotContain("note:");
    }

    @Test
    void anUnknownSourceIsNamed() {
        CliRun r =
                run(
                        "match",
                        "--indicators",
                        "no-such-thing",
                        "--events",
                        "-",
                        "--database",
                        database);
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("'no-such-thing' is neither a file nor a collection");
    }
}
