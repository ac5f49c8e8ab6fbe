package org.entente.stix;

import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration for STIX content: duplicate property names are an error (STIX requires
 * I-JSON, RFC 7493), nesting is capped well above what any STIX object needs so that a hostile
 * document cannot exhaust the stack, and floating point keeps its exact value.
 *
 * <p>Content that comes from outside is read through {@link #parser(InputStream)}, {@link
 * #parser(byte[])} or {@link ObjectStream}, which also refuse text that is not valid UTF-8 or that
 * I-JSON rules out ({@link #checkText(byte[])}); {@link #mapper()} itself does not.
 */
public final class StixJson {
    /** Deepest nesting accepted, counted from the document root (bundle or envelope included). */
    public static final int MAX_NESTING_DEPTH = 64;

    /** Longest string accepted (an artifact's {@code payload_bin} can be large). */
    public static final int MAX_STRING_LENGTH = 64 * 1024 * 1024;

    private static final JsonMapper MAPPER = create();

    /**
     * {@link #MAPPER}'s reader without the check of names given twice: for bytes checked before.
     */
    private static final ObjectReader SCANNED =
            MAPPER.reader().without(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private StixJson() {}

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * A parser over untrusted bytes that fails with a {@link StixParseException} naming the byte
     * offset at the first text the node refuses: invalid UTF-8 (overlong forms, encoded surrogates,
     * code points above U+10FFFF, truncated sequences, stray continuation bytes), escapes of lone
     * surrogates, NUL, and Unicode noncharacters. The check runs as the parser reads, so a token
     * scan over the whole input (a first pass) checks all of it.
     */
    public static JsonParser parser(InputStream in) {
        try {
            return MAPPER.createParser(new CheckedInputStream(in));
        } catch (JacksonException e) {
            throw unreadable(e);
        }
    }

    /**
     * The stream, checked as {@link #parser(InputStream)} checks it: for a caller that parses with
     * a mapper of its own (tighter limits), so that its text is refused the same way.
     */
    public static InputStream checked(InputStream in) {
        return new CheckedInputStream(in);
    }

    /** {@link #parser(InputStream)} over bytes in memory, all of them checked before parsing. */
    public static JsonParser parser(byte[] json) {
        checkText(json);
        try {
            return MAPPER.createParser(json);
        } catch (JacksonException e) {
            throw unreadable(e);
        }
    }

    /**
     * A parser over bytes in memory that a first pass has already read whole, refusing what {@link
     * #parser(InputStream)} refuses and names given twice in one object: neither check is made
     * again, so that a body read twice pays for them once. Only for such bytes.
     */
    public static JsonParser parserOfScanned(byte[] json) {
        try {
            return SCANNED.createParser(json);
        } catch (JacksonException e) {
            throw unreadable(e);
        }
    }

    /**
     * Jackson reads the first bytes as it creates a parser, to tell the encoding, and fails there
     * with its own exception (found by fuzzing: "Unsupported UCS-4 endianness").
     */
    private static StixParseException unreadable(JacksonException e) {
        return new StixParseException(
                "the input cannot be read as JSON: " + e.getOriginalMessage(), -1, -1, -1, e);
    }

    /**
     * Throws a {@link StixParseException} with the byte offset of the first text the node refuses
     * in {@code json} (see {@link #parser(InputStream)}); returns quietly when there is none.
     */
    public static void checkText(byte[] json) {
        TextCheck.checkAll(json);
    }

    public static byte[] toBytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    public static JsonNode parse(byte[] json) {
        return MAPPER.readTree(json);
    }

    public static JsonNode parse(String json) {
        return MAPPER.readTree(json);
    }

    private static JsonMapper create() {
        JsonFactory factory =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(MAX_NESTING_DEPTH)
                                        .maxStringLength(MAX_STRING_LENGTH)
                                        .maxNumberLength(400)
                                        .build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }
}
