package org.entente.pattern;

/**
 * Safety limits, so that a hostile or broken indicator cannot exhaust the stack, the heap or the
 * CPU of the node that evaluates it.
 *
 * @param maxLength longest pattern accepted, in characters
 * @param maxDepth deepest nesting of brackets and parentheses
 * @param maxPartials partial matches kept per node of a pattern that spans several observations
 *     (the K of the memory bound in docs/pattern.md); the most recent are kept
 * @param maxStateRefs most observation references the correlation state of one indicator may hold
 *     in the worst case; a pattern whose bound exceeds it is not loaded into a matcher
 * @param regexBudget character reads a {@code MATCHES} may spend on one value before it is
 *     abandoned as a non-match (guards against catastrophic backtracking)
 */
public record Limits(
        int maxLength, int maxDepth, int maxPartials, long maxStateRefs, long regexBudget) {
    public static final Limits DEFAULT = new Limits(262_144, 64, 16, 65_536, 1_000_000);

    public Limits {
        if (maxLength < 16) {
            throw new IllegalArgumentException("maxLength: must be at least 16");
        }
        if (maxDepth < 2) {
            throw new IllegalArgumentException("maxDepth: must be at least 2");
        }
        if (maxPartials < 1) {
            throw new IllegalArgumentException("maxPartials: must be positive");
        }
        if (maxStateRefs < 1) {
            throw new IllegalArgumentException("maxStateRefs: must be positive");
        }
        if (regexBudget < 1_000) {
            throw new IllegalArgumentException("regexBudget: must be at least 1000");
        }
    }

    public Limits withMaxPartials(int partials) {
        return new Limits(maxLength, maxDepth, partials, maxStateRefs, regexBudget);
    }

    public Limits withMaxStateRefs(long refs) {
        return new Limits(maxLength, maxDepth, maxPartials, refs, regexBudget);
    }
}
