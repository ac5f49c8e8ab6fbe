package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ObjectStreamTest {
    private static final String A =
            "{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4\","
                    + "\"value\":\"198.51.100.3\"}";
    private static final String B =
            "{\"type\":\"domain-name\",\"id\":\"domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7\","
                    + "\"value\":\"example.com\"}";

    private static List<String> ids(ObjectStream stream) {
        List<String> ids = new ArrayList<>();
        while (stream.hasNext()) {
            ids.add(stream.next().get("id").stringValue());
        }
        return ids;
    }

    private static ObjectStream open(String json) {
        return ObjectStream.open(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheObjectsOfABundleWhoseListComesLast() {
        try (ObjectStream stream =
                open(
                        "{\"type\":\"bundle\",\"id\":\"bundle--44af6c39-c09b-49c5-9de2-394224b04982\","
                                + "\"objects\":["
                                + A
                                + ","
                                + B
                                + "]}")) {
            assertThat(stream.hasNext()).isTrue();
            assertThat(stream.container().get("type").stringValue())
                    .as("properties before the list are known while streaming")
                    .isEqualTo("bundle");
            assertThat(ids(stream)).hasSize(2).allMatch(id -> id.contains("--"));
            assertThat(stream.sawContainer()).isTrue();
            assertThat(stream.count()).isEqualTo(2);
            assertThat(stream.container().has("objects")).isFalse();
            assertThat(stream.container().get("id").stringValue()).startsWith("bundle--");
        }
    }

    @Test
    void readsTheObjectsOfABundleWhoseListComesFirst() {
        try (ObjectStream stream =
                open(
                        "{\"objects\":["
                                + A
                                + ","
                                + B
                                + "],\"type\":\"bundle\","
                                + "\"id\":\"bundle--44af6c39-c09b-49c5-9de2-394224b04982\"}")) {
            assertThat(ids(stream))
                    .containsExactly(
                            "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
                            "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7");
            assertThat(stream.container().get("type").stringValue()).isEqualTo("bundle");
            assertThat(stream.container().get("id").stringValue()).startsWith("bundle--");
        }
    }

    @Test
    void readsATaxiiEnvelopeAndKeepsItsPaging() {
        try (ObjectStream stream =
                open("{\"more\":true,\"next\":\"abc\",\"objects\":[" + A + "]}")) {
            assertThat(ids(stream)).hasSize(1);
            assertThat(stream.sawContainer()).isTrue();
            assertThat(stream.container().get("more").booleanValue()).isTrue();
            assertThat(stream.container().get("next").stringValue()).isEqualTo("abc");
        }
    }

    @Test
    void readsAJsonArrayOfObjects() {
        try (ObjectStream stream = open("[" + A + ",\n" + B + "]")) {
            assertThat(ids(stream)).hasSize(2);
            assertThat(stream.sawContainer()).isFalse();
        }
    }

    @Test
    void readsJsonLines() {
        try (ObjectStream stream = open(A + "\n" + B + "\n\n" + A + "\n")) {
            assertThat(ids(stream)).hasSize(3);
        }
    }

    @Test
    void readsASingleObject() {
        try (ObjectStream stream = open(A)) {
            assertThat(ids(stream))
                    .containsExactly("ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4");
            assertThat(stream.sawContainer()).isFalse();
        }
    }

    @Test
    void readsNothingFromAnEmptyBundleOrEnvelope() {
        for (String empty :
                List.of(
                        "{\"type\":\"bundle\",\"id\":\"bundle--44af6c39-c09b-49c5-9de2-394224b04982\"}",
                        "{\"type\":\"bundle\",\"id\":\"bundle--44af6c39-c09b-49c5-9de2-394224b04982\","
                                + "\"objects\":[]}",
                        "{\"more\":false}",
                        "{}",
                        "")) {
            try (ObjectStream stream = open(empty)) {
                assertThat(stream.hasNext()).as(empty).isFalse();
                assertThatThrownBy(stream::next).isInstanceOf(NoSuchElementException.class);
            }
        }
    }

    @Test
    void keepsAnObservedDataObjectsDictionaryAsAnOrdinaryProperty() {
        String observed =
                "{\"type\":\"observed-data\",\"objects\":{\"0\":{\"type\":\"ipv4-addr\"}}}";
        try (ObjectStream stream = open(observed)) {
            JsonNode object = stream.next();
            assertThat(object.get("objects").isObject()).isTrue();
            assertThat(stream.hasNext()).isFalse();
        }
    }

    @Test
    void reportsMalformedJsonWithLineAndColumn() {
        String broken = "{\"type\":\"bundle\",\"objects\":[\n" + A + ",\n{\"type\": \"x\",, }]}";
        try (ObjectStream stream = open(broken)) {
            assertThat(stream.next()).isNotNull();
            assertThatThrownBy(stream::hasNext)
                    .isInstanceOfSatisfying(
                            StixParseException.class,
                            e -> {
                                assertThat(e.getMessage()).startsWith("malformed JSON");
                                assertThat(e.getMessage()).contains("line 3, column");
                                assertThat(e.line()).isEqualTo(3);
                                assertThat(e.column()).isGreaterThan(1);
                                assertThat(e.objectIndex()).isEqualTo(1);
                            });
            assertThat(stream.hasNext()).as("a failed stream stays finished").isFalse();
        }
    }

    @Test
    void reportsInputThatEndsInsideTheList() {
        try (ObjectStream stream = open("{\"objects\":[" + A + ",")) {
            stream.next();
            assertThatThrownBy(stream::hasNext)
                    .isInstanceOf(StixParseException.class)
                    .hasMessageContaining("line 1");
        }
    }

    @Test
    void rejectsARootThatIsNeitherObjectNorList() {
        try (ObjectStream stream = open("\"hello\"")) {
            assertThatThrownBy(stream::hasNext)
                    .isInstanceOf(StixParseException.class)
                    .hasMessageContaining("expected a bundle, an envelope or a STIX object");
        }
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        int depth = StixJson.MAX_NESTING_DEPTH + 1;
        String deep =
                "{\"objects\":[{\"type\":\"x-deep\",\"x_v\":"
                        + "[".repeat(depth)
                        + "]".repeat(depth)
                        + "}]}";
        String allowed =
                "{\"objects\":[{\"type\":\"x-deep\",\"x_v\":"
                        + "[".repeat(StixJson.MAX_NESTING_DEPTH - 4)
                        + "]".repeat(StixJson.MAX_NESTING_DEPTH - 4)
                        + "}]}";
        try (ObjectStream stream = open(deep)) {
            assertThatThrownBy(stream::hasNext)
                    .isInstanceOf(StixParseException.class)
                    .hasMessageContaining("exceeds a safety limit")
                    .hasMessageContaining(String.valueOf(StixJson.MAX_NESTING_DEPTH));
        }
        try (ObjectStream stream = open(allowed)) {
            assertThat(ids(List.of(stream))).isEqualTo(1);
        }
    }

    private static int ids(List<ObjectStream> streams) {
        int count = 0;
        for (ObjectStream stream : streams) {
            while (stream.hasNext()) {
                stream.next();
                count++;
            }
        }
        return count;
    }

    @Test
    void rejectsDuplicateKeysInsideAnObject() {
        try (ObjectStream stream =
                open("[{\"type\":\"ipv4-addr\",\"value\":\"1.2.3.4\",\"value\":\"5.6.7.8\"}]")) {
            assertThatThrownBy(stream::hasNext)
                    .isInstanceOf(StixParseException.class)
                    .hasMessageContaining("Duplicate")
                    .hasMessageContaining("value");
        }
    }

    @Test
    void rejectsDuplicateKeysOfTheContainer() {
        try (ObjectStream stream =
                open("{\"type\":\"bundle\",\"type\":\"bundle\",\"objects\":[]}")) {
            assertThatThrownBy(stream::hasNext)
                    .isInstanceOf(StixParseException.class)
                    .hasMessageContaining("type");
        }
    }

    @Test
    void streamsAFiftyMegabyteBundleInConstantMemory() {
        long target = 50L * 1024 * 1024;
        InputStream bundle = new GeneratedBundle(target);
        Runtime runtime = Runtime.getRuntime();
        List<Long> usedSamples = new ArrayList<>();
        long count = 0;
        try (ObjectStream stream = ObjectStream.open(bundle)) {
            while (stream.hasNext()) {
                JsonNode object = stream.next();
                count++;
                assertThat(object.get("type").stringValue()).isEqualTo("indicator");
                if (count % 25_000 == 0) {
                    System.gc();
                    usedSamples.add(runtime.totalMemory() - runtime.freeMemory());
                }
            }
            assertThat(stream.container().get("type").stringValue()).isEqualTo("bundle");
        }

        assertThat(((GeneratedBundle) bundle).produced).isGreaterThanOrEqualTo(target);
        assertThat(count).isGreaterThan(100_000);
        // the parsed bundle would take several times its 50 MB as a tree; the stream must keep
        // only the current object, so the heap in use stays flat from the first sample on
        long first = usedSamples.get(0);
        long max = usedSamples.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(max - first).as("heap growth while streaming, bytes").isLessThan(16L << 20);
    }

    /** A bundle of indicators written on demand, never held in memory as a whole. */
    private static final class GeneratedBundle extends InputStream {
        private final long target;
        private long produced;
        private int index;
        private byte[] chunk =
                "{\"type\":\"bundle\",\"id\":\"bundle--44af6c39-c09b-49c5-9de2-394224b04982\",\"objects\":["
                        .getBytes(StandardCharsets.UTF_8);
        private int position;
        private boolean done;

        GeneratedBundle(long target) {
            this.target = target;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == chunk.length) {
                if (done) {
                    return -1;
                }
                next();
            }
            int n = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, buffer, offset, n);
            position += n;
            produced += n;
            return n;
        }

        private void next() {
            position = 0;
            if (produced >= target) {
                chunk = "]}".getBytes(StandardCharsets.UTF_8);
                done = true;
                return;
            }
            String object =
                    (index == 0 ? "" : ",")
                            + "{\"type\":\"indicator\",\"spec_version\":\"2.1\","
                            + "\"id\":\"indicator--%08x-0000-4000-8000-000000000000\","
                                    .formatted(index)
                            + "\"created\":\"2024-01-01T00:00:00.000Z\","
                            + "\"modified\":\"2024-01-01T00:00:00.000Z\","
                            + "\"pattern\":\"[ipv4-addr:value = '10.%d.%d.%d']\","
                                    .formatted((index >> 16) & 255, (index >> 8) & 255, index & 255)
                            + "\"pattern_type\":\"stix\",\"valid_from\":\"2024-01-01T00:00:00Z\"}";
            chunk = object.getBytes(StandardCharsets.UTF_8);
            index++;
        }
    }

    @Test
    void givesTheExactBytesOfEachListItemWhenReadingFromMemory() {
        String first = "{\"type\":\"x-a\",\n  \"id\": \"x-a--1\"}";
        String second = "{\"type\":\"x-b\",\"list\":[1,{\"k\":\"v\"}]}";
        byte[] envelope =
                ("{\"more\":false,\"objects\":[ " + first + " ,\n" + second + "]}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (ObjectStream s = ObjectStream.open(envelope)) {
            s.next();
            assertThat(
                            new String(
                                    s.rawBytes().orElseThrow(),
                                    java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(first);
            s.next();
            assertThat(
                            new String(
                                    s.rawBytes().orElseThrow(),
                                    java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(second);
        }
        try (ObjectStream s = ObjectStream.open(new java.io.ByteArrayInputStream(envelope))) {
            s.next();
            assertThat(s.rawBytes()).isEmpty();
        }
    }

    @Test
    void refusesANumberWhoseExponentIsOutOfRangeWithAParseError() {
        // found by fuzzing (StixFuzzTestInputs/validatorTakesAnyJson): it escaped as a
        // NumberFormatException
        try (ObjectStream stream = open("{\"x_score\": [1, 2.5e3456789012345678901117]}")) {
            assertThatThrownBy(stream::hasNext)
                    .isInstanceOf(StixParseException.class)
                    .hasMessageContaining("a number this node cannot read")
                    .hasMessageContaining("(line 1, column");
        }
    }

    @Test
    void bytesScannedBeforeAreReadAsOpenReadsThemWithoutTheirChecksMadeAgain() {
        byte[] envelope =
                ("{\"objects\":[" + A + ", " + B + "],\"more\":false}")
                        .getBytes(StandardCharsets.UTF_8);
        List<JsonNode> read = new ArrayList<>();
        List<byte[]> raw = new ArrayList<>();
        try (ObjectStream s = ObjectStream.open(envelope)) {
            while (s.hasNext()) {
                read.add(s.next());
                raw.add(s.rawBytes().orElseThrow());
            }
        }
        try (ObjectStream s = ObjectStream.openScanned(envelope)) {
            for (int i = 0; i < read.size(); i++) {
                assertThat(s.hasNext()).isTrue();
                assertThat(s.next()).isEqualTo(read.get(i));
                assertThat(s.rawBytes()).contains(raw.get(i));
            }
            assertThat(s.hasNext()).isFalse();
            assertThat(s.sawContainer()).isTrue();
        }
        // the checks are the first pass's to make: here a name given twice is not refused again
        byte[] twice =
                "{\"objects\":[{\"type\":\"x\",\"type\":\"y\"}]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ids(ObjectStream.open(twice)))
                .isInstanceOf(StixParseException.class);
        try (ObjectStream s = ObjectStream.openScanned(twice)) {
            assertThat(s.next().get("type").stringValue()).isEqualTo("y");
        }
    }
}
