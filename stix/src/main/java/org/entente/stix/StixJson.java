package org.entente.stix;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration for STIX content: duplicate property names are an error (STIX requires
 * I-JSON, RFC 7493), nesting is capped well above what any STIX object needs so that a hostile
 * document cannot exhaust the stack, and floating point keeps its exact value.
 */
public final class StixJson {
    /** Deepest nesting accepted, counted from the document root (bundle or envelope included). */
    public static final int MAX_NESTING_DEPTH = 64;

    /** Longest string accepted (an artifact's {@code payload_bin} can be large). */
    public static final int MAX_STRING_LENGTH = 64 * 1024 * 1024;

    private static final JsonMapper MAPPER = create();

    private StixJson() {}

    public static JsonMapper mapper() {
        return MAPPER;
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
