package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.pattern.Theories.between;
import static org.entente.pattern.Theories.frequency;
import static org.entente.pattern.Theories.list;
import static org.entente.pattern.Theories.of;
import static org.entente.pattern.Theories.oneOf;
import static org.entente.pattern.Theories.theory;
import static org.entente.pattern.Theories.weight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import tools.jackson.databind.JsonNode;

/**
 * The compiled matcher (indexes, prefilters, candidates) finds exactly what evaluating every
 * indicator one by one against every object finds, on random indicators and random events drawn
 * from small shared pools so that they meet often.
 */
class MatcherDifferentialProperties {

    @Test
    void compiledMatcherAgreesWithOneByOneEvaluation() {
        AtomicInteger cases = new AtomicInteger();
        AtomicInteger withMatches = new AtomicInteger();
        theory(500)
                .forAll(list(pattern(), 1, 40), events())
                .checkAssert(
                        (patterns, events) -> {
                            cases.incrementAndGet();
                            if (check(patterns, events) > 0) {
                                withMatches.incrementAndGet();
                            }
                        });
        // the comparison means something only if matches are common
        assertThat(withMatches.get() * 100.0 / cases.get())
                .as("percentage of cases with matches in the stream")
                .isGreaterThan(50);
    }

    /** Runs one case; returns how many matches the stream had. */
    private static int check(List<String> patterns, List<List<String>> events) {
        IndicatorMatcher compiled = new IndicatorMatcher(Fixtures.fixedClock(), LIMITS);
        List<Reference> reference = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            String id = Fixtures.id(i + 1);
            IndicatorMatcher.Result r = compiled.add(Indicator.of(id, patterns.get(i)));
            assertThat(r.loaded()).as(r.toString()).isTrue();
            reference.add(new Reference(id, patterns.get(i)));
        }
        int matched = 0;
        for (int e = 0; e < events.size(); e++) {
            Observation obs = Fixtures.obs(e + 1, e * 7L, events.get(e).toArray(new String[0]));
            Map<String, List<Long>> expected = new TreeMap<>();
            for (Reference ref : reference) {
                Partial p = ref.offer(obs);
                if (p != null) {
                    expected.put(ref.id, seqs(p.observations()));
                }
            }
            Map<String, List<Long>> actual = new TreeMap<>();
            for (Match m : compiled.match(obs)) {
                actual.put(m.indicatorId(), seqs(m.observations()));
            }
            assertThat(actual).as("event %d %s", e + 1, events.get(e)).isEqualTo(expected);
            matched += actual.size();
        }
        return matched;
    }

    private static final Limits LIMITS = Limits.DEFAULT;

    private static List<Long> seqs(List<MatchedObservation> obs) {
        List<Long> out = new ArrayList<>();
        obs.forEach(o -> out.add(o.seq()));
        return out;
    }

    /** Plain evaluation: every leaf against every object, then the same correlation. */
    private static final class Reference {
        final String id;
        final Program program;
        final Program.State state;

        Reference(String id, String pattern) {
            this.id = id;
            this.program = Program.compile(StixPattern.parse(pattern), LIMITS);
            this.state = program.stateless() ? null : program.newState();
        }

        Partial offer(Observation obs) {
            boolean[] hits = new boolean[program.leafCount()];
            boolean any = false;
            for (int j = 0; j < hits.length; j++) {
                for (int k = 0; k < obs.size(); k++) {
                    JsonNode object = obs.object(k);
                    if (program.leaves[j].test(obs, object, object.get("type").stringValue())) {
                        hits[j] = true;
                        any = true;
                    }
                }
            }
            return any ? program.offer(state, MatchedObservation.of(obs), hits) : null;
        }
    }

    // ---- generators -------------------------------------------------------------------------

    /** Addresses, some written in non-canonical forms that compare equal to canonical ones. */
    private static final List<String> IPS =
            List.of(
                    "10.0.0.1",
                    "10.0.0.2",
                    "10.0.0.2/32",
                    "192.168.1.1",
                    "203.0.113.9",
                    "2001:db8::1",
                    "2001:DB8:0:0:0:0:0:1",
                    "2001:db8:0:0:0:0:0:2",
                    "2001:db8::2/128",
                    "fe80::1");

    private static final List<String> DOMAINS =
            List.of(
                    "a.example",
                    "b.example",
                    "evil.test",
                    "x.evil.test",
                    "www.evil.test",
                    "ok.org",
                    // spellings that mean the same names (Normalise)
                    "Evil.Test.",
                    "WWW.evil.test");
    private static final List<String> URLS =
            List.of(
                    "http://evil.test/a.exe",
                    "https://x.evil.test/login.php?id=1",
                    "http://ok.org/",
                    "http://a.example/download/payload.bin");
    private static final List<String> HASHES = List.of("aa11", "bb22", "cc33", "AA11");

    private static Gen<String> pattern() {
        Gen<String> leaf = comparisonOr();
        Gen<String> observation = leaf.map(c -> "[" + c + "]");
        Gen<String> combined =
                observation.zip(
                        observation, of(" AND ", " OR ", " FOLLOWEDBY "), (a, b, op) -> a + op + b);
        Gen<String> qualified =
                combined.zip(
                        of("", " WITHIN 20 SECONDS", " WITHIN 100 SECONDS", " REPEATS 2 TIMES"),
                        (p, q) -> q.isEmpty() ? p : "(" + p + ")" + q);
        Gen<String> repeated =
                observation.zip(
                        of(" REPEATS 2 TIMES", " REPEATS 3 TIMES WITHIN 30 SECONDS"),
                        (o, q) -> o + q);
        return frequency(
                List.of(weight(8, observation), weight(2, qualified), weight(1, repeated)));
    }

    private static Gen<String> comparisonOr() {
        Gen<String> single =
                oneOf(ipTest(), ip6Test(), domainTest(), urlTest(), fileTest(), flowTest());
        Gen<String> sameTypeAnd =
                oneOf(
                        ipTest().zip(ipTest(), (a, b) -> a + " AND " + b),
                        domainTest()
                                .zip(domainTest(), (a, b) -> a + " AND (" + b + " OR " + b + ")"),
                        flowTest().zip(flowTest(), (a, b) -> a + " AND " + b));
        Gen<String> or = single.zip(single, (a, b) -> a + " OR " + b);
        return frequency(List.of(weight(6, single), weight(2, sameTypeAnd), weight(2, or)));
    }

    private static Gen<String> not() {
        return of("", "", "", "NOT ");
    }

    /** Tests on ipv4-addr or ipv6-addr values. */
    private static Gen<String> ipTest() {
        return oneOf(
                ipSuffix().map(s -> "ipv4-addr:value " + s),
                Generate.constant("EXISTS ipv4-addr:value"));
    }

    private static Gen<String> ip6Test() {
        return oneOf(
                ipSuffix().map(s -> "ipv6-addr:value " + s),
                Generate.constant("EXISTS ipv6-addr:value"));
    }

    private static Gen<String> ipSuffix() {
        Gen<String> ip = of(IPS);
        Gen<String> cidr =
                of(
                        "10.0.0.0/8",
                        "10.0.0.0/30",
                        "10.0.0.2/32",
                        "192.168.0.0/16",
                        "0.0.0.0/0",
                        "2001:db8::/32",
                        "2001:db8::2/128");
        return oneOf(
                not().zip(ip, (n, v) -> n + "= '" + v + "'"),
                not().zip(cidr, (n, v) -> n + "ISSUBSET '" + v + "'"),
                cidr.map(v -> "ISSUPERSET '" + v + "'"),
                list(ip, 1, 3).map(l -> "IN ('" + String.join("', '", l) + "')"),
                ip.map(v -> "= '" + v + (v.contains(":") ? "/128'" : "/32'")),
                ip.map(v -> "> '" + v + "'"));
    }

    private static Gen<String> domainTest() {
        Gen<String> d = of(DOMAINS);
        return oneOf(
                not().zip(d, (n, v) -> "domain-name:value " + n + "= '" + v + "'"),
                d.map(v -> "domain-name:value != '" + v + "'"),
                of("%.evil.test", "%evil%", "_.example", "a.%", "%.org", "%", "ev_l.test")
                        .map(v -> "domain-name:value LIKE '" + v + "'"),
                of("evil\\\\.test$", "^[a-z]\\\\.example$", "(www|x)\\\\.evil", "xam", ".*", "^ok")
                        .map(v -> "domain-name:value MATCHES '" + v + "'"),
                of(IPS).map(v -> "domain-name:resolves_to_refs[*].value = '" + v + "'"),
                of("10.0.0.0/8", "2001:db8::/32")
                        .map(v -> "domain-name:resolves_to_refs[*].value ISSUBSET '" + v + "'"),
                of(IPS).map(v -> "domain-name:resolves_to_refs[0].value = '" + v + "'"));
    }

    private static Gen<String> urlTest() {
        return oneOf(
                of(URLS).map(v -> "url:value = '" + v + "'"),
                of("%.exe", "http://%", "%login%", "%/download/%")
                        .map(v -> "url:value LIKE '" + v + "'"),
                of("\\\\.(exe|bin)$", "login\\\\.php\\\\?id=\\\\d+", "^https://")
                        .map(v -> "url:value MATCHES '" + v + "'"));
    }

    private static Gen<String> fileTest() {
        return oneOf(
                of(HASHES).map(v -> "file:hashes.'SHA-256' = '" + v + "'"),
                of(HASHES).map(v -> "file:hashes.MD5 != '" + v + "'"),
                of(HASHES).map(v -> "file:hashes.sha256 = '" + v + "'"),
                between(0, 3).map(v -> "file:size = " + v),
                between(0, 3).map(v -> "file:size >= " + v),
                of("1.0", "2.5").map(v -> "file:size = " + v),
                of("a.exe", "b.dll").map(v -> "file:name = '" + v + "'"));
    }

    private static Gen<String> flowTest() {
        return oneOf(
                of(IPS).map(v -> "network-traffic:dst_ref.value = '" + v + "'"),
                of("10.0.0.0/8", "192.168.0.0/16")
                        .map(v -> "network-traffic:src_ref.value ISSUBSET '" + v + "'"),
                of(80, 443, 4444).map(v -> "network-traffic:dst_port = " + v),
                of("tcp", "udp").map(v -> "network-traffic:protocols[*] = '" + v + "'"),
                of(80, 443).map(v -> "network-traffic:dst_port NOT IN (" + v + ", 8080)"));
    }

    private static Gen<List<List<String>>> events() {
        Gen<String> ip =
                of(IPS).map(
                                v ->
                                        "{'type':'"
                                                + (v.contains(":") ? "ipv6-addr" : "ipv4-addr")
                                                + "','value':'"
                                                + v
                                                + "'}");
        Gen<String> domain =
                of(DOMAINS)
                        .map(
                                v ->
                                        "{'type':'domain-name','value':'"
                                                + v
                                                + "','resolves_to_refs':['1']}");
        Gen<String> url = of(URLS).map(v -> "{'type':'url','value':'" + v + "'}");
        Gen<String> file =
                of(HASHES)
                        .zip(
                                of(0, 1, 2, 3),
                                of("1.0", "2", "2.5"),
                                (h, s, f) ->
                                        "{'type':'file','hashes':{'SHA-256':'"
                                                + h
                                                + "','MD5':'"
                                                + h
                                                + "'},'size':"
                                                + (s == 3 ? f : s)
                                                + ",'name':'a.exe'}");
        Gen<String> flow =
                of(80, 443, 4444)
                        .zip(
                                of("tcp", "udp"),
                                (p, proto) ->
                                        "{'type':'network-traffic','src_ref':'1','dst_ref':'1','dst_port':"
                                                + p
                                                + ",'protocols':['ipv4','"
                                                + proto
                                                + "']}");
        // object "1" is always an address, so references resolve
        Gen<String> first = oneOf(domain, url, file, flow, ip);
        Gen<List<String>> event =
                first.zip(
                        ip,
                        list(oneOf(domain, url, file, ip), 0, 2),
                        (a, b, rest) -> {
                            List<String> objects = new ArrayList<>();
                            objects.add(a);
                            objects.add(b);
                            objects.addAll(rest);
                            return objects;
                        });
        return list(event, 1, 30);
    }
}
