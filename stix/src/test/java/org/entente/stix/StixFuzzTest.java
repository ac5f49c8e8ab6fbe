package org.entente.stix;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Fuzz targets for everything in this library that reads untrusted input. Without {@code
 * JAZZER_FUZZ} they run as ordinary tests over the seed corpus in {@code StixFuzzTestInputs} (and
 * over every crash kept there); with {@code JAZZER_FUZZ=1} one target at a time is fuzzed (see
 * docs/stix-validation.md).
 *
 * <p>The contract under test: the reader fails on bad input only with {@link StixParseException};
 * the validator, the marking readers and the STIX 2.0 upgrade take any JSON value without throwing
 * anything but the {@link IllegalArgumentException} the upgrade documents; nothing hangs.
 */
class StixFuzzTest {
    private static final Validator VALIDATOR = new Validator(PatternChecker.NONE);

    /** A fuzz target that must also finish each input in a bounded time. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @interface StixFuzz {}

    @StixFuzz
    void readerFailsOnlyWithAParseError(byte[] input) {
        try (ObjectStream stream = ObjectStream.open(input)) {
            while (stream.hasNext()) {
                stream.next();
                stream.rawBytes();
            }
        } catch (StixParseException expected) {
            // the one way the reader may refuse input
        }
        try (ObjectStream stream = ObjectStream.open(new ByteArrayInputStream(input))) {
            while (stream.hasNext()) {
                stream.next();
            }
        } catch (StixParseException expected) {
            // likewise when reading from a stream
        }
        try {
            StixJson.checkText(input);
        } catch (StixParseException expected) {
            // bad text
        }
    }

    @StixFuzz
    void validatorTakesAnyJson(byte[] input) {
        for (JsonNode node : values(input)) {
            ValidationResult result = VALIDATOR.validate(node);
            result.errorSummary();
            if (node.isObject()) {
                for (JsonNode value : node) {
                    VALIDATOR.validate(value);
                }
            }
        }
    }

    @StixFuzz
    void markingReadersAndTheUpgradeTakeAnyJson(byte[] input) {
        List<JsonNode> nodes = values(input);
        MarkingLookup lookup = MarkingLookup.of(nodes);
        for (JsonNode node : nodes) {
            MarkingMeaning.of(node).restriction();
            if (node.isObject()) {
                Tlp.of(node, lookup);
                Tlp.of(node);
            }
            if (StixUpgrade.looksLikeStix20(node)) {
                try {
                    VALIDATOR.validate(StixUpgrade.fromStix20(node).object());
                } catch (IllegalArgumentException documented) {
                    // not a JSON object with a type
                }
            }
        }
    }

    /** The JSON values the reader finds in {@code input}, as far as it can read. */
    private static List<JsonNode> values(byte[] input) {
        List<JsonNode> nodes = new ArrayList<>();
        try (ObjectStream stream = ObjectStream.open(input)) {
            while (stream.hasNext()) {
                nodes.add(stream.next());
            }
            nodes.add(stream.container());
        } catch (StixParseException e) {
            // keep what was read before
        }
        return nodes;
    }
}
