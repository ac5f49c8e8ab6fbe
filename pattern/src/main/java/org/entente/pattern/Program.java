package org.entente.pattern;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A pattern compiled for evaluation over a stream of observations: one {@link Condition} per
 * observation expression ("leaf"), and the observation operators and qualifiers as a tree of nodes
 * that combine the leaves' matches.
 *
 * <p>How matches are found (docs/pattern.md, "Evaluation"): observations arrive in order of time.
 * For each, the leaves it satisfies are known (from the index). Every node computes its fresh
 * partial matches, the sets of observations that satisfy it and include the new one: a leaf's is
 * the observation itself; {@code AND} pairs a fresh partial of one side with a stored one of the
 * other if they share no observation; {@code FOLLOWEDBY} also requires the left one to end no later
 * than the right one starts; {@code WITHIN} and {@code START/STOP} filter; {@code REPEATS n} is
 * {@code n} operands joined by {@code AND}. When the root has a fresh partial match, the pattern
 * matched; the indicator's state is then cleared, so each observation counts towards one match at
 * most.
 *
 * <p>The bound: a node whose partial matches must be kept (an operand of {@code AND}, {@code
 * FOLLOWEDBY} or {@code REPEATS}) keeps at most K = {@link Limits#maxPartials()} of them, the most
 * recent; below a {@code WITHIN x}, partial matches older than x are dropped as soon as an
 * observation x later arrives. An indicator's state therefore never exceeds the sum over keeping
 * nodes of K times the observations the node needs ({@link #stateBound()}), and one observation
 * costs at most K² combinations per node: polynomial, never exponential, in the pattern's size. A
 * top-level {@code [..] REPEATS n TIMES} keeps just the n-1 latest matching observations. Results
 * are exact when no node ever needs more than K partial matches at once; beyond that the oldest are
 * forgotten, which can miss a match but never invent one.
 *
 * <p>The nodes and their rules of combination are {@link ProgramNode}'s, their compilation {@link
 * ProgramBuilder}'s; this class runs them over one observation and keeps the state between
 * observations.
 */
final class Program {
    // NB: neither the pattern nor its expressions are kept; only what matching needs
    final Condition[] leaves;
    private final ProgramNode root;
    private final ProgramNode[] order;
    private final int slots;
    private final int rings;
    private final long stateBound;
    private final int k;

    private Program(ProgramBuilder.Built built, Limits limits) {
        this.k = limits.maxPartials();
        this.leaves = built.leaves();
        this.root = built.root();
        this.order = built.order();
        this.slots = built.slots();
        this.rings = built.rings();
        this.stateBound = built.stateBound();
    }

    /**
     * Compiles a pattern.
     *
     * @throws PatternException when the pattern's worst-case state exceeds the limits
     */
    static Program compile(StixPattern pattern, Limits limits) {
        Program p = new Program(ProgramBuilder.build(pattern, limits), limits);
        if (p.stateBound > limits.maxStateRefs()) {
            throw new PatternException(
                    "the pattern could need to remember "
                            + (p.stateBound == Long.MAX_VALUE ? "too many" : p.stateBound)
                            + " observation references while matching; this engine allows "
                            + limits.maxStateRefs()
                            + " per indicator (lower REPEATS counts or fewer joined observations)",
                    0);
        }
        return p;
    }

    /** True when the pattern is one observation expression with no qualifier. */
    boolean singleLeaf() {
        return root instanceof ProgramNode.Leaf;
    }

    /** True when the pattern never spans observations: no state is ever kept. */
    boolean stateless() {
        return slots == 0 && rings == 0;
    }

    /** Worst-case observation references the state of one indicator holds. */
    long stateBound() {
        return stateBound;
    }

    int leafCount() {
        return leaves.length;
    }

    /** Per-indicator correlation state; only for patterns that are not stateless. */
    static final class State {
        final List<List<Partial>> stored;
        final ArrayDeque<MatchedObservation>[] rings;
        long watermark = Long.MIN_VALUE;

        @SuppressWarnings({"unchecked", "rawtypes"})
        State(Program p) {
            stored = new ArrayList<>(p.slots);
            for (int i = 0; i < p.slots; i++) {
                stored.add(new ArrayList<>());
            }
            rings = new ArrayDeque[p.rings];
            for (int i = 0; i < p.rings; i++) {
                rings[i] = new ArrayDeque<>();
            }
        }

        /** Observation references held now (for tests of the bound). */
        long refs() {
            long total = 0;
            for (List<Partial> list : stored) {
                for (Partial p : list) {
                    total += p.seqs.length;
                }
            }
            for (ArrayDeque<MatchedObservation> r : rings) {
                total += r.size();
            }
            return total;
        }

        boolean empty() {
            return refs() == 0;
        }
    }

    State newState() {
        return new State(this);
    }

    /**
     * Offers one observation and the leaves it satisfies. Returns the partial match that completes
     * the pattern (and clears {@code state}), or {@code null}. {@code state} may be null for a
     * stateless program.
     */
    Partial offer(State state, MatchedObservation obs, boolean[] hits) {
        if (state != null) {
            state.watermark = Math.max(state.watermark, obs.firstMicros());
            prune(state, state.watermark);
        }
        ProgramNode.Ctx ctx = new ProgramNode.Ctx(state, obs, hits, order.length);
        for (ProgramNode n : order) {
            List<Partial> fresh = n.fresh(ctx);
            ctx.fresh[n.id] = fresh.size() > k ? mostRecent(fresh, k) : fresh;
        }
        List<Partial> done = ctx.fresh[root.id];
        if (!done.isEmpty()) {
            Partial best = done.get(0);
            for (Partial p : done) {
                if (p.first > best.first
                        || (p.first == best.first && p.seqs.length < best.seqs.length)) {
                    best = p;
                }
            }
            if (state != null) {
                clear(state);
            }
            return best;
        }
        if (state != null) {
            for (ProgramNode n : order) {
                if (n.slot >= 0) {
                    List<Partial> fresh = ctx.fresh[n.id];
                    if (!fresh.isEmpty()) {
                        store(state.stored.get(n.slot), fresh, n.horizon, state.watermark);
                    }
                }
                if (n instanceof ProgramNode.RepeatRing r && !ctx.fresh[r.operand.id].isEmpty()) {
                    ArrayDeque<MatchedObservation> ring = state.rings[r.ring];
                    ring.addLast(obs);
                    while (ring.size() > r.times - 1) {
                        ring.removeFirst();
                    }
                }
            }
        }
        return null;
    }

    /** Drops partial matches that a WITHIN above them can no longer accept. */
    void prune(State state, long watermark) {
        for (ProgramNode n : order) {
            if (n.horizon == Long.MAX_VALUE) {
                continue;
            }
            if (n.slot >= 0) {
                state.stored.get(n.slot).removeIf(p -> watermark - p.first >= n.horizon);
            }
            if (n instanceof ProgramNode.RepeatRing r) {
                state.rings[r.ring].removeIf(o -> watermark - o.firstMicros() >= n.horizon);
            }
        }
    }

    private void clear(State state) {
        for (List<Partial> list : state.stored) {
            list.clear();
        }
        for (ArrayDeque<MatchedObservation> ring : state.rings) {
            ring.clear();
        }
    }

    private void store(List<Partial> kept, List<Partial> fresh, long horizon, long watermark) {
        for (Partial p : fresh) {
            if (horizon != Long.MAX_VALUE && watermark - p.first >= horizon) {
                continue;
            }
            if (kept.size() < k) {
                kept.add(p);
                continue;
            }
            int oldest = 0;
            for (int i = 1; i < kept.size(); i++) {
                if (kept.get(i).first < kept.get(oldest).first) {
                    oldest = i;
                }
            }
            if (kept.get(oldest).first <= p.first) {
                kept.set(oldest, p);
            }
        }
    }

    private static List<Partial> mostRecent(List<Partial> list, int k) {
        List<Partial> sorted = new ArrayList<>(list);
        sorted.sort(
                (a, b) ->
                        a.first != b.first
                                ? Long.compare(b.first, a.first)
                                : Integer.compare(a.seqs.length, b.seqs.length));
        return new ArrayList<>(sorted.subList(0, k));
    }
}
