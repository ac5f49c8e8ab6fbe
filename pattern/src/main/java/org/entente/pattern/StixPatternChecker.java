package org.entente.pattern;

import java.util.Optional;
import org.entente.stix.PatternChecker;

/**
 * The engine's syntax check for {@code pattern_type: stix}, found by {@code
 * Validator.withInstalledPatternChecker()} through {@code META-INF/services}. Other pattern
 * languages (Sigma, Snort, YARA...) are not checked here.
 */
public final class StixPatternChecker implements PatternChecker {
    @Override
    public Optional<String> problem(String patternType, String pattern) {
        if (!"stix".equals(patternType)) {
            return Optional.empty();
        }
        return StixPattern.problem(pattern);
    }
}
