package org.entente.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed STIX 2.1 pattern (section 9). {@link #toString()} prints it in a canonical form that
 * parses back to an equal tree.
 *
 * <pre>{@code
 * StixPattern p = StixPattern.parse("[ipv4-addr:value ISSUBSET '198.51.100.0/24']");
 * }</pre>
 */
public final class StixPattern {
    private final String text;
    private final ObservationExpr root;

    private StixPattern(String text, ObservationExpr root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Parses and checks a pattern.
     *
     * @throws PatternException with the column and what was expected, when it is not valid
     */
    public static StixPattern parse(String text) {
        return parse(text, Limits.DEFAULT);
    }

    public static StixPattern parse(String text, Limits limits) {
        Objects.requireNonNull(text, "text");
        return new StixPattern(text, Parser.parse(text, limits));
    }

    /** Why {@code text} is not a valid pattern, or empty if it is one. */
    public static Optional<String> problem(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (PatternException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** A pattern from a tree built in code (tests, generators); checked by parsing its text. */
    public static StixPattern of(ObservationExpr root) {
        return parse(root.toString());
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    public ObservationExpr root() {
        return root;
    }

    /** The observation expressions ({@code [...]}), left to right. */
    public List<ComparisonExpr> observationExpressions() {
        List<ComparisonExpr> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(ObservationExpr e, List<ComparisonExpr> out) {
        if (e instanceof ObservationExpr.Observe o) {
            out.add(o.expr());
        } else if (e instanceof ObservationExpr.And a) {
            a.operands().forEach(x -> collect(x, out));
        } else if (e instanceof ObservationExpr.Or o) {
            o.operands().forEach(x -> collect(x, out));
        } else if (e instanceof ObservationExpr.FollowedBy f) {
            f.operands().forEach(x -> collect(x, out));
        } else if (e instanceof ObservationExpr.Within w) {
            collect(w.operand(), out);
        } else if (e instanceof ObservationExpr.Repeats r) {
            collect(r.operand(), out);
        } else if (e instanceof ObservationExpr.StartStop s) {
            collect(s.operand(), out);
        }
    }

    /**
     * The most observations one match may need: 1 for {@code [...]}, the sum over {@code AND} and
     * {@code FOLLOWEDBY}, the largest operand of {@code OR}, times n for {@code REPEATS n}.
     */
    public long requiredObservations() {
        return required(root);
    }

    static long required(ObservationExpr e) {
        if (e instanceof ObservationExpr.Observe) {
            return 1;
        }
        if (e instanceof ObservationExpr.And a) {
            return sum(a.operands());
        }
        if (e instanceof ObservationExpr.FollowedBy f) {
            return sum(f.operands());
        }
        if (e instanceof ObservationExpr.Or o) {
            long max = 0;
            for (ObservationExpr x : o.operands()) {
                max = Math.max(max, required(x));
            }
            return max;
        }
        if (e instanceof ObservationExpr.Within w) {
            return required(w.operand());
        }
        if (e instanceof ObservationExpr.StartStop s) {
            return required(s.operand());
        }
        ObservationExpr.Repeats r = (ObservationExpr.Repeats) e;
        long inner = required(r.operand());
        return inner > Long.MAX_VALUE / r.times() ? Long.MAX_VALUE : inner * r.times();
    }

    private static long sum(List<ObservationExpr> operands) {
        long total = 0;
        for (ObservationExpr x : operands) {
            long r = required(x);
            total = r > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + r;
        }
        return total;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StixPattern p && p.root.equals(root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    /** The canonical form. */
    @Override
    public String toString() {
        return root.toString();
    }
}
