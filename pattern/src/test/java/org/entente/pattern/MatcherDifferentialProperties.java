package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;

/**
 * The compiled matcher (indexes, prefilters, candidates) finds exactly what evaluating every
 * indicator one by one against every object finds, on random indicators and random events drawn
 * from small shared pools so that they meet often.
 */
class MatcherDifferentialProperties {

    @Property(tries = 500)
    void compiledMatcherAgreesWithOneByOneEvaluation(
            @ForAll("patterns") List<String> patterns,
            @ForAll("events") List<List<String>> events) {
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
                Program.Partial p = ref.offer(obs);
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
        Statistics.label("matches in the stream").collect(matched > 0);
        Statistics.label("matches in the stream")
                .coverage(c -> c.check(true).percentage(p -> p > 50));
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

        Program.Partial offer(Observation obs) {
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
                    "ok.org");
    private static final List<String> URLS =
            List.of(
                    "http://evil.test/a.exe",
                    "https://x.evil.test/login.php?id=1",
                    "http://ok.org/",
                    "http://a.example/download/payload.bin");
    private static final List<String> HASHES = List.of("aa11", "bb22", "cc33");

    @Provide
    Arbitrary<List<String>> patterns() {
        return pattern().list().ofMinSize(1).ofMaxSize(40);
    }

    private Arbitrary<String> pattern() {
        Arbitrary<String> leaf = comparisonOr();
        Arbitrary<String> observation = leaf.map(c -> "[" + c + "]");
        Arbitrary<String> combined =
                Combinators.combine(
                                observation,
                                observation,
                                Arbitraries.of(" AND ", " OR ", " FOLLOWEDBY "))
                        .as((a, b, op) -> a + op + b);
        Arbitrary<String> qualified =
                Combinators.combine(
                                combined,
                                Arbitraries.of(
                                        "",
                                        " WITHIN 20 SECONDS",
                                        " WITHIN 100 SECONDS",
                                        " REPEATS 2 TIMES"))
                        .as((p, q) -> q.isEmpty() ? p : "(" + p + ")" + q);
        Arbitrary<String> repeated =
                Combinators.combine(
                                observation,
                                Arbitraries.of(
                                        " REPEATS 2 TIMES", " REPEATS 3 TIMES WITHIN 30 SECONDS"))
                        .as((o, q) -> o + q);
        return Arbitraries.frequencyOf(
                Tuple.of(8, observation), Tuple.of(2, qualified), Tuple.of(1, repeated));
    }

    private Arbitrary<String> comparisonOr() {
        Arbitrary<String> single =
                Arbitraries.oneOf(
                        ipTest(), ip6Test(), domainTest(), urlTest(), fileTest(), flowTest());
        Arbitrary<String> sameTypeAnd =
                Arbitraries.oneOf(
                        Combinators.combine(ipTest(), ipTest()).as((a, b) -> a + " AND " + b),
                        Combinators.combine(domainTest(), domainTest())
                                .as((a, b) -> a + " AND (" + b + " OR " + b + ")"),
                        Combinators.combine(flowTest(), flowTest()).as((a, b) -> a + " AND " + b));
        Arbitrary<String> or = Combinators.combine(single, single).as((a, b) -> a + " OR " + b);
        return Arbitraries.frequencyOf(
                Tuple.of(6, single), Tuple.of(2, sameTypeAnd), Tuple.of(2, or));
    }

    private Arbitrary<String> not() {
        return Arbitraries.of("", "", "", "NOT ");
    }

    /**
     * Tests on ipv4-addr or ipv6-addr values. NB: jqwik memoizes generators by comparing
     * arbitraries, lambdas included, so each type gets its own non-capturing lambda.
     */
    private Arbitrary<String> ipTest() {
        return Arbitraries.oneOf(
                ipSuffix().map(s -> "ipv4-addr:value " + s),
                Arbitraries.just("EXISTS ipv4-addr:value"));
    }

    private Arbitrary<String> ip6Test() {
        return Arbitraries.oneOf(
                ipSuffix().map(s -> "ipv6-addr:value " + s),
                Arbitraries.just("EXISTS ipv6-addr:value"));
    }

    private Arbitrary<String> ipSuffix() {
        Arbitrary<String> ip = Arbitraries.of(IPS);
        Arbitrary<String> cidr =
                Arbitraries.of(
                        "10.0.0.0/8",
                        "10.0.0.0/30",
                        "10.0.0.2/32",
                        "192.168.0.0/16",
                        "0.0.0.0/0",
                        "2001:db8::/32",
                        "2001:db8::2/128");
        return Arbitraries.oneOf(
                Combinators.combine(not(), ip).as((n, v) -> n + "= '" + v + "'"),
                Combinators.combine(not(), cidr).as((n, v) -> n + "ISSUBSET '" + v + "'"),
                cidr.map(v -> "ISSUPERSET '" + v + "'"),
                ip.list()
                        .ofMinSize(1)
                        .ofMaxSize(3)
                        .map(l -> "IN ('" + String.join("', '", l) + "')"),
                ip.map(v -> "= '" + v + (v.contains(":") ? "/128'" : "/32'")),
                ip.map(v -> "> '" + v + "'"));
    }

    private Arbitrary<String> domainTest() {
        Arbitrary<String> d = Arbitraries.of(DOMAINS);
        return Arbitraries.oneOf(
                Combinators.combine(not(), d)
                        .as((n, v) -> "domain-name:value " + n + "= '" + v + "'"),
                d.map(v -> "domain-name:value != '" + v + "'"),
                Arbitraries.of(
                                "%.evil.test",
                                "%evil%", "_.example", "a.%", "%.org", "%", "ev_l.test")
                        .map(v -> "domain-name:value LIKE '" + v + "'"),
                Arbitraries.of(
                                "evil\\\\.test$",
                                "^[a-z]\\\\.example$",
                                "(www|x)\\\\.evil",
                                "xam",
                                ".*",
                                "^ok")
                        .map(v -> "domain-name:value MATCHES '" + v + "'"),
                Arbitraries.of(IPS).map(v -> "domain-name:resolves_to_refs[*].value = '" + v + "'"),
                Arbitraries.of("10.0.0.0/8", "2001:db8::/32")
                        .map(v -> "domain-name:resolves_to_refs[*].value ISSUBSET '" + v + "'"),
                Arbitraries.of(IPS)
                        .map(v -> "domain-name:resolves_to_refs[0].value = '" + v + "'"));
    }

    private Arbitrary<String> urlTest() {
        return Arbitraries.oneOf(
                Arbitraries.of(URLS).map(v -> "url:value = '" + v + "'"),
                Arbitraries.of("%.exe", "http://%", "%login%", "%/download/%")
                        .map(v -> "url:value LIKE '" + v + "'"),
                Arbitraries.of("\\\\.(exe|bin)$", "login\\\\.php\\\\?id=\\\\d+", "^https://")
                        .map(v -> "url:value MATCHES '" + v + "'"));
    }

    private Arbitrary<String> fileTest() {
        return Arbitraries.oneOf(
                Arbitraries.of(HASHES).map(v -> "file:hashes.'SHA-256' = '" + v + "'"),
                Arbitraries.of(HASHES).map(v -> "file:hashes.MD5 != '" + v + "'"),
                Arbitraries.integers().between(0, 3).map(v -> "file:size = " + v),
                Arbitraries.integers().between(0, 3).map(v -> "file:size >= " + v),
                Arbitraries.of("1.0", "2.5").map(v -> "file:size = " + v),
                Arbitraries.of("a.exe", "b.dll").map(v -> "file:name = '" + v + "'"));
    }

    private Arbitrary<String> flowTest() {
        return Arbitraries.oneOf(
                Arbitraries.of(IPS).map(v -> "network-traffic:dst_ref.value = '" + v + "'"),
                Arbitraries.of("10.0.0.0/8", "192.168.0.0/16")
                        .map(v -> "network-traffic:src_ref.value ISSUBSET '" + v + "'"),
                Arbitraries.of(80, 443, 4444).map(v -> "network-traffic:dst_port = " + v),
                Arbitraries.of("tcp", "udp").map(v -> "network-traffic:protocols[*] = '" + v + "'"),
                Arbitraries.of(80, 443)
                        .map(v -> "network-traffic:dst_port NOT IN (" + v + ", 8080)"));
    }

    @Provide
    Arbitrary<List<List<String>>> events() {
        Arbitrary<String> ip =
                Arbitraries.of(IPS)
                        .map(
                                v ->
                                        "{'type':'"
                                                + (v.contains(":") ? "ipv6-addr" : "ipv4-addr")
                                                + "','value':'"
                                                + v
                                                + "'}");
        Arbitrary<String> domain =
                Arbitraries.of(DOMAINS)
                        .map(
                                v ->
                                        "{'type':'domain-name','value':'"
                                                + v
                                                + "','resolves_to_refs':['1']}");
        Arbitrary<String> url = Arbitraries.of(URLS).map(v -> "{'type':'url','value':'" + v + "'}");
        Arbitrary<String> file =
                Combinators.combine(
                                Arbitraries.of(HASHES),
                                Arbitraries.of(0, 1, 2, 3),
                                Arbitraries.of("1.0", "2", "2.5"))
                        .as(
                                (h, s, f) ->
                                        "{'type':'file','hashes':{'SHA-256':'"
                                                + h
                                                + "','MD5':'"
                                                + h
                                                + "'},'size':"
                                                + (s == 3 ? f : s)
                                                + ",'name':'a.exe'}");
        Arbitrary<String> flow =
                Combinators.combine(Arbitraries.of(80, 443, 4444), Arbitraries.of("tcp", "udp"))
                        .as(
                                (p, proto) ->
                                        "{'type':'network-traffic','src_ref':'1','dst_ref':'1','dst_port':"
                                                + p
                                                + ",'protocols':['ipv4','"
                                                + proto
                                                + "']}");
        // object "1" is always an address, so references resolve
        Arbitrary<String> first = Arbitraries.oneOf(domain, url, file, flow, ip);
        return Combinators.combine(
                        first, ip, Arbitraries.oneOf(domain, url, file, ip).list().ofMaxSize(2))
                .as(
                        (a, b, rest) -> {
                            List<String> objects = new ArrayList<>();
                            objects.add(a);
                            objects.add(b);
                            objects.addAll(rest);
                            return objects;
                        })
                .list()
                .ofMinSize(1)
                .ofMaxSize(30);
    }
}
