package org.entente.pattern;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A pattern expression (STIX 2.1 sections 9.4 and 9.5): observation expressions in square brackets,
 * joined by the observation operators {@code AND}, {@code OR} and {@code FOLLOWEDBY} and qualified
 * by {@code WITHIN}, {@code REPEATS} and {@code START ... STOP}.
 */
public sealed interface ObservationExpr {

    /** {@code [ comparison expression ]}: one observation. */
    record Observe(ComparisonExpr expr) implements ObservationExpr {
        public Observe {
            Objects.requireNonNull(expr, "expr");
        }

        @Override
        public String toString() {
            return "[" + expr + "]";
        }
    }

    /** Every operand true, each on different observations. */
    record And(List<ObservationExpr> operands) implements ObservationExpr {
        public And {
            operands = atLeastTwo(operands);
        }

        @Override
        public String toString() {
            return join(operands, " AND ", 2);
        }
    }

    /** Any operand true. */
    record Or(List<ObservationExpr> operands) implements ObservationExpr {
        public Or {
            operands = atLeastTwo(operands);
        }

        @Override
        public String toString() {
            return join(operands, " OR ", 1);
        }
    }

    /**
     * Every operand true on different observations, each operand's observations no earlier than the
     * previous operand's (the operator is associative, so a chain is kept flat).
     */
    record FollowedBy(List<ObservationExpr> operands) implements ObservationExpr {
        public FollowedBy {
            operands = atLeastTwo(operands);
        }

        @Override
        public String toString() {
            return join(operands, " FOLLOWEDBY ", 0);
        }
    }

    /** {@code WITHIN x SECONDS}: all observations of the operand inside a window of x seconds. */
    record Within(ObservationExpr operand, BigDecimal seconds) implements ObservationExpr {
        public Within {
            Objects.requireNonNull(operand, "operand");
            if (seconds.signum() <= 0) {
                throw new IllegalArgumentException("seconds: must be positive");
            }
        }

        @Override
        public String toString() {
            return qualified(operand, Within.class)
                    + " WITHIN "
                    + seconds.toPlainString()
                    + " SECONDS";
        }
    }

    /** {@code REPEATS n TIMES}: the operand true n times, on different observations. */
    record Repeats(ObservationExpr operand, int times) implements ObservationExpr {
        public Repeats {
            Objects.requireNonNull(operand, "operand");
            if (times < 1) {
                throw new IllegalArgumentException("times: must be positive");
            }
        }

        @Override
        public String toString() {
            return qualified(operand, Repeats.class) + " REPEATS " + times + " TIMES";
        }
    }

    /** {@code START t'..' STOP t'..'}: every observation of the operand in [start, stop). */
    record StartStop(
            ObservationExpr operand, Constant.TimestampValue start, Constant.TimestampValue stop)
            implements ObservationExpr {
        public StartStop {
            Objects.requireNonNull(operand, "operand");
            if (!start.value().isBefore(stop.value())) {
                throw new IllegalArgumentException("stop: must be later than start");
            }
        }

        @Override
        public String toString() {
            return qualified(operand, StartStop.class) + " START " + start + " STOP " + stop;
        }
    }

    private static List<ObservationExpr> atLeastTwo(List<ObservationExpr> operands) {
        List<ObservationExpr> copy = List.copyOf(operands);
        if (copy.size() < 2) {
            throw new IllegalArgumentException("operands: needs at least two");
        }
        return copy;
    }

    /** Binding strength: FOLLOWEDBY 0, OR 1, AND 2, qualified or bracketed 3. */
    private static int level(ObservationExpr e) {
        if (e instanceof FollowedBy) {
            return 0;
        }
        if (e instanceof Or) {
            return 1;
        }
        return e instanceof And ? 2 : 3;
    }

    private static String join(List<ObservationExpr> operands, String op, int level) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < operands.size(); i++) {
            ObservationExpr e = operands.get(i);
            out.append(i == 0 ? "" : op);
            out.append(level(e) <= level ? "(" + e + ")" : e.toString());
        }
        return out.toString();
    }

    /**
     * The operand of a qualifier: bracketed or already qualified operands stand as they are, unless
     * the qualifier chain already has one of this kind (a second one needs its own parentheses).
     */
    private static String qualified(ObservationExpr operand, Class<?> kind) {
        if (level(operand) < 3 || chainHas(operand, kind)) {
            return "(" + operand + ")";
        }
        return operand.toString();
    }

    private static boolean chainHas(ObservationExpr e, Class<?> kind) {
        while (true) {
            if (kind.isInstance(e)) {
                return true;
            }
            if (e instanceof Within w) {
                e = w.operand();
            } else if (e instanceof Repeats r) {
                e = r.operand();
            } else if (e instanceof StartStop s) {
                e = s.operand();
            } else {
                return false;
            }
        }
    }
}
