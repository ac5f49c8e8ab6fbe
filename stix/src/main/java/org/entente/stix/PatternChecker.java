package org.entente.stix;

import java.util.Optional;

/**
 * Checks the syntax of an indicator pattern in a given language. The {@code stix} library cannot
 * depend on the patterning engine (it depends on us), so the engine plugs in here; without one,
 * STIX patterns are only checked to be non-empty strings.
 */
@FunctionalInterface
public interface PatternChecker {
    /** Why {@code pattern} is not valid, or empty if it is. */
    Optional<String> problem(String patternType, String pattern);

    PatternChecker NONE = (type, pattern) -> Optional.empty();
}
