package org.entente.pattern;

import java.util.List;
import java.util.Objects;

/**
 * What goes between the square brackets of an observation expression: comparisons joined by {@code
 * AND} (binds tighter) and {@code OR}. Every comparison of an {@code AND} must be satisfiable by
 * the same object (section 9.5), which the parser checks.
 */
public sealed interface ComparisonExpr {

    /** All operands true on the same object; two or more operands. */
    record And(List<ComparisonExpr> operands) implements ComparisonExpr {
        public And {
            operands = atLeastTwo(operands);
        }

        @Override
        public String toString() {
            return join(operands, " AND ", Or.class);
        }
    }

    /** Any operand true; two or more operands. */
    record Or(List<ComparisonExpr> operands) implements ComparisonExpr {
        public Or {
            operands = atLeastTwo(operands);
        }

        @Override
        public String toString() {
            return join(operands, " OR ", null);
        }
    }

    /**
     * {@code path [NOT] op value}.
     *
     * @param negated whether {@code NOT} precedes the operator
     */
    record Test(ObjectPath path, Op op, boolean negated, Constant value) implements ComparisonExpr {
        public Test {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
            if ((op == Op.IN) != (value instanceof Constant.SetValue)) {
                throw new IllegalArgumentException("value: IN takes a set, other operators not");
            }
        }

        @Override
        public String toString() {
            return path + (negated ? " NOT " : " ") + op.symbol() + " " + value;
        }
    }

    /** {@code EXISTS path}. */
    record Exists(ObjectPath path) implements ComparisonExpr {
        public Exists {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "EXISTS " + path;
        }
    }

    private static List<ComparisonExpr> atLeastTwo(List<ComparisonExpr> operands) {
        List<ComparisonExpr> copy = List.copyOf(operands);
        if (copy.size() < 2) {
            throw new IllegalArgumentException("operands: needs at least two");
        }
        return copy;
    }

    private static String join(List<ComparisonExpr> operands, String op, Class<?> wrap) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < operands.size(); i++) {
            ComparisonExpr e = operands.get(i);
            boolean paren = (wrap != null && wrap.isInstance(e)) || e.getClass() == wrapSelf(op);
            out.append(i == 0 ? "" : op);
            out.append(paren ? "(" + e + ")" : e.toString());
        }
        return out.toString();
    }

    /**
     * A nested operand of the same kind is kept apart with parentheses, so printing round-trips.
     */
    private static Class<?> wrapSelf(String op) {
        return op.equals(" AND ") ? And.class : Or.class;
    }
}
