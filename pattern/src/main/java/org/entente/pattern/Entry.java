package org.entente.pattern;

/**
 * An indicator loaded into a matcher: its compiled program, its leaves and, if it spans
 * observations, its correlation state.
 */
final class Entry {
    // NB: not the Indicator: its pattern text is not needed once compiled
    private final String id;

    /** The indicator's version (see {@link Indicator#version()}). */
    final String version;

    final Program program;
    final long validUntilMicros;
    LeafIndex.Leaf[] leaves;

    /** Cleared when the indicator is removed; readers that still hold its leaves skip them. */
    volatile boolean active = true;

    /** Owned by the thread that correlates (see {@link IndicatorMatcher#correlate}). */
    Program.State state;

    /**
     * The correlation that last saw this entry, and the leaves it saw then (correlating thread).
     */
    long seenAt;

    boolean[] leafHits;

    Entry(Indicator indicator, Program program) {
        this.id = indicator.id();
        this.version = indicator.version();
        this.program = program;
        this.validUntilMicros =
                indicator.validUntil().map(Observation::micros).orElse(Long.MAX_VALUE);
    }

    String id() {
        return id;
    }
}
