package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Arbitrary text given to the pattern parser either parses (and then prints to text that parses to
 * the same tree) or is refused with the parser's own error, positioned inside the text; never
 * another exception, never a hang.
 *
 * <p>As an ordinary test, the seed corpus in {@code src/test/resources/org/entente/pattern/
 * PatternParserFuzzTestInputs/arbitraryTextGivesAPatternOrAPositionedError/} runs, every file one
 * input (UTF-8). To fuzz: {@code JAZZER_FUZZ=1 ./mvnw -pl pattern -am test
 * -Dtest=PatternParserFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}; a finding is written
 * beside the seeds and then runs as a test too.
 */
class PatternParserFuzzTest {
    /** Far above any parse seen (a 256 Ki-character pattern parses in milliseconds). */
    private static final Duration HANG = Duration.ofSeconds(10);

    @FuzzTest(maxDuration = "60s")
    void arbitraryTextGivesAPatternOrAPositionedError(byte[] data) {
        // bytes as UTF-8, malformed sequences as U+FFFD: any text, and seeds are plain files
        String text = new String(data, StandardCharsets.UTF_8);
        assertTimeoutPreemptively(HANG, () -> check(text));
    }

    static void check(String text) {
        StixPattern parsed;
        try {
            parsed = StixPattern.parse(text);
        } catch (PatternException e) {
            assertThat(e.column())
                    .as("column of %s", e.getMessage())
                    .isBetween(1, text.codePointCount(0, text.length()) + 1);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        // what parses prints to text that parses to the same tree
        assertThat(StixPattern.parse(parsed.toString()).root()).isEqualTo(parsed.root());
    }
}
