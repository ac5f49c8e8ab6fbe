package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.entente.stix.PatternChecker;
import org.entente.stix.ValidationResult;
import org.entente.stix.Validator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stix library's validator finds this engine through ServiceLoader and rejects bad patterns.
 */
class PatternCheckerTest {

    @Test
    void isTheInstalledPatternChecker() {
        assertThat(ServiceLoader.load(PatternChecker.class).findFirst())
                .get()
                .isInstanceOf(StixPatternChecker.class);
    }

    @Test
    void makesTheValidatorRejectAnIndicatorWithAnInvalidStixPattern() {
        Validator validator = Validator.withInstalledPatternChecker();
        ObjectNode bad = Fixtures.indicator(Fixtures.id(1), "[file:name = 'x'");
        ValidationResult r = validator.validate(bad);
        assertThat(r.valid()).isFalse();
        assertThat(r.errorSummary())
                .contains("pattern: expected ']' to close the observation expression")
                .contains("(column 17)");
    }

    @Test
    void letsAValidPatternThrough() {
        Validator validator = Validator.withInstalledPatternChecker();
        ObjectNode good =
                Fixtures.indicator(
                        Fixtures.id(1),
                        "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY"
                                + " [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar'])"
                                + " WITHIN 300 SECONDS");
        assertThat(validator.validate(good).errors()).isEmpty();
    }

    @Test
    void leavesOtherPatternLanguagesAlone() {
        StixPatternChecker checker = new StixPatternChecker();
        assertThat(checker.problem("snort", "alert tcp any any -> any any")).isEmpty();
        assertThat(checker.problem("stix", "alert tcp any any -> any any")).isPresent();
    }
}
