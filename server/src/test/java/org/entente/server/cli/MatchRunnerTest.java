package org.entente.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.entente.stix.ObjectStream;
import org.entente.stix.PatternChecker;
import org.entente.stix.StixJson;
import org.entente.stix.Validator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code entente match} runs: indicators and events in, matches or sightings out, over threads
 * in input order.
 */
class MatchRunnerTest {

    /** Builders for the test's indicators and clock. */
    private static final class Fixtures {
        static Clock fixedClock() {
            return Clock.fixed(Instant.parse("2024-03-01T10:00:00Z"), ZoneOffset.UTC);
        }

        static String id(int n) {
            return "indicator--" + new UUID(0x0000_0000_0000_4000L, 0x8000_0000_0000_0000L | n);
        }

        static ObjectNode object(String text) {
            return (ObjectNode) StixJson.parse(text.replace('\'', '"'));
        }

        static ObjectNode indicator(String id, String pattern) {
            ObjectNode o = StixJson.mapper().createObjectNode();
            o.put("type", "indicator");
            o.put("spec_version", "2.1");
            o.put("id", id);
            o.put("created", "2024-01-01T00:00:00.000Z");
            o.put("modified", "2024-01-01T00:00:00.000Z");
            o.put("pattern", pattern);
            o.put("pattern_type", "stix");
            o.put("valid_from", "2024-01-01T00:00:00Z");
            return o;
        }
    }

    private static final String BUNDLE = bundle();

    private static String bundle() {
        ObjectNode b = StixJson.mapper().createObjectNode();
        b.put("type", "bundle");
        b.put("id", "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d");
        ArrayNode objects = b.putArray("objects");
        objects.add(
                Fixtures.object(
                        "{'type':'identity','spec_version':'2.1','id':'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',"
                                + "'created':'2024-01-01T00:00:00.000Z','modified':'2024-01-01T00:00:00.000Z','name':'CERT'}"));
        objects.add(Fixtures.indicator(Fixtures.id(1), "[ipv4-addr:value = '198.51.100.1']"));
        objects.add(Fixtures.indicator(Fixtures.id(2), "[domain-name:value LIKE '%.evil.test']"));
        objects.add(
                Fixtures.indicator(
                        Fixtures.id(3),
                        "[url:value MATCHES '\\\\.exe$'] FOLLOWEDBY [ipv4-addr:value ISSUBSET"
                                + " '203.0.113.0/24']"));
        objects.add(Fixtures.indicator(Fixtures.id(4), "[ipv4-addr:value = '198.51.100.1'"));
        ObjectNode snort = Fixtures.indicator(Fixtures.id(5), "alert tcp any any");
        snort.put("pattern_type", "snort");
        objects.add(snort);
        return StixJson.mapper().writeValueAsString(b);
    }

    private static String events(int repeat) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < repeat; i++) {
            out.append(
                            "{'ts':'2024-03-01T10:00:00Z','src_ip':'10.0.0.1','dst_ip':'198.51.100.1'}\n")
                    .append("{'ts':'2024-03-01T10:00:01Z','query':'www.evil.test'}\n")
                    .append("\n")
                    .append("not json at all\n")
                    .append("{'ts':'2024-03-01T10:00:02Z','url':'http://x.test/a.exe'}\n")
                    .append("{'message':'unmapped'}\n")
                    .append(
                            "{'ts':'2024-03-01T10:00:03Z','src_ip':'10.0.0.1','dst_ip':'203.0.113.5'}\n");
        }
        return out.toString().replace('\'', '"');
    }

    private static InputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private record Outcome(RunSummary summary, List<String> lines, List<String> rejected) {}

    private static Outcome run(MatchRunner.Builder builder, String events) throws IOException {
        List<String> rejected = Collections.synchronizedList(new ArrayList<>());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSummary summary =
                builder.clock(Fixtures.fixedClock())
                        .listener(
                                new RunListener() {
                                    @Override
                                    public void indicatorRejected(String id, String reason) {
                                        rejected.add(id + ": " + reason);
                                    }

                                    @Override
                                    public void eventRejected(long line, String reason) {
                                        rejected.add("line " + line + ": " + reason);
                                    }
                                })
                        .build()
                        .run(in(BUNDLE), in(events), out);
        List<String> lines = new ArrayList<>();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        return new Outcome(summary, lines, rejected);
    }

    @Test
    void writesMatchLinesInEventOrderAndSummarises() throws IOException {
        Outcome o = run(MatchRunner.builder().threads(2).batchLines(2), events(1));
        assertThat(o.lines)
                .containsExactly(
                        "{\"indicator\":\""
                                + Fixtures.id(1)
                                + "\",\"events\":[1],\"first_seen\":\"2024-03-01T10:00:00.000000Z\",\"last_seen\":\"2024-03-01T10:00:00.000000Z\"}",
                        "{\"indicator\":\""
                                + Fixtures.id(2)
                                + "\",\"events\":[2],\"first_seen\":\"2024-03-01T10:00:01.000000Z\",\"last_seen\":\"2024-03-01T10:00:01.000000Z\"}",
                        "{\"indicator\":\""
                                + Fixtures.id(3)
                                + "\",\"events\":[5,7],\"first_seen\":\"2024-03-01T10:00:02.000000Z\",\"last_seen\":\"2024-03-01T10:00:03.000000Z\"}");
        RunSummary s = o.summary;
        assertThat(s.indicatorsLoaded()).isEqualTo(3);
        assertThat(s.indicatorsRejected()).isEqualTo(2);
        assertThat(s.rejectionsByReason())
                .containsEntry("invalid pattern", 1)
                .containsEntry("not a STIX pattern", 1);
        assertThat(s.eventsRead()).isEqualTo(6);
        assertThat(s.eventsRejected()).isEqualTo(1);
        assertThat(s.eventsUnmapped()).isEqualTo(1);
        assertThat(s.eventsMatched()).isEqualTo(3);
        assertThat(s.matches()).isEqualTo(3);
        assertThat(o.rejected)
                .anySatisfy(r -> assertThat(r).startsWith(Fixtures.id(4) + ": expected ']'"))
                .anySatisfy(r -> assertThat(r).contains("pattern_type 'snort'"))
                .anySatisfy(r -> assertThat(r).startsWith("line 4: malformed JSON"));
    }

    @Test
    void blankLinesAreCountedAndUnreadableTimesRejected() throws IOException {
        String events =
                ("{'ts':'2024-03-01T10:00:00Z','query':'www.evil.test'}\n"
                                + "\n"
                                + "   \t\n"
                                + "{'ts':'yesterday','query':'www.evil.test'}\n"
                                + "\r\n"
                                + "{'query':'www.evil.test'}\n"
                                + "\n")
                        .replace('\'', '"');
        Outcome o = run(MatchRunner.builder().threads(2).batchLines(2), events);
        RunSummary s = o.summary;
        assertThat(s.blankLines()).isEqualTo(4);
        assertThat(s.eventsRead()).isEqualTo(3);
        assertThat(s.eventsRejected()).isEqualTo(1);
        assertThat(o.rejected).contains("line 4: ts: 'yesterday' is not a timestamp");
        // the first and the event without any time field (dated by the clock) match
        assertThat(o.lines).hasSize(2);
        assertThat(o.lines.get(1)).contains("\"events\":[6]");
    }

    @Test
    void givesTheSameOutputWhateverTheNumberOfThreadsAndBatchSize() throws IOException {
        String many = events(400);
        List<String> one = run(MatchRunner.builder().threads(1).batchLines(512), many).lines;
        List<String> four = run(MatchRunner.builder().threads(4).batchLines(3), many).lines;
        assertThat(one).hasSize(400 * 3 - 0);
        assertThat(four).isEqualTo(one);
    }

    @Test
    void writesAValidSightingsBundle() throws IOException {
        Outcome o =
                run(
                        MatchRunner.builder()
                                .output(MatchRunner.Output.SIGHTINGS)
                                .sightingWindow(Duration.ofHours(1))
                                .sighter("identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"),
                        events(5));
        assertThat(o.lines).hasSize(1);
        List<JsonNode> objects = new ArrayList<>();
        try (ObjectStream stream =
                ObjectStream.open(o.lines.get(0).getBytes(StandardCharsets.UTF_8))) {
            stream.forEachRemaining(objects::add);
            assertThat(stream.sawContainer()).isTrue();
        }
        assertThat(objects).hasSize(3);
        Validator validator = new Validator(PatternChecker.NONE);
        for (JsonNode sighting : objects) {
            assertThat(validator.validate(sighting).errors()).isEmpty();
        }
        assertThat(objects.get(0).get("count").intValue()).isEqualTo(5);
        assertThat(o.summary.sightings()).isEqualTo(3);
    }

    @Test
    void reportsProgressAsItGoes() throws IOException {
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        MatchRunner runner =
                MatchRunner.builder()
                        .clock(Fixtures.fixedClock())
                        .progressEvery(100)
                        .batchLines(10)
                        .listener(
                                new RunListener() {
                                    @Override
                                    public void progress(RunSummary soFar) {
                                        seen.add(soFar.eventsRead());
                                    }
                                })
                        .build();
        runner.run(in(BUNDLE), in(events(100)), new ByteArrayOutputStream());
        assertThat(seen).hasSizeGreaterThanOrEqualTo(6);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(600);
        assertThat(seen).isSorted();
    }

    @Test
    void readsIndicatorsAsJsonLinesToo() throws IOException {
        String lines =
                StixJson.mapper()
                                .writeValueAsString(
                                        Fixtures.indicator(
                                                Fixtures.id(9),
                                                "[domain-name:value = 'www.evil.test']"))
                        + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSummary s =
                MatchRunner.builder()
                        .clock(Fixtures.fixedClock())
                        .build()
                        .run(in(lines), in(events(1)), out);
        assertThat(s.indicatorsLoaded()).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(Fixtures.id(9))
                .contains("\"events\":[2]");
    }
}
