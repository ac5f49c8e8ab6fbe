package org.entente.pattern;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One operator of a compiled {@link Program}: a leaf, {@code OR}, a pair joined by {@code AND} or
 * {@code FOLLOWEDBY}, a {@code WITHIN} or {@code START/STOP} filter, or a top-level {@code REPEATS}
 * ring. Each computes its fresh partial matches for one observation from its operands' (already
 * computed, as the program runs its nodes in post-order) and the matches stored for them. Apart
 * from {@link Program} so that the per-kind rules of combination read on their own, away from the
 * loop that runs them and the state they keep.
 */
abstract class ProgramNode {
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

    /** What the nodes read while one observation is offered: the fresh matches so far. */
    static final class Ctx {
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

        List<Partial> stored(ProgramNode n) {
            return state.stored.get(n.slot);
        }
    }

    static final class Leaf extends ProgramNode {
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

    static final class AnyOf extends ProgramNode {
        final ProgramNode[] operands;

        AnyOf(ProgramNode[] operands) {
            this.operands = operands;
            long max = 0;
            for (ProgramNode n : operands) {
                max = Math.max(max, n.required);
            }
            this.required = max;
        }

        @Override
        List<Partial> fresh(Ctx ctx) {
            List<Partial> out = List.of();
            for (ProgramNode n : operands) {
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
    static final class Pair extends ProgramNode {
        final ProgramNode left;
        final ProgramNode right;
        final boolean ordered;

        Pair(ProgramNode left, ProgramNode right, boolean ordered) {
            this.left = left;
            this.right = right;
            this.ordered = ordered;
            this.required = ProgramBuilder.saturatingAdd(left.required, right.required);
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

    static final class Window extends ProgramNode {
        final ProgramNode operand;
        final long micros;

        Window(ProgramNode operand, long micros) {
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

    static final class Between extends ProgramNode {
        final ProgramNode operand;
        final long start;
        final long stop;

        Between(ProgramNode operand, long start, long stop) {
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
    static final class RepeatRing extends ProgramNode {
        final ProgramNode operand;
        final int times;
        int ring = -1;

        RepeatRing(ProgramNode operand, int times) {
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
}
