package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.entente.stix.ObjectStream;
import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The engine on real published threat intelligence (../shared/data): every STIX pattern parses,
 * real indicators match events built from their own values, and real IOC values loaded as
 * indicators match exactly the benign and malicious values a plain set lookup says they should.
 * Skips where the data is absent.
 */
class RealDataTest {

    private static List<JsonNode> stixIndicators() throws IOException {
        Path dir = SharedData.require("stix21");
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList()) {
                try (InputStream in = SharedData.open(f);
                        ObjectStream objects = ObjectStream.open(in)) {
                    objects.forEachRemaining(
                            o -> {
                                if ("indicator".equals(o.path("type").asString())
                                        && "stix".equals(o.path("pattern_type").asString())) {
                                    out.add(o);
                                }
                            });
                }
            }
        }
        return out;
    }

    @Test
    void parsesEveryStixPatternOfThePublishedCorpora() throws IOException {
        List<JsonNode> indicators = stixIndicators();
        assertThat(indicators).hasSizeGreaterThan(2_000);
        List<String> problems = new ArrayList<>();
        for (JsonNode i : indicators) {
            StixPattern.problem(i.get("pattern").asString())
                    .ifPresent(p -> problems.add(i.get("id").asString() + ": " + p));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void parsesEveryPatternOfThePublishedBundles() throws IOException {
        Path dir = SharedData.require("stix21-bundles");
        int seen = 0;
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f);
                        ObjectStream objects = ObjectStream.open(in)) {
                    while (objects.hasNext()) {
                        JsonNode o = objects.next();
                        if (!"stix".equals(o.path("pattern_type").asString())
                                || !o.has("pattern")) {
                            continue;
                        }
                        seen++;
                        StixPattern.problem(o.get("pattern").asString())
                                .ifPresent(p -> problems.add(f.getFileName() + ": " + p));
                    }
                }
            }
        }
        assertThat(seen).isPositive();
        assertThat(problems).isEmpty();
    }

    @Test
    void realIndicatorsMatchEventsBuiltFromTheirOwnValues() throws IOException {
        List<JsonNode> indicators = stixIndicators();
        // equality patterns on one value, and the event line a sensor would log for it
        Map<String, String> eventFor = new HashMap<>();
        java.util.regex.Pattern simple =
                java.util.regex.Pattern.compile(
                        "\\[(ipv4-addr:value|domain-name:value|url:value|file:hashes\\.'SHA-256') = '([^'\\\\]*)'\\]");
        StringBuilder events = new StringBuilder();
        int line = 0;
        Map<Integer, Set<String>> expected = new HashMap<>();
        Map<String, Integer> lineOfValue = new HashMap<>();
        for (JsonNode i : indicators) {
            java.util.regex.Matcher m = simple.matcher(i.get("pattern").asString());
            if (!m.matches()) {
                continue;
            }
            String field =
                    switch (m.group(1)) {
                        case "ipv4-addr:value" -> "dst_ip";
                        case "domain-name:value" -> "query";
                        case "url:value" -> "url";
                        default -> "sha256";
                    };
            String value = m.group(2);
            if (field.equals("query") || field.equals("sha256")) {
                if (!value.equals(value.toLowerCase(java.util.Locale.ROOT))) {
                    continue; // the default mapping lower-cases these fields
                }
            }
            String key = field + "=" + value;
            Integer at = lineOfValue.get(key);
            if (at == null) {
                at = ++line;
                lineOfValue.put(key, at);
                var event = StixJson.mapper().createObjectNode();
                event.put("ts", "2024-03-01T10:00:00Z");
                event.put(field, value);
                if (field.equals("dst_ip")) {
                    event.put("src_ip", "10.0.0.1");
                }
                events.append(StixJson.mapper().writeValueAsString(event)).append('\n');
                eventFor.put(key, value);
            }
            expected.computeIfAbsent(at, k -> new HashSet<>()).add(i.get("id").asString());
        }
        assertThat(line).isGreaterThan(1_000);
        IndicatorMatcher matcher = new IndicatorMatcher(Fixtures.fixedClock());
        for (JsonNode i : indicators) {
            IndicatorMatcher.Result r = matcher.add(i);
            assertThat(r.loaded()).as(r.toString()).isTrue();
        }
        EventMapping mapping = EventMapping.defaults();
        Map<Integer, Set<String>> actual = new HashMap<>();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(
                                new java.io.ByteArrayInputStream(
                                        events.toString().getBytes(StandardCharsets.UTF_8)),
                                StandardCharsets.UTF_8))) {
            String l;
            int seq = 0;
            while ((l = r.readLine()) != null) {
                byte[] bytes = l.getBytes(StandardCharsets.UTF_8);
                Observation obs =
                        mapping.map(
                                EventMapping.parseEvent(bytes, 0, bytes.length),
                                ++seq,
                                Fixtures.T0);
                for (Match m : matcher.match(obs)) {
                    actual.computeIfAbsent(seq, k -> new HashSet<>()).add(m.indicatorId());
                }
            }
        }
        // each event finds at least the indicators built from its value (others may also match,
        // e.g. patterns with OR or LIKE over the same value)
        for (Map.Entry<Integer, Set<String>> e : expected.entrySet()) {
            assertThat(actual.getOrDefault(e.getKey(), Set.of()))
                    .as("line " + e.getKey())
                    .containsAll(e.getValue());
        }
    }

    @Test
    void iocValuesMatchExactlyWhatASetLookupFinds() throws IOException {
        Path iocs = SharedData.require("iocs.tsv.gz");
        Path benign = SharedData.require("benign.tsv.gz");
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        Set<String> domains = new HashSet<>();
        Set<String> ips = new HashSet<>();
        List<Ip.Net> blocks = new ArrayList<>();
        int n = 0;
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(SharedData.open(iocs), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null && n < 60_000) {
                String[] f = l.split("\t");
                if (f.length < 2
                        || f[0].startsWith("#")
                        || f[1].contains("'")
                        || f[1].contains("\\")) {
                    continue;
                }
                String pattern;
                switch (f[0]) {
                    case "domain":
                        pattern = "[domain-name:value = '" + f[1] + "']";
                        domains.add(f[1]);
                        break;
                    case "ipv4":
                        pattern = "[ipv4-addr:value = '" + f[1] + "']";
                        ips.add(f[1]);
                        break;
                    case "cidr":
                        if (Ip.parse(f[1]) == null) {
                            continue;
                        }
                        pattern = "[ipv4-addr:value ISSUBSET '" + f[1] + "']";
                        blocks.add(Ip.parse(f[1]));
                        break;
                    default:
                        continue;
                }
                if (m.add(Indicator.of(Fixtures.id(++n), pattern)).loaded()) {
                    continue;
                }
                throw new AssertionError("not loaded: " + pattern);
            }
        }
        assertThat(n).isGreaterThan(10_000);
        int checked = 0;
        int hits = 0;
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(SharedData.open(benign), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null && checked < 50_000) {
                String[] f = l.split("\t");
                if (f.length < 2 || !(f[0].equals("domain") || f[0].equals("ipv4"))) {
                    continue;
                }
                String value = f[1];
                boolean isIp = f[0].equals("ipv4");
                Observation o =
                        Fixtures.obs(
                                ++checked,
                                0,
                                isIp
                                        ? "{'type':'ipv4-addr','value':'" + value + "'}"
                                        : "{'type':'domain-name','value':'"
                                                + value.replace("'", "")
                                                + "'}");
                int expected = 0;
                if (isIp) {
                    expected += ips.contains(value) ? 1 : 0;
                    Ip.Net net = Ip.parse(value);
                    for (Ip.Net b : blocks) {
                        if (net != null && net.within(b)) {
                            expected++;
                        }
                    }
                } else {
                    expected += domains.contains(value.replace("'", "")) ? 1 : 0;
                }
                int actual = m.match(o).size();
                hits += actual;
                assertThat(actual).as(value).isEqualTo(expected);
            }
        }
        assertThat(checked).isEqualTo(50_000);
        assertThat(hits).isPositive(); // warninglists overlap the scanner ranges in iocs.tsv
    }
}
