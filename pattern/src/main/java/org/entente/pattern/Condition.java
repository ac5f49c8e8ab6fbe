package org.entente.pattern;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A comparison expression made ready for evaluation against one object of an observation (the
 * object every comparison of an observation expression starts from, section 9.5).
 *
 * <p>The semantics, from section 9.6: a path that reaches no value makes the comparison false,
 * whatever the operator, {@code NOT} included; with several values ({@code [*]}) the comparison
 * holds if it holds for any of them; operands of incompatible types compare false, except for
 * {@code !=}, which is then true; {@code NOT} negates the result.
 *
 * <p>The kinds of condition live here; how one value compares with one constant, the same for every
 * kind, lives in {@link ValueComparison}.
 */
abstract class Condition {
    /** Whether the expression holds for the object {@code root}, whose type is {@code rootType}. */
    abstract boolean test(Observation obs, JsonNode root, String rootType);

    static Condition compile(ComparisonExpr expr, Limits limits) {
        if (expr instanceof ComparisonExpr.And and) {
            return new All(compileAll(and.operands(), limits));
        }
        if (expr instanceof ComparisonExpr.Or or) {
            return new Any(compileAll(or.operands(), limits));
        }
        if (expr instanceof ComparisonExpr.Exists exists) {
            return new Exists(PathRef.of(exists.path()));
        }
        return new Test((ComparisonExpr.Test) expr, limits);
    }

    private static Condition[] compileAll(List<ComparisonExpr> exprs, Limits limits) {
        Condition[] out = new Condition[exprs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = compile(exprs.get(i), limits);
        }
        return out;
    }

    static final class All extends Condition {
        final Condition[] operands;

        All(Condition[] operands) {
            this.operands = operands;
        }

        @Override
        boolean test(Observation obs, JsonNode root, String rootType) {
            for (Condition c : operands) {
                if (!c.test(obs, root, rootType)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Any extends Condition {
        final Condition[] operands;

        Any(Condition[] operands) {
            this.operands = operands;
        }

        @Override
        boolean test(Observation obs, JsonNode root, String rootType) {
            for (Condition c : operands) {
                if (c.test(obs, root, rootType)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class Exists extends Condition {
        final PathRef path;

        Exists(PathRef path) {
            this.path = path;
        }

        @Override
        boolean test(Observation obs, JsonNode root, String rootType) {
            return path.type.equals(rootType) && path.exists(obs, root);
        }
    }

    /** {@code path [NOT] op constant}. */
    static final class Test extends Condition implements PathRef.Visitor {
        /** The constant, folded as the path's values are ({@link Normalise}). */
        final Constant value;

        final PathRef path;
        final Op op;
        final boolean negated;
        private final Operand[] operands;
        private final Like like;
        private final java.util.regex.Pattern regex;

        /** Literals one of which every match of the regex contains (empty if none is known). */
        private final String[] regexLiterals;

        private static final String[] NO_LITERALS = new String[0];

        private final long regexBudget;
        private final Ip.Net net;
        private final boolean ipValue;

        Test(ComparisonExpr.Test source, Limits limits) {
            // NB: the source expression is not kept; a matcher holds a million of these
            this.path = PathRef.of(source.path());
            this.op = source.op();
            this.negated = source.negated();
            this.value = fold(source.value(), path.fold, op);
            List<Constant> items =
                    value instanceof Constant.SetValue set ? set.items() : List.of(value);
            operands = new Operand[items.size()];
            boolean addresses = path.lastKey.equals("value");
            for (int i = 0; i < operands.length; i++) {
                operands[i] = new Operand(items.get(i), path.binary, addresses);
            }
            String text = value instanceof Constant.StringValue s ? s.value() : null;
            like = op == Op.LIKE ? new Like(text) : null;
            boolean folded = path.fold != Normalise.Fold.NONE;
            regex =
                    op == Op.MATCHES
                            ? folded
                                    ? Regexes.compileIgnoringCase(text)
                                    : Regexes.compile(text, path.binary)
                            : null;
            regexLiterals =
                    op == Op.MATCHES && !path.binary
                            ? Regexes.anchors(text, 2).stream()
                                    .map(l -> folded ? Normalise.lower(l) : l)
                                    .toArray(String[]::new)
                            : NO_LITERALS;
            regexBudget = limits.regexBudget();
            // the operand parsed the same text when the path ends in value: one network, not two
            net =
                    op == Op.ISSUBSET || op == Op.ISSUPERSET
                            ? operands[0].net != null ? operands[0].net : Ip.parse(text)
                            : null;
            ipValue = path.lastKey.equals("value");
        }

        @Override
        boolean test(Observation obs, JsonNode root, String rootType) {
            if (!path.type.equals(rootType)) {
                return false;
            }
            if (!negated) {
                return path.resolve(obs, root, this);
            }
            return path.exists(obs, root) && !path.resolve(obs, root, this);
        }

        /**
         * The constant as compared: strings folded like the path's values; a LIKE pattern only
         * lower-cased (its wildcards may stand for a trailing dot); a regex is not changed but
         * compiled to ignore case.
         */
        static Constant fold(Constant c, Normalise.Fold fold, Op op) {
            if (fold == Normalise.Fold.NONE || op == Op.MATCHES) {
                return c;
            }
            if (c instanceof Constant.StringValue s) {
                String f = op == Op.LIKE ? Normalise.lower(s.value()) : fold.apply(s.value());
                return f.equals(s.value()) ? c : new Constant.StringValue(f);
            }
            if (c instanceof Constant.SetValue set) {
                List<Constant> items = new java.util.ArrayList<>();
                boolean changed = false;
                for (Constant item : set.items()) {
                    Constant f = fold(item, fold, op);
                    changed |= f != item;
                    items.add(f);
                }
                return changed ? new Constant.SetValue(items) : c;
            }
            return c;
        }

        /** The comparison for one value (before NOT). */
        @Override
        public boolean visit(JsonNode value, JsonNode owner) {
            if (path.fold != Normalise.Fold.NONE && value.isString()) {
                String s = value.stringValue();
                String f = path.fold.apply(s);
                if (f != s) {
                    value = tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(f);
                }
            }
            switch (op) {
                case IN:
                    for (Operand o : operands) {
                        if (ValueComparison.equal(value, owner, o, path, ipValue) == 1) {
                            return true;
                        }
                    }
                    return false;
                case EQ:
                    return ValueComparison.equal(value, owner, operands[0], path, ipValue) == 1;
                case NE:
                    return ValueComparison.equal(value, owner, operands[0], path, ipValue) != 1;
                case LT:
                case LE:
                case GT:
                case GE:
                    {
                        int c = ValueComparison.order(value, operands[0], path);
                        if (c == ValueComparison.INCOMPATIBLE) {
                            return false;
                        }
                        return op == Op.LT
                                ? c < 0
                                : op == Op.LE ? c <= 0 : op == Op.GT ? c > 0 : c >= 0;
                    }
                case LIKE:
                    {
                        String s = ValueComparison.text(value, path);
                        return s != null && like.matches(s);
                    }
                case MATCHES:
                    {
                        String s = ValueComparison.text(value, path);
                        if (s == null) {
                            return false;
                        }
                        if (regexLiterals.length > 0) {
                            // cheap necessary condition before the regex engine runs
                            String normalised = Like.nfc(s);
                            boolean any = false;
                            for (String literal : regexLiterals) {
                                if (normalised.contains(literal)) {
                                    any = true;
                                    break;
                                }
                            }
                            if (!any) {
                                return false;
                            }
                        }
                        CharSequence input =
                                new BudgetedChars(path.binary ? s : Like.nfc(s), regexBudget);
                        try {
                            return regex.matcher(input).find();
                        } catch (BudgetedChars.Exhausted e) {
                            return false;
                        }
                    }
                case ISSUBSET:
                case ISSUPERSET:
                    {
                        if (!value.isString()) {
                            return false;
                        }
                        Ip.Net v = Ip.parse(value.stringValue());
                        if (v == null) {
                            return false;
                        }
                        return op == Op.ISSUBSET ? v.within(net) : net.within(v);
                    }
                default:
                    throw new IllegalStateException(op.name());
            }
        }

        @Override
        public String toString() {
            return new ComparisonExpr.Test(path.path, op, negated, value).toString();
        }
    }
}
