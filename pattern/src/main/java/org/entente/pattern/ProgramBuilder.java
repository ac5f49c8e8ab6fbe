package org.entente.pattern;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a pattern's tree of observation operators and qualifiers into the nodes of a {@link
 * Program}: in evaluation order (operands before the node that combines them), with the WITHIN
 * windows and START/STOP bounds passed down to the nodes below them, a state slot for each node
 * whose matches must be kept, and the worst-case state that results. Apart from {@link Program}
 * because all of this happens once per indicator, never per observation.
 */
final class ProgramBuilder {
    private final List<ProgramNode> order = new ArrayList<>();
    private int nextLeaf;

    /** The leaves and nodes the builder produced, numbered; what {@link Program} runs. */
    record Built(
            Condition[] leaves,
            ProgramNode root,
            ProgramNode[] order,
            int slots,
            int rings,
            long stateBound) {}

    /**
     * The root of every pattern that is one observation expression without a qualifier, most
     * patterns by far: shared, since such a leaf is the same in all of them and nothing changes a
     * node once it is built (with a million indicators, a node and an order each would be a tenth
     * of the matcher's memory).
     */
    private static final ProgramNode.Leaf ONE_LEAF = new ProgramNode.Leaf(0);

    private static final ProgramNode[] ONE_LEAF_ORDER = {ONE_LEAF};

    static Built build(StixPattern pattern, Limits limits) {
        int k = limits.maxPartials();
        List<ComparisonExpr> exprs = pattern.observationExpressions();
        Condition[] leaves = new Condition[exprs.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = Condition.compile(exprs.get(i), limits);
        }
        if (pattern.root() instanceof ObservationExpr.Observe) {
            return new Built(leaves, ONE_LEAF, ONE_LEAF_ORDER, 0, 0, 0);
        }
        ProgramBuilder b = new ProgramBuilder();
        ProgramNode root = b.build(pattern.root(), false);
        ProgramNode[] order = b.order.toArray(new ProgramNode[0]);
        for (int i = 0; i < order.length; i++) {
            order[i].id = i;
        }
        assign(root, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
        int slot = 0;
        int ring = 0;
        long bound = 0;
        for (ProgramNode n : order) {
            if (n.stores) {
                n.slot = slot++;
                bound = saturatingAdd(bound, saturatingMul(k, n.required));
            }
            if (n instanceof ProgramNode.RepeatRing r) {
                r.ring = ring++;
                bound = saturatingAdd(bound, r.times - 1L);
            }
        }
        return new Built(leaves, root, order, slot, ring, bound);
    }

    private ProgramBuilder() {}

    /**
     * @param paired whether an ancestor pairs this expression with other operands
     */
    private ProgramNode build(ObservationExpr e, boolean paired) {
        ProgramNode n;
        if (e instanceof ObservationExpr.Observe) {
            n = new ProgramNode.Leaf(nextLeaf++);
        } else if (e instanceof ObservationExpr.Or or) {
            ProgramNode[] ops = new ProgramNode[or.operands().size()];
            for (int i = 0; i < ops.length; i++) {
                ops[i] = build(or.operands().get(i), paired);
            }
            n = new ProgramNode.AnyOf(ops);
        } else if (e instanceof ObservationExpr.And and) {
            n = chain(and.operands(), false);
        } else if (e instanceof ObservationExpr.FollowedBy fb) {
            n = chain(fb.operands(), true);
        } else if (e instanceof ObservationExpr.Within w) {
            ProgramNode operand = build(w.operand(), paired);
            n = new ProgramNode.Window(operand, micros(w.seconds()));
        } else if (e instanceof ObservationExpr.StartStop s) {
            ProgramNode operand = build(s.operand(), paired);
            n =
                    new ProgramNode.Between(
                            operand,
                            Observation.micros(s.start().value()),
                            Observation.micros(s.stop().value()));
        } else {
            ObservationExpr.Repeats r = (ObservationExpr.Repeats) e;
            if (r.times() == 1) {
                return build(r.operand(), paired); // REPEATS 1 TIMES is the operand itself
            }
            if (!paired && StixPattern.required(r.operand()) == 1) {
                ProgramNode operand = build(r.operand(), false);
                n = new ProgramNode.RepeatRing(operand, r.times());
            } else {
                ProgramNode operand = build(r.operand(), true);
                ProgramNode level = operand;
                for (int i = 1; i < r.times(); i++) {
                    level = new ProgramNode.Pair(level, operand, false);
                    order.add(level);
                }
                return level;
            }
        }
        order.add(n);
        return n;
    }

    private ProgramNode chain(List<ObservationExpr> operands, boolean ordered) {
        ProgramNode acc = build(operands.get(0), true);
        for (int i = 1; i < operands.size(); i++) {
            ProgramNode next = build(operands.get(i), true);
            acc = new ProgramNode.Pair(acc, next, ordered);
            if (i < operands.size() - 1) {
                order.add(acc);
            }
        }
        return acc;
    }

    /** Passes WITHIN windows and START/STOP bounds down to the nodes below. */
    private static void assign(ProgramNode n, long horizon, long notBefore, long notAfter) {
        n.horizon = Math.min(n.horizon, horizon);
        n.notBefore = Math.max(n.notBefore, notBefore);
        n.notAfter = Math.min(n.notAfter, notAfter);
        if (n instanceof ProgramNode.Window w) {
            assign(w.operand, Math.min(horizon, w.micros), notBefore, notAfter);
        } else if (n instanceof ProgramNode.Between b) {
            assign(b.operand, horizon, Math.max(notBefore, b.start), Math.min(notAfter, b.stop));
        } else if (n instanceof ProgramNode.RepeatRing r) {
            assign(r.operand, horizon, notBefore, notAfter);
        } else if (n instanceof ProgramNode.Pair p) {
            assign(p.left, horizon, notBefore, notAfter);
            assign(p.right, horizon, notBefore, notAfter);
        } else if (n instanceof ProgramNode.AnyOf a) {
            for (ProgramNode o : a.operands) {
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
