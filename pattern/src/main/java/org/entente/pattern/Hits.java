package org.entente.pattern;

/**
 * The observation expressions one observation satisfies, found by a {@link Probe} and passed to
 * {@link IndicatorMatcher#correlate}. Immutable.
 */
public final class Hits {
    static final Hits NONE = new Hits(new LeafIndex.Leaf[0]);

    final LeafIndex.Leaf[] leaves;

    Hits(LeafIndex.Leaf[] leaves) {
        this.leaves = leaves;
    }

    public boolean isEmpty() {
        return leaves.length == 0;
    }

    /** How many observation expressions were satisfied. */
    public int size() {
        return leaves.length;
    }
}
