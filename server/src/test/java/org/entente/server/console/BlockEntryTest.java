package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which patterns give blocklist entries, and which values a blocklist may hold: what a partner or a
 * lying peer writes in an indicator must never add a line, a second value or a whole address space
 * to a file a firewall loads.
 */
class BlockEntryTest {
    private static List<String> values(String pattern) {
        return BlockEntry.of(pattern).orElseThrow().stream()
                .map(e -> e.kind().key() + " " + e.value() + " " + e.algorithm())
                .map(String::trim)
                .toList();
    }

    @Test
    void equalitiesJoinedByOrGiveOneEntryEach() {
        assertThat(values("[ipv4-addr:value = '192.0.2.1']")).containsExactly("ip 192.0.2.1");
        assertThat(
                        values(
                                "[ipv4-addr:value = '198.51.100.0/24' OR ipv6-addr:value ="
                                        + " '2001:DB8::1/64'] OR [domain-name:value ="
                                        + " 'Evil.Example.'] OR [url:value ="
                                        + " 'https://evil.example/a?b=c']"))
                .containsExactly(
                        "ip 198.51.100.0/24",
                        "ip 2001:db8:0:0:0:0:0:1/64",
                        "domain evil.example",
                        "url https://evil.example/a?b=c");
        assertThat(values("[file:hashes.'SHA-256' = '" + "AB".repeat(32) + "']"))
                .containsExactly("hash " + "ab".repeat(32) + " SHA-256");
        assertThat(values("[file:hashes.MD5 = '" + "0f".repeat(16) + "']"))
                .containsExactly("hash " + "0f".repeat(16) + " MD5");
    }

    @Test
    void anythingElseGivesNothingForTheWholeIndicator() {
        for (String pattern :
                List.of(
                        "[ipv4-addr:value = '192.0.2.1'] AND [domain-name:value = 'a.example']",
                        "[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.2']",
                        "[ipv4-addr:value = '192.0.2.1'] WITHIN 60 SECONDS",
                        "[ipv4-addr:value = '192.0.2.1'] REPEATS 2 TIMES",
                        "[ipv4-addr:value != '192.0.2.1']",
                        "[ipv4-addr:value NOT = '192.0.2.1']",
                        "[ipv4-addr:value ISSUBSET '192.0.2.0/24']",
                        "[domain-name:value LIKE '%.example']",
                        "[domain-name:value MATCHES '^a']",
                        "[ipv4-addr:value = '192.0.2.1' AND ipv4-addr:resolves_to_refs[*].value ="
                                + " '00:00:5e:00:53:01']",
                        "[ipv4-addr:value = '192.0.2.1' OR file:size > 10]",
                        "[file:name = 'a.exe']",
                        "[file:hashes.'SHA3-256' = '" + "ab".repeat(32) + "']",
                        "[network-traffic:dst_port = 443]",
                        "[email-addr:value = 'a@example.org']",
                        "not a pattern",
                        "")) {
            assertThat(BlockEntry.of(pattern)).as(pattern).isEmpty();
        }
        assertThat(BlockEntry.of(null)).isEmpty();
        assertThat(BlockEntry.of("[ipv4-addr:value = '192.0.2.1']" + " ".repeat(70_000))).isEmpty();
    }

    @Test
    void aValueNotWellFormedForItsKindGivesNothing() {
        for (String value :
                List.of(
                        "192.0.2.1\n0.0.0.0/0",
                        "192.0.2.1 192.0.2.2",
                        "192.0.2.01",
                        "192.0.2",
                        "256.0.0.1",
                        "192.0.2.1/33",
                        "0.0.0.0/0",
                        "10.0.0.0/7",
                        "192.0.2.1/",
                        "+192.0.2.1")) {
            assertThat(BlockEntry.ipv4(value)).as(value).isEmpty();
        }
        assertThat(BlockEntry.ipv4("10.0.0.0/8")).contains("10.0.0.0/8");
        for (String value :
                List.of(
                        "::/0",
                        "2001:db8::/15",
                        "example.org",
                        "2001:db8::1\n",
                        "::ffff:192.0.2.1")) {
            assertThat(BlockEntry.ipv6(value)).as(value).isEmpty();
        }
        for (String value :
                List.of(
                        "localhost",
                        "a..example",
                        "-a.example",
                        "a b.example",
                        "a.example\nb.example",
                        "=cmd|x.example")) {
            assertThat(BlockEntry.domain(value)).as(value).isEmpty();
        }
        for (String value :
                List.of(
                        "evil.example/a",
                        "http://evil.example/a b",
                        "http://evil.example/a\r\nhttp://b.example/",
                        "http://evil.example/\"a",
                        "javascript:alert(1)",
                        "http:///a",
                        "http://evil.example/" + "a".repeat(BlockEntry.MAX_URL))) {
            assertThat(BlockEntry.url(value)).as(value).isEmpty();
        }
        assertThat(BlockEntry.hash("ab".repeat(31), 64)).isEmpty();
        assertThat(BlockEntry.hash("zz".repeat(32), 64)).isEmpty();
        assertThat(BlockEntry.of("[url:value = 'http://a.example/x\\ny']"))
                .isEqualTo(Optional.empty());
    }

    @Test
    void csvCellsAreQuotedAndNeverAFormula() {
        assertThat(Blocklist.cell("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(Blocklist.cell("=1+1")).isEqualTo("\"'=1+1\"");
        assertThat(Blocklist.cell("@x")).isEqualTo("\"'@x\"");
    }
}
