package org.entente.pattern;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
 */
final class Program {
    // NB: neither the pattern nor its expressions are kept; only what matching needs
    final Condition[] leaves;
    private final Node root;
    private final Node[] order;
    private final int slots;
    private final int rings;
    private final long stateBound;
    private final int k;

    private Program(StixPattern pattern, Limits limits) {
        this.k = limits.maxPartials();
        List<ComparisonExpr> exprs = pattern.observationExpressions();
        leaves = new Condition[exprs.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = Condition.compile(exprs.get(i), limits);
        }
        Builder b = new Builder();
        root = b.build(pattern.root(), false);
        order = b.order.toArray(new Node[0]);
        for (int i = 0; i < order.length; i++) {
            order[i].id = i;
        }
        assign(root, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
        int slot = 0;
        int ring = 0;
        long bound = 0;
        for (Node n : order) {
            if (n.stores) {
                n.slot = slot++;
                bound = saturatingAdd(bound, saturatingMul(k, n.required));
            }
            if (n instanceof RepeatRing r) {
                r.ring = ring++;
                bound = saturatingAdd(bound, r.times - 1L);
            }
        }
        slots = slot;
        rings = ring;
        stateBound = bound;
    }

    /**
     * Compiles a pattern.
     *
     * @throws PatternException when the pattern's worst-case state exceeds the limits
     */
    static Program compile(StixPattern pattern, Limits limits) {
        Program p = new Program(pattern, limits);
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
        return root instanceof Leaf;
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
        Ctx ctx = new Ctx(state, obs, hits, order.length);
        for (Node n : order) {
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
            for (Node n : order) {
                if (n.slot >= 0) {
                    List<Partial> fresh = ctx.fresh[n.id];
                    if (!fresh.isEmpty()) {
                        store(state.stored.get(n.slot), fresh, n.horizon, state.watermark);
                    }
                }
                if (n instanceof RepeatRing r && !ctx.fresh[r.operand.id].isEmpty()) {
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
        for (Node n : order) {
            if (n.horizon == Long.MAX_VALUE) {
                continue;
            }
            if (n.slot >= 0) {
                state.stored.get(n.slot).removeIf(p -> watermark - p.first >= n.horizon);
            }
            if (n instanceof RepeatRing r) {
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

    // ---- partial matches --------------------------------------------------------------------

    /** A set of observations satisfying a node: sorted by seq, with their time span. */
    static final class Partial {
        final long[] seqs;
        final MatchedObservation[] obs;
        final long first;
        final long last;

        private Partial(MatchedObservation[] obs) {
            this.obs = obs;
            seqs = new long[obs.length];
            long f = Long.MAX_VALUE;
            long l = Long.MIN_VALUE;
            for (int i = 0; i < obs.length; i++) {
                seqs[i] = obs[i].seq();
                f = Math.min(f, obs[i].firstMicros());
                l = Math.max(l, obs[i].lastMicros());
            }
            first = f;
            last = l;
        }

        static Partial of(MatchedObservation o) {
            return new Partial(new MatchedObservation[] {o});
        }

        /** The union of two partial matches, or null if they share an observation. */
        static Partial join(Partial a, Partial b) {
            MatchedObservation[] out = new MatchedObservation[a.obs.length + b.obs.length];
            int i = 0;
            int j = 0;
            int n = 0;
            while (i < a.seqs.length && j < b.seqs.length) {
                if (a.seqs[i] == b.seqs[j]) {
                    return null;
                }
                out[n++] = a.seqs[i] < b.seqs[j] ? a.obs[i++] : b.obs[j++];
            }
            while (i < a.seqs.length) {
                out[n++] = a.obs[i++];
            }
            while (j < b.seqs.length) {
                out[n++] = b.obs[j++];
            }
            return new Partial(out);
        }

        List<MatchedObservation> observations() {
            return List.of(obs);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Partial p && Arrays.equals(p.seqs, seqs);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(seqs);
        }

        @Override
        public String toString() {
            return Arrays.toString(seqs);
        }
    }

    // ---- nodes ------------------------------------------------------------------------------

    private static final class Ctx {
        final Program.State state;
        final MatchedObservation obs;
        final boolean[] hits;
        final List<Partial>[] fresh;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Ctx(Program.State state, MatchedObservation obs, boolean[] hits, int nodes) {
            this.state = state;
            this.obs = obs;
            this.hits = hits;
            this.fresh = new List[nodes];
        }

        List<Partial> stored(Node n) {
            return state.stored.get(n.slot);
        }
    }

    private abstract static class Node {
        int id;
        int slot = -1;
        boolean stores;

        /** The narrowest WITHIN window above this node, in microseconds. */
        long horizon = Long.MAX_VALUE;

        /** The START/STOP window every observation below must fall in. */
        long notBefore = Long.MIN_VALUE;

        long notAfter = Long.MAX_VALUE;

        /** Most observations one partial match of this node holds. */
        long required;

        abstract List<Partial> fresh(Ctx ctx);
    }

    private static final class Leaf extends Node {
        final int leaf;

        Leaf(int leaf) {
            this.leaf = leaf;
            this.required = 1;
        }

        @Override
        List<Partial> fresh(Ctx ctx) {
            MatchedObservation o = ctx.obs;
            if (!ctx.hits[leaf] || o.firstMicros() < notBefore || o.lastMicros() >= notAfter) {
                return List.of();
            }
            return List.of(Partial.of(o));
        }
    }

    private static final class AnyOf extends Node {
        final Node[] operands;

        AnyOf(Node[] operands) {
            this.operands = operands;
            long max = 0;
            for (Node n : operands) {
                max = Math.max(max, n.required);
            }
            this.required = max;
        }

        @Override
        List<Partial> fresh(Ctx ctx) {
            List<Partial> out = List.of();
            for (Node n : operands) {
                List<Partial> f = ctx.fresh[n.id];
                if (f.isEmpty()) {
                    continue;
                }
                if (out.isEmpty()) {
                    out = f;
                } else {
                    List<Partial> merged = new ArrayList<>(out);
                    for (Partial p : f) {
                        if (!merged.contains(p)) {
                            merged.add(p);
                        }
                    }
                    out = merged;
                }
            }
            return out;
        }
    }

    /** Two operands on different observations; with {@code ordered}, left no later than right. */
    private static final class Pair extends Node {
        final Node left;
        final Node right;
        final boolean ordered;

        Pair(Node left, Node right, boolean ordered) {
            this.left = left;
            this.right = right;
            this.ordered = ordered;
            this.required = saturatingAdd(left.required, right.required);
            left.stores = true;
            right.stores = true;
        }

        @Override
        List<Partial> fresh(Ctx ctx) {
            List<Partial> freshLeft = ctx.fresh[left.id];
            List<Partial> freshRight = ctx.fresh[right.id];
            if (freshLeft.isEmpty() && freshRight.isEmpty()) {
                return List.of();
            }
            List<Partial> out = new ArrayList<>();
            combine(freshLeft, ctx.stored(right), out);
            combine(ctx.stored(left), freshRight, out);
            return out;
        }

        private void combine(List<Partial> lefts, List<Partial> rights, List<Partial> out) {
            for (Partial l : lefts) {
                for (Partial r : rights) {
                    if (ordered && l.last > r.first) {
                        continue;
                    }
                    Partial joined = Partial.join(l, r);
                    if (joined != null && !out.contains(joined)) {
                        out.add(joined);
                    }
                }
            }
        }
    }

    private static final class Window extends Node {
        final Node operand;
        final long micros;

        Window(Node operand, long micros) {
            this.operand = operand;
            this.micros = micros;
            this.required = operand.required;
        }

        @Override
        List<Partial> fresh(Ctx ctx) {
            List<Partial> f = ctx.fresh[operand.id];
            if (f.isEmpty()) {
                return f;
            }
            List<Partial> out = new ArrayList<>(f.size());
            for (Partial p : f) {
                // section 9.5.1: the latest must be earlier than the earliest plus the window
                if (p.last - p.first < micros) {
                    out.add(p);
                }
            }
            return out;
        }
    }

    private static final class Between extends Node {
        final Node operand;
        final long start;
        final long stop;

        Between(Node operand, long start, long stop) {
            this.operand = operand;
            this.start = start;
            this.stop = stop;
            this.required = operand.required;
        }

        @Override
        List<Partial> fresh(Ctx ctx) {
            List<Partial> f = ctx.fresh[operand.id];
            if (f.isEmpty()) {
                return f;
            }
            List<Partial> out = new ArrayList<>(f.size());
            for (Partial p : f) {
                if (p.first >= start && p.last < stop) {
                    out.add(p);
                }
            }
            return out;
        }
    }

    /**
     * {@code REPEATS n} of an operand that is always one observation, with nothing above it that
     * pairs it with other operands: the n-1 latest matching observations and the new one are the
     * best candidates for any enclosing window, so only those are kept.
     */
    private static final class RepeatRing extends Node {
        final Node operand;
        final int times;
        int ring = -1;

        RepeatRing(Node operand, int times) {
            this.operand = operand;
            this.times = times;
            this.required = times;
        }

        @Override
        List<Partial> fresh(Ctx ctx) {
            List<Partial> f = ctx.fresh[operand.id];
            if (f.isEmpty()) {
                return f;
            }
            if (times == 1) {
                return f;
            }
            ArrayDeque<MatchedObservation> kept = ctx.state.rings[ring];
            if (kept.size() < times - 1) {
                return List.of();
            }
            MatchedObservation[] all = new MatchedObservation[times];
            int i = 0;
            for (MatchedObservation o : kept) {
                all[i++] = o;
            }
            all[i] = ctx.obs;
            Arrays.sort(all, (a, b) -> Long.compare(a.seq(), b.seq()));
            return List.of(new Partial(all));
        }
    }

    // ---- building ---------------------------------------------------------------------------

    private final class Builder {
        final List<Node> order = new ArrayList<>();
        int nextLeaf;

        /**
         * @param paired whether an ancestor pairs this expression with other operands
         */
        Node build(ObservationExpr e, boolean paired) {
            Node n;
            if (e instanceof ObservationExpr.Observe) {
                n = new Leaf(nextLeaf++);
            } else if (e instanceof ObservationExpr.Or or) {
                Node[] ops = new Node[or.operands().size()];
                for (int i = 0; i < ops.length; i++) {
                    ops[i] = build(or.operands().get(i), paired);
                }
                n = new AnyOf(ops);
            } else if (e instanceof ObservationExpr.And and) {
                n = chain(and.operands(), false);
            } else if (e instanceof ObservationExpr.FollowedBy fb) {
                n = chain(fb.operands(), true);
            } else if (e instanceof ObservationExpr.Within w) {
                Node operand = build(w.operand(), paired);
                n = new Window(operand, micros(w.seconds()));
            } else if (e instanceof ObservationExpr.StartStop s) {
                Node operand = build(s.operand(), paired);
                n =
                        new Between(
                                operand,
                                Observation.micros(s.start().value()),
                                Observation.micros(s.stop().value()));
            } else {
                ObservationExpr.Repeats r = (ObservationExpr.Repeats) e;
                if (r.times() == 1) {
                    return build(r.operand(), paired); // REPEATS 1 TIMES is the operand itself
                }
                if (!paired && StixPattern.required(r.operand()) == 1) {
                    Node operand = build(r.operand(), false);
                    n = new RepeatRing(operand, r.times());
                } else {
                    Node operand = build(r.operand(), true);
                    Node level = operand;
                    for (int i = 1; i < r.times(); i++) {
                        level = new Pair(level, operand, false);
                        order.add(level);
                    }
                    return level;
                }
            }
            order.add(n);
            return n;
        }

        private Node chain(List<ObservationExpr> operands, boolean ordered) {
            Node acc = build(operands.get(0), true);
            for (int i = 1; i < operands.size(); i++) {
                Node next = build(operands.get(i), true);
                acc = new Pair(acc, next, ordered);
                if (i < operands.size() - 1) {
                    order.add(acc);
                }
            }
            return acc;
        }
    }

    /** Passes WITHIN windows and START/STOP bounds down to the nodes below. */
    private static void assign(Node n, long horizon, long notBefore, long notAfter) {
        n.horizon = Math.min(n.horizon, horizon);
        n.notBefore = Math.max(n.notBefore, notBefore);
        n.notAfter = Math.min(n.notAfter, notAfter);
        if (n instanceof Window w) {
            assign(w.operand, Math.min(horizon, w.micros), notBefore, notAfter);
        } else if (n instanceof Between b) {
            assign(b.operand, horizon, Math.max(notBefore, b.start), Math.min(notAfter, b.stop));
        } else if (n instanceof RepeatRing r) {
            assign(r.operand, horizon, notBefore, notAfter);
        } else if (n instanceof Pair p) {
            assign(p.left, horizon, notBefore, notAfter);
            assign(p.right, horizon, notBefore, notAfter);
        } else if (n instanceof AnyOf a) {
            for (Node o : a.operands) {
                assign(o, horizon, notBefore, notAfter);
            }
        }
    }

    /** Whole microseconds, rounded up: a window is never made narrower than written. */
    static long micros(BigDecimal seconds) {
        BigDecimal us = seconds.multiply(BigDecimal.valueOf(1_000_000L));
        if (us.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
            return Long.MAX_VALUE - 1;
        }
        return us.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    static long saturatingMul(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }
}
