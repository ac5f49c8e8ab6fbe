package org.entente.pattern;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the comparison expression inside one observation expression's brackets ({@code test-or} in
 * {@link Parser}'s grammar). Besides the syntax it checks what can be checked before any data is
 * seen: that an operator's constant suits it (a valid regex for MATCHES, an address for ISSUBSET,
 * one type throughout an IN list) and that AND never joins comparisons on object types no single
 * object can have.
 */
final class ComparisonParser {
    private static final String OPERATORS =
            "=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET or ISSUPERSET";

    private final PatternCursor in;
    private final PathParser paths;
    private final ConstantParser constants;

    ComparisonParser(PatternCursor in, PathParser paths, ConstantParser constants) {
        this.in = in;
        this.paths = paths;
        this.constants = constants;
    }

    /** A comparison expression and the object types an object satisfying it may have. */
    private record Typed(ComparisonExpr expr, Set<String> types) {}

    ComparisonExpr testOr() {
        return orTyped().expr;
    }

    private Typed orTyped() {
        List<Typed> items = new ArrayList<>();
        items.add(andTyped());
        while (in.keyword("OR")) {
            items.add(andTyped());
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        Set<String> types = new HashSet<>();
        List<ComparisonExpr> exprs = new ArrayList<>();
        for (Typed t : items) {
            types.addAll(t.types);
            exprs.add(t.expr);
        }
        return new Typed(new ComparisonExpr.Or(exprs), types);
    }

    private Typed andTyped() {
        Typed first = test();
        List<ComparisonExpr> exprs = new ArrayList<>();
        exprs.add(first.expr);
        Set<String> types = new HashSet<>(first.types);
        while (true) {
            in.skipWs();
            int at = in.pos();
            if (!in.keyword("AND")) {
                break;
            }
            Typed next = test();
            Set<String> common = new HashSet<>(types);
            common.retainAll(next.types);
            if (common.isEmpty()) {
                throw in.error(
                        at,
                        "AND joins comparisons on "
                                + describe(types)
                                + " and on "
                                + describe(next.types)
                                + ", which no single object can satisfy (section 9.5); use OR,"
                                + " or separate observation expressions: [...] AND [...]");
            }
            types = common;
            exprs.add(next.expr);
        }
        return exprs.size() == 1 ? first : new Typed(new ComparisonExpr.And(exprs), types);
    }

    private static String describe(Set<String> types) {
        return types.size() == 1
                ? "'" + types.iterator().next() + "'"
                : "types " + new java.util.TreeSet<>(types);
    }

    private Typed test() {
        in.skipWs();
        int at = in.pos();
        if (in.peek() == '(') {
            return in.group(at, this::orTyped);
        }
        if (in.keyword("EXISTS")) {
            in.skipWs();
            ObjectPath path = paths.path();
            return new Typed(new ComparisonExpr.Exists(path), Set.of(path.objectType()));
        }
        if (in.peek() == '[') {
            throw in.error(
                    "expected a comparison, but found '[': observation expressions cannot be"
                            + " nested; close this one with ']' first");
        }
        if (in.peek() == ']') {
            throw in.error("expected a comparison such as file:name = 'x', but found ']'");
        }
        ObjectPath path = paths.path();
        in.skipWs();
        boolean negated = in.keyword("NOT");
        in.skipWs();
        int opAt = in.pos();
        Op op = operator(negated);
        in.skipWs();
        Constant value = operand(op, path, opAt);
        return new Typed(
                new ComparisonExpr.Test(path, op, negated, value), Set.of(path.objectType()));
    }

    private Op operator(boolean negated) {
        char c = in.peek();
        char d = in.peekNext();
        switch (c) {
            case '=':
                in.advance();
                if (in.peek() == '=') {
                    throw in.error(
                            in.pos() - 1, "'==' is not an operator: equality is written '='");
                }
                return Op.EQ;
            case '!':
                if (d == '=') {
                    in.advance(2);
                    return Op.NE;
                }
                break;
            case '<':
                if (d == '>') {
                    throw in.error("'<>' is not an operator: inequality is written '!='");
                }
                in.advance(d == '=' ? 2 : 1);
                return d == '=' ? Op.LE : Op.LT;
            case '>':
                in.advance(d == '=' ? 2 : 1);
                return d == '=' ? Op.GE : Op.GT;
            default:
                break;
        }
        for (Op op : new Op[] {Op.IN, Op.LIKE, Op.MATCHES, Op.ISSUBSET, Op.ISSUPERSET}) {
            if (in.keyword(op.symbol())) {
                return op;
            }
        }
        String word = in.word();
        String hint = "";
        if (!word.isEmpty()) {
            for (Op op : Op.values()) {
                if (op.symbol().equalsIgnoreCase(word)) {
                    hint = " (keywords are upper case: " + op.symbol() + ")";
                }
            }
            if (word.equalsIgnoreCase("not")) {
                hint = " (keywords are upper case: NOT)";
            }
        }
        throw in.error(
                "expected a comparison operator ("
                        + OPERATORS
                        + (negated ? "" : ", optionally preceded by NOT")
                        + ") but found "
                        + in.found()
                        + hint);
    }

    private Constant operand(Op op, ObjectPath path, int opAt) {
        int at = in.pos();
        if (in.atEnd()) {
            throw in.error("expected a constant after " + op.symbol() + ", but the pattern ended");
        }
        switch (op) {
            case IN:
                return set();
            case LIKE:
            case MATCHES:
                {
                    Constant c = constants.constant(at);
                    if (!(c instanceof Constant.StringValue s)) {
                        throw in.error(
                                at, op.symbol() + " takes a string constant, not " + kind(c));
                    }
                    if (op == Op.MATCHES) {
                        try {
                            Regexes.compile(s.value(), path.binary());
                        } catch (PatternSyntaxException e) {
                            throw in.error(
                                    at,
                                    "invalid regular expression for MATCHES: "
                                            + e.getDescription()
                                            + (e.getIndex() >= 0
                                                    ? " at offset " + e.getIndex() + " of the regex"
                                                    : ""));
                        }
                    }
                    return c;
                }
            case ISSUBSET:
            case ISSUPERSET:
                {
                    Constant c = constants.constant(at);
                    if (!(c instanceof Constant.StringValue s) || Ip.parse(s.value()) == null) {
                        throw in.error(
                                at,
                                op.symbol()
                                        + " takes an IPv4 or IPv6 address or CIDR block as a"
                                        + " string, e.g. '198.51.100.0/24', not "
                                        + (c instanceof Constant.StringValue ? c : kind(c)));
                    }
                    return c;
                }
            default:
                {
                    if (in.peek() == '(') {
                        throw in.error(
                                "a list of constants is only allowed after IN, not after "
                                        + op.symbol());
                    }
                    Constant c = constants.constant(at);
                    if (op.ordering() && c instanceof Constant.BoolValue) {
                        throw in.error(
                                opAt,
                                op.symbol()
                                        + " compares numbers, strings, binary data or"
                                        + " timestamps; booleans have no order");
                    }
                    return c;
                }
        }
    }

    private Constant set() {
        int open = in.pos();
        if (in.peek() != '(') {
            throw in.error(
                    "IN takes a parenthesised list of constants, e.g. ('a', 'b'), but found "
                            + in.found());
        }
        in.advance();
        List<Constant> items = new ArrayList<>();
        String kind = null;
        while (true) {
            in.skipWs();
            int at = in.pos();
            if (in.peek() == ')' && items.isEmpty()) {
                throw in.error("the list after IN is empty; give at least one constant");
            }
            Constant c = constants.constant(at);
            String k = kind(c);
            if (kind != null && !compatibleKinds(kind, k)) {
                throw in.error(
                        at,
                        "the constants after IN must all be of one type; this one is "
                                + k
                                + " but the first is "
                                + kind);
            }
            kind = kind == null ? k : kind;
            items.add(c);
            in.skipWs();
            if (in.peek() == ',') {
                in.advance();
                continue;
            }
            if (in.peek() == ')') {
                in.advance();
                return new Constant.SetValue(items);
            }
            throw in.error(
                    "expected ',' or ')' in the list opened at column "
                            + in.column(open)
                            + ", but found "
                            + in.found());
        }
    }

    private static boolean compatibleKinds(String a, String b) {
        return a.equals(b) || (isNumberKind(a) && isNumberKind(b));
    }

    private static boolean isNumberKind(String kind) {
        return kind.equals("an integer") || kind.equals("a float");
    }

    private static String kind(Constant c) {
        if (c instanceof Constant.StringValue) {
            return "a string";
        }
        if (c instanceof Constant.IntValue) {
            return "an integer";
        }
        if (c instanceof Constant.FloatValue) {
            return "a float";
        }
        if (c instanceof Constant.BoolValue) {
            return "a boolean";
        }
        if (c instanceof Constant.BinaryValue) {
            return "binary data";
        }
        if (c instanceof Constant.TimestampValue) {
            return "a timestamp";
        }
        return "a list";
    }
}
