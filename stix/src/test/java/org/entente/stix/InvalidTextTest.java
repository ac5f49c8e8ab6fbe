package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;

/**
 * Text that is not valid UTF-8, or that I-JSON (RFC 7493) or PostgreSQL cannot carry, is refused
 * with the byte offset where it starts, before any object is returned, by every way of reading JSON
 * the node uses: from memory, from a stream, and the token scan of a first pass.
 */
class InvalidTextTest {

    /** {@code {"d":"} — the bad text starts at byte 6. */
    private static byte[] inString(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"d\":\"".getBytes(StandardCharsets.US_ASCII));
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        out.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static Arguments bad(String what, byte[] json, String message) {
        return Arguments.of(Named.of(what, json), message);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad(
                        "overlong '/' in two bytes",
                        inString(0xC0, 0xAF),
                        "byte 6: invalid UTF-8 (overlong encoding of U+002F)"),
                bad(
                        "overlong '/' in three bytes",
                        inString(0xE0, 0x80, 0xAF),
                        "byte 6: invalid UTF-8 (overlong encoding of U+002F)"),
                bad(
                        "overlong euro sign in four bytes",
                        inString(0xF0, 0x82, 0x82, 0xAC),
                        "byte 6: invalid UTF-8 (overlong encoding of U+20AC)"),
                bad(
                        "an encoded high surrogate",
                        inString(0xED, 0xA0, 0x80),
                        "byte 6: invalid UTF-8 (encoded surrogate U+D800)"),
                bad(
                        "an encoded low surrogate after text",
                        inString("abc", 0xED, 0xBF, 0xBF),
                        "byte 9: invalid UTF-8 (encoded surrogate U+DFFF)"),
                bad(
                        "a code point above U+10FFFF",
                        inString(0xF4, 0x90, 0x80, 0x80),
                        "byte 6: invalid UTF-8 (code point U+110000 is above U+10FFFF)"),
                bad(
                        "a lead byte above F4",
                        inString(0xF5, 0x80, 0x80, 0x80),
                        "byte 6: invalid UTF-8 (code point U+140000 is above U+10FFFF)"),
                bad(
                        "a truncated sequence",
                        inString(0xE2, 0x82),
                        "byte 6: invalid UTF-8 (truncated sequence: 0xE2 needs 2 continuation"
                                + " bytes)"),
                bad(
                        "a stray continuation byte",
                        inString("ok ", 0x80),
                        "byte 9: invalid UTF-8 (continuation byte 0x80 without a lead byte)"),
                bad(
                        "a byte that never occurs in UTF-8",
                        inString(0xFF),
                        "byte 6: invalid UTF-8 (byte 0xFF never occurs in UTF-8)"),
                bad(
                        "a raw NUL",
                        inString("a", 0x00, "b"),
                        "byte 7: NUL (U+0000) is not allowed in STIX text"),
                bad(
                        "an escaped NUL",
                        inString("a\\u0000"),
                        "byte 7: NUL (\\u0000) is not allowed in STIX text"),
                bad(
                        "a lone high surrogate escape",
                        inString("\\ud800x"),
                        "byte 6: lone surrogate \\ud800 (not followed by a low surrogate)"),
                bad(
                        "a high surrogate escape followed by another escape",
                        inString("\\uD800\\u0041"),
                        "byte 6: lone surrogate \\uD800 (not followed by a low surrogate)"),
                bad(
                        "a high surrogate escape at the end of a string",
                        inString("\\ud800"),
                        "byte 6: lone surrogate \\ud800 (not followed by a low surrogate)"),
                bad(
                        "a lone low surrogate escape",
                        inString("x\\udc00"),
                        "byte 7: lone surrogate \\udc00 (no high surrogate before it)"),
                bad(
                        "an escaped noncharacter",
                        inString("\\uFFFE"),
                        "byte 6: noncharacter U+FFFE is not allowed (I-JSON, RFC 7493)"),
                bad(
                        "a raw noncharacter in the FDD0 block",
                        inString(0xEF, 0xB7, 0x90),
                        "byte 6: noncharacter U+FDD0 is not allowed (I-JSON, RFC 7493)"),
                bad(
                        "a raw supplementary noncharacter",
                        inString(0xF0, 0x9F, 0xBF, 0xBE),
                        "byte 6: noncharacter U+1FFFE is not allowed (I-JSON, RFC 7493)"),
                bad(
                        "an escaped supplementary noncharacter",
                        inString("\\ud83f\\udffe"),
                        "byte 6: noncharacter U+1FFFE is not allowed (I-JSON, RFC 7493)"),
                bad(
                        "a noncharacter in a property name",
                        "{\"\uFFFF\":1}".getBytes(StandardCharsets.UTF_8),
                        "byte 2: noncharacter U+FFFF is not allowed (I-JSON, RFC 7493)"),
                bad(
                        "UTF-16 instead of UTF-8",
                        "{\"d\":1}".getBytes(StandardCharsets.UTF_16LE),
                        "byte 1: NUL (U+0000) is not allowed in STIX text (is this UTF-16 or"
                                + " UTF-32? STIX content must be UTF-8)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesFromMemory(byte[] json, String message) {
        assertThatThrownBy(() -> ObjectStream.open(json))
                .isInstanceOf(StixParseException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesFromAStreamReadOneByteAtATime(byte[] json, String message) {
        // NB: opening may already throw, as the parser reads the first bytes to tell the encoding
        assertThatThrownBy(
                        () -> {
                            try (ObjectStream stream = ObjectStream.open(new Trickle(json))) {
                                drain(stream);
                            }
                        })
                .isInstanceOf(StixParseException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesInTheTokenScanOfAFirstPass(byte[] json, String message) {
        assertThatThrownBy(
                        () -> {
                            try (JsonParser parser =
                                    StixJson.parser(new ByteArrayInputStream(json))) {
                                while (parser.nextToken() != null) {
                                    parser.skipChildren();
                                }
                            }
                        })
                .isInstanceOf(StixParseException.class)
                .hasMessage(message);
        assertThatThrownBy(
                        () -> {
                            try (JsonParser parser = StixJson.parser(json)) {
                                while (parser.nextToken() != null) {
                                    parser.skipChildren();
                                }
                            }
                        })
                .isInstanceOf(StixParseException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void saysWhichByte(byte[] json, String message) {
        long expected = Long.parseLong(message.substring(5, message.indexOf(':')));
        assertThatThrownBy(() -> StixJson.checkText(json))
                .isInstanceOfSatisfying(
                        StixParseException.class,
                        e -> assertThat(e.byteOffset()).isEqualTo(expected));
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(
                        Named.of("an emoji written out", inString("\uD83D\uDE00")), "\uD83D\uDE00"),
                Arguments.of(
                        Named.of("an emoji escaped", inString("\\ud83d\\ude00")), "\uD83D\uDE00"),
                Arguments.of(
                        Named.of("a backslash before u0000", inString("\\\\u0000")), "\\u0000"),
                Arguments.of(Named.of("accents and CJK", inString("é 日本 ü")), "é 日本 ü"),
                Arguments.of(
                        Named.of("the last code point", inString(0xF4, 0x8F, 0xBF, 0xBD)),
                        "\uDBFF\uDFFD"),
                Arguments.of(
                        Named.of(
                                "escapes of every kind", inString("\\\"\\/\\b\\f\\n\\r\\t\\u00e9")),
                        "\"/\b\f\n\r\té"),
                Arguments.of(Named.of("U+FFFD", inString(0xEF, 0xBF, 0xBD)), "\uFFFD"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void acceptsValidText(byte[] json, String text) {
        try (ObjectStream stream = ObjectStream.open(json)) {
            assertThat(stream.next().get("d").stringValue()).isEqualTo(text);
        }
        try (ObjectStream stream = ObjectStream.open(new Trickle(json))) {
            assertThat(stream.next().get("d").stringValue()).isEqualTo(text);
        }
        StixJson.checkText(json);
    }

    @Test
    void refusesABundleWithBadTextInItsLastObjectBeforeReadingAnyObject() {
        String good = "{\"type\":\"x-a\",\"id\":\"x-a--6a7b8c9d-1e2f-4a3b-8c4d-5e6f7a8b9c0d\"}";
        byte[] bundle =
                ("{\"type\":\"bundle\",\"objects\":["
                                + good
                                + ","
                                + good.replace("x-a\",", "x-\u0000\","))
                        .getBytes(StandardCharsets.UTF_8);

        int nul = new String(bundle, StandardCharsets.ISO_8859_1).indexOf('\u0000');

        assertThatThrownBy(() -> ObjectStream.open(bundle))
                .isInstanceOf(StixParseException.class)
                .hasMessageStartingWith("byte " + nul + ": NUL");
    }

    @Test
    void refusesTextTheStreamEndsInTheMiddleOf() {
        byte[] json = {'{', '"', 'd', '"', ':', '"', (byte) 0xE2, (byte) 0x82};

        try (ObjectStream stream = ObjectStream.open(new Trickle(json))) {
            assertThatThrownBy(() -> drain(stream))
                    .isInstanceOf(StixParseException.class)
                    .hasMessage(
                            "byte 6: invalid UTF-8 (the input ends inside a sequence: 0xE2 needs 2"
                                    + " continuation bytes)");
        }
    }

    private static List<JsonNode> drain(ObjectStream stream) {
        List<JsonNode> all = new ArrayList<>();
        while (stream.hasNext()) {
            all.add(stream.next());
        }
        return all;
    }

    /** Hands out one byte per read, so that every sequence and escape spans reads. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private int at;

        Trickle(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int next = read();
            if (next < 0) {
                return -1;
            }
            b[off] = (byte) next;
            return 1;
        }
    }
}
