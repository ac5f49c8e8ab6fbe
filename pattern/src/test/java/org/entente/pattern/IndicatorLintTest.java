package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.entente.pattern.IndicatorLint.Kind;
import org.entente.pattern.IndicatorLint.Result;
import org.entente.pattern.IndicatorLint.Verdict;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Indicators that can never fire are named, with the reason, under the default event mapping. */
class IndicatorLintTest {
    private static final IndicatorLint LINT = IndicatorLint.defaults();
    private static final String SHA256 =
            "ca5fb5814ec62c8f04936740aabe2664b3c7d036203afbd8425cd67cf1f4b79d";

    private static Result lint(String pattern) {
        return LINT.check(Indicator.of(Fixtures.id(1), pattern));
    }

    private static List<String> reasons(Result r) {
        return r.findings().stream().map(IndicatorLint.Finding::reason).toList();
    }

    @Test
    void aPortWrittenAsAStringNeverFiresAndTheFixIsSaid() {
        Result r = lint("[network-traffic:dst_port = '443']");
        assertThat(r.verdict()).isEqualTo(Verdict.NEVER);
        assertThat(r.findings()).extracting(IndicatorLint.Finding::kind).contains(Kind.NEVER_TRUE);
        assertThat(reasons(r))
                .anyMatch(s -> s.contains("dst_port is an integer") && s.contains("write 443"));
    }

    @Test
    void valuesNoObjectCanHaveNeverFire() {
        assertThat(lint("[ipv4-addr:value = 'evil.example']").verdict()).isEqualTo(Verdict.NEVER);
        assertThat(lint("[ipv4-addr:value = '2001:db8::1']").verdict()).isEqualTo(Verdict.NEVER);
        assertThat(lint("[file:hashes.'SHA-256' = 'not-a-digest']").verdict())
                .isEqualTo(Verdict.NEVER);
        Result md5OfSha = lint("[file:hashes.MD5 = '" + SHA256 + "']");
        assertThat(md5OfSha.verdict()).isEqualTo(Verdict.NEVER);
        assertThat(reasons(md5OfSha)).anyMatch(s -> s.contains("32 hex digits"));
        assertThat(lint("[domain-name:value = 'domain autuo.xicp.net']").verdict())
                .isEqualTo(Verdict.NEVER);
        assertThat(lint("[ipv4-addr:value ISSUBSET '2001:db8::/32']").verdict())
                .isEqualTo(Verdict.NEVER);
    }

    @Test
    void anOrFiresIfOneBranchCanAndStillNamesTheDeadBranch() {
        Result r =
                lint(
                        "[domain-name:value = 'domain autuo.xicp.net' OR ipv4-addr:value = '60.10.1.115']");
        assertThat(r.verdict()).isEqualTo(Verdict.CAN_FIRE);
        assertThat(reasons(r)).anyMatch(s -> s.contains("white space"));
        // an AND needs every part
        assertThat(
                        lint("[network-traffic:dst_port = '443' AND network-traffic:dst_ref.value = '198.51.100.7']")
                                .verdict())
                .isEqualTo(Verdict.NEVER);
    }

    @Test
    void whatTheMappingNeverMakesFiresOnlyFromObservedData() {
        Result registry = lint("[windows-registry-key:key = 'HKCU\\\\Software\\\\Run']");
        assertThat(registry.verdict()).isEqualTo(Verdict.NEVER_FROM_EVENTS);
        assertThat(reasons(registry)).anyMatch(s -> s.contains("only observed-data"));
        assertThat(lint("[file:hashes.'SHA-512' = '" + SHA256 + SHA256 + "']").verdict())
                .isEqualTo(Verdict.NEVER_FROM_EVENTS);
        Result upper = lint("[network-traffic:protocols[*] = 'TCP']");
        assertThat(upper.verdict()).isEqualTo(Verdict.NEVER_FROM_EVENTS);
        assertThat(reasons(upper)).anyMatch(s -> s.contains("lower-cases"));
    }

    @Test
    void foldedSpellingsFireAndSaySo() {
        for (String p :
                List.of(
                        "[file:hashes.SHA256 = '" + SHA256 + "']",
                        "[file:hashes.'SHA-256' = '" + SHA256.toUpperCase() + "']",
                        "[domain-name:value = 'Evil.Example']",
                        "[domain-name:value = 'evil.example.']")) {
            Result r = lint(p);
            assertThat(r.verdict()).as(p).isEqualTo(Verdict.CAN_FIRE);
            assertThat(r.reliesOnNormalisation()).as(p).isTrue();
            assertThat(r.findings())
                    .as(p)
                    .extracting(IndicatorLint.Finding::kind)
                    .contains(Kind.NORMALISED);
        }
        Result plain = lint("[domain-name:value = 'evil.example']");
        assertThat(plain.reliesOnNormalisation()).isFalse();
        assertThat(plain.findings()).isEmpty();
    }

    @Test
    void commonShapesFireWithoutFindings() {
        for (String p :
                List.of(
                        "[url:value = 'http://bad.example/x.exe']",
                        "[ipv4-addr:value = '198.51.100.7']",
                        "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '198.51.100.7']",
                        "[domain-name:resolves_to_refs[*].value = '192.0.2.7']",
                        "[network-traffic:extensions.'http-request-ext'.request_method = 'GET']",
                        "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e'] FOLLOWEDBY [network-traffic:dst_port = 4444] WITHIN 60 SECONDS")) {
            Result r = lint(p);
            assertThat(r.verdict()).as(p).isEqualTo(Verdict.CAN_FIRE);
            assertThat(r.findings()).as(p).isEmpty();
        }
    }

    @Test
    void whatDoesNotLoadNeverFires() {
        assertThat(lint("[domain-name:value = 'x'").verdict()).isEqualTo(Verdict.NEVER);
        ObjectNode sigma = Fixtures.indicator(Fixtures.id(2), "title: x");
        sigma.put("pattern_type", "sigma");
        Result r = LINT.check(sigma);
        assertThat(r.verdict()).isEqualTo(Verdict.NEVER);
        assertThat(r.findings())
                .extracting(IndicatorLint.Finding::kind)
                .containsExactly(Kind.NOT_LOADED);
    }

    /** The verdict agrees with the matcher on an event carrying the indicator's own value. */
    @Test
    void theVerdictAgreesWithTheMatcherOnEventsCarryingTheirValue() {
        EventMapping mapping = EventMapping.defaults();
        record Case(String pattern, String event) {}
        List<Case> cases =
                List.of(
                        new Case(
                                "[network-traffic:dst_port = '443']",
                                "{'src_ip':'10.0.0.1','dst_ip':'10.0.0.2','dst_port':443}"),
                        new Case(
                                "[network-traffic:dst_port = 443]",
                                "{'src_ip':'10.0.0.1','dst_ip':'10.0.0.2','dst_port':443}"),
                        new Case(
                                "[file:hashes.SHA256 = '" + SHA256.toUpperCase() + "']",
                                "{'sha256':'" + SHA256 + "'}"),
                        new Case(
                                "[domain-name:value = 'Evil.Example.']",
                                "{'query':'evil.example'}"),
                        new Case(
                                "[network-traffic:protocols[*] = 'TCP']",
                                "{'src_ip':'10.0.0.1','dst_ip':'10.0.0.2','proto':'TCP'}"),
                        new Case(
                                "[network-traffic:protocols[*] = 'tcp']",
                                "{'src_ip':'10.0.0.1','dst_ip':'10.0.0.2','proto':'TCP'}"),
                        new Case(
                                "[ipv4-addr:value = '10.0.0.2']",
                                "{'src_ip':'10.0.0.1','dst_ip':'10.0.0.2'}"));
        for (Case c : cases) {
            boolean fires =
                    Fixtures.matches(
                            c.pattern(), mapping.map(Fixtures.json(c.event()), 1, Instant.EPOCH));
            assertThat(lint(c.pattern()).canFire()).as(c.pattern()).isEqualTo(fires);
        }
    }
}
