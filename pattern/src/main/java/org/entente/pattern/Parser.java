package org.entente.pattern;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import org.entente.stix.StixIds;
import org.entente.stix.Timestamps;

/**
 * A hand-written recursive-descent parser for the STIX 2.1 patterning language, written from the
 * prose of section 9. It reads characters directly (no separate lexer) because what a character
 * means depends on where it is: {@code -} is part of a type name in a path and a sign before a
 * number; {@code [} opens an observation expression or a list index.
 *
 * <p>Grammar, lowest precedence first (keywords are upper case, whitespace is any Unicode
 * White_Space between tokens):
 *
 * <pre>
 * pattern      = sequence EOF
 * sequence     = alternative { "FOLLOWEDBY" alternative }
 * alternative  = conjunction { "OR" conjunction }
 * conjunction  = qualified { "AND" qualified }
 * qualified    = primary { "WITHIN" number "SECONDS" | "REPEATS" int "TIMES"
 *                        | "START" timestamp "STOP" timestamp }
 * primary      = "[" test-or "]" | "(" sequence ")"
 * test-or      = test-and { "OR" test-and }
 * test-and     = test { "AND" test }
 * test         = "(" test-or ")" | "EXISTS" path | path ["NOT"] operator constant
 * path         = type ":" name { "." name | "[" (int | "*") "]" }
 * </pre>
 */
final class Parser {
    private static final String OPERATORS =
            "=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET or ISSUPERSET";

    /** STIX integers (section 2.10) lie within ±(2^53 - 1). */
    private static final long MAX_INTEGER = (1L << 53) - 1;

    private final String text;
    private final Limits limits;
    private int pos;
    private int depth;

    private Parser(String text, Limits limits) {
        this.text = text;
        this.limits = limits;
    }

    static ObservationExpr parse(String text, Limits limits) {
        if (text.length() > limits.maxLength()) {
            throw new PatternException(
                    "the pattern is "
                            + text.length()
                            + " characters long; this engine accepts at most "
                            + limits.maxLength(),
                    0);
        }
        Parser p = new Parser(text, limits);
        p.skipWs();
        if (p.atEnd()) {
            throw new PatternException(
                    "the pattern is empty: expected an observation expression such as"
                            + " [ipv4-addr:value = '198.51.100.1']",
                    1);
        }
        ObservationExpr root = p.sequence();
        p.skipWs();
        if (!p.atEnd()) {
            throw p.error(
                    "expected AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or the"
                            + " end of the pattern, but found "
                            + p.found());
        }
        return root;
    }

    // ---- observation level ------------------------------------------------------------------

    private ObservationExpr sequence() {
        List<ObservationExpr> items = new ArrayList<>();
        items.add(alternative());
        while (keyword("FOLLOWEDBY")) {
            items.add(alternative());
        }
        return items.size() == 1 ? items.get(0) : new ObservationExpr.FollowedBy(items);
    }

    private ObservationExpr alternative() {
        List<ObservationExpr> items = new ArrayList<>();
        items.add(conjunction());
        while (keyword("OR")) {
            items.add(conjunction());
        }
        return items.size() == 1 ? items.get(0) : new ObservationExpr.Or(items);
    }

    private ObservationExpr conjunction() {
        List<ObservationExpr> items = new ArrayList<>();
        items.add(qualified());
        while (keyword("AND")) {
            items.add(qualified());
        }
        return items.size() == 1 ? items.get(0) : new ObservationExpr.And(items);
    }

    private enum Qualifier {
        WITHIN,
        REPEATS,
        START
    }

    private ObservationExpr qualified() {
        ObservationExpr expr = primary();
        EnumSet<Qualifier> seen = EnumSet.noneOf(Qualifier.class);
        while (true) {
            skipWs();
            int at = pos;
            if (keyword("WITHIN")) {
                once(seen, Qualifier.WITHIN, at);
                skipWs();
                int numberAt = pos;
                Constant n = number();
                BigDecimal seconds =
                        n instanceof Constant.IntValue i
                                ? BigDecimal.valueOf(i.value())
                                : ((Constant.FloatValue) n).value();
                if (seconds.signum() <= 0) {
                    throw error(numberAt, "WITHIN needs a positive number of seconds, not " + n);
                }
                expect("SECONDS", "SECONDS after the number of WITHIN");
                expr = new ObservationExpr.Within(expr, seconds);
            } else if (keyword("REPEATS")) {
                once(seen, Qualifier.REPEATS, at);
                skipWs();
                int numberAt = pos;
                Constant n = number();
                if (!(n instanceof Constant.IntValue i) || i.value() < 1) {
                    throw error(numberAt, "REPEATS needs a positive integer, not " + n);
                }
                if (i.value() > Integer.MAX_VALUE) {
                    throw error(numberAt, "REPEATS " + i.value() + " TIMES is out of range");
                }
                expect("TIMES", "TIMES after the number of REPEATS");
                expr = new ObservationExpr.Repeats(expr, (int) i.value());
            } else if (keyword("START")) {
                once(seen, Qualifier.START, at);
                skipWs();
                Constant.TimestampValue start = timestampFor("START");
                expect("STOP", "STOP t'...' after START t'...'");
                skipWs();
                int stopAt = pos;
                Constant.TimestampValue stop = timestampFor("STOP");
                if (!start.value().isBefore(stop.value())) {
                    throw error(
                            stopAt,
                            "STOP "
                                    + stop
                                    + " must be later than START "
                                    + start
                                    + ", or nothing can match");
                }
                expr = new ObservationExpr.StartStop(expr, start, stop);
            } else if (startsWithWord("STOP")) {
                throw error(
                        "STOP without START: a time window is written START t'...' STOP t'...'");
            } else {
                return expr;
            }
        }
    }

    private void once(EnumSet<Qualifier> seen, Qualifier q, int at) {
        if (!seen.add(q)) {
            throw error(
                    at,
                    "an observation expression may have only one "
                            + q
                            + " qualifier; put parentheses around the expression to qualify it"
                            + " again");
        }
    }

    private Constant.TimestampValue timestampFor(String keyword) {
        if (!lookingAt("t'")) {
            throw error(
                    "expected a timestamp constant t'YYYY-MM-DDTHH:MM:SSZ' after "
                            + keyword
                            + ", but found "
                            + found());
        }
        return (Constant.TimestampValue) constant();
    }

    private ObservationExpr primary() {
        skipWs();
        int at = pos;
        if (peek() == '[') {
            pos++;
            enter(at);
            ComparisonExpr expr = testOr();
            skipWs();
            if (peek() != ']') {
                throw error(
                        "expected ']' to close the observation expression opened at column "
                                + column(at)
                                + ", or AND/OR and another comparison, but found "
                                + found());
            }
            pos++;
            depth--;
            return new ObservationExpr.Observe(expr);
        }
        if (peek() == '(') {
            pos++;
            enter(at);
            ObservationExpr inner = sequence();
            skipWs();
            if (peek() != ')') {
                throw error(
                        "expected ')' to close the parenthesis opened at column "
                                + column(at)
                                + ", but found "
                                + found());
            }
            pos++;
            depth--;
            return inner;
        }
        if (peek() == ']' || peek() == ')') {
            throw error("unbalanced '" + peek() + "': expected an observation expression '[...]'");
        }
        throw error(
                "expected an observation expression '[...]' or '(', but found "
                        + found()
                        + (isPathStart() ? " (comparisons go inside square brackets)" : ""));
    }

    // ---- comparison level -------------------------------------------------------------------

    /** A comparison expression and the object types an object satisfying it may have. */
    private record Typed(ComparisonExpr expr, Set<String> types) {}

    private ComparisonExpr testOr() {
        return orTyped().expr;
    }

    private Typed orTyped() {
        List<Typed> items = new ArrayList<>();
        items.add(andTyped());
        while (keyword("OR")) {
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
            skipWs();
            int at = pos;
            if (!keyword("AND")) {
                break;
            }
            Typed next = test();
            Set<String> common = new HashSet<>(types);
            common.retainAll(next.types);
            if (common.isEmpty()) {
                throw error(
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
        skipWs();
        int at = pos;
        if (peek() == '(') {
            pos++;
            enter(at);
            Typed inner = orTyped();
            skipWs();
            if (peek() != ')') {
                throw error(
                        "expected ')' to close the parenthesis opened at column "
                                + column(at)
                                + ", but found "
                                + found());
            }
            pos++;
            depth--;
            return inner;
        }
        if (keyword("EXISTS")) {
            skipWs();
            ObjectPath path = path();
            return new Typed(new ComparisonExpr.Exists(path), Set.of(path.objectType()));
        }
        if (peek() == '[') {
            throw error(
                    "expected a comparison, but found '[': observation expressions cannot be"
                            + " nested; close this one with ']' first");
        }
        if (peek() == ']') {
            throw error("expected a comparison such as file:name = 'x', but found ']'");
        }
        ObjectPath path = path();
        skipWs();
        boolean negated = keyword("NOT");
        skipWs();
        int opAt = pos;
        Op op = operator(negated);
        skipWs();
        Constant value = operand(op, path, opAt);
        return new Typed(
                new ComparisonExpr.Test(path, op, negated, value), Set.of(path.objectType()));
    }

    private Op operator(boolean negated) {
        char c = peek();
        char d = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
        switch (c) {
            case '=':
                pos++;
                if (peek() == '=') {
                    throw error(pos - 1, "'==' is not an operator: equality is written '='");
                }
                return Op.EQ;
            case '!':
                if (d == '=') {
                    pos += 2;
                    return Op.NE;
                }
                break;
            case '<':
                if (d == '>') {
                    throw error("'<>' is not an operator: inequality is written '!='");
                }
                pos += d == '=' ? 2 : 1;
                return d == '=' ? Op.LE : Op.LT;
            case '>':
                pos += d == '=' ? 2 : 1;
                return d == '=' ? Op.GE : Op.GT;
            default:
                break;
        }
        for (Op op : new Op[] {Op.IN, Op.LIKE, Op.MATCHES, Op.ISSUBSET, Op.ISSUPERSET}) {
            if (keyword(op.symbol())) {
                return op;
            }
        }
        String word = word();
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
        throw error(
                "expected a comparison operator ("
                        + OPERATORS
                        + (negated ? "" : ", optionally preceded by NOT")
                        + ") but found "
                        + found()
                        + hint);
    }

    private Constant operand(Op op, ObjectPath path, int opAt) {
        int at = pos;
        if (atEnd()) {
            throw error("expected a constant after " + op.symbol() + ", but the pattern ended");
        }
        switch (op) {
            case IN:
                return set();
            case LIKE:
            case MATCHES:
                {
                    Constant c = constant(at);
                    if (!(c instanceof Constant.StringValue s)) {
                        throw error(at, op.symbol() + " takes a string constant, not " + kind(c));
                    }
                    if (op == Op.MATCHES) {
                        try {
                            Regexes.compile(s.value(), path.binary());
                        } catch (PatternSyntaxException e) {
                            throw error(
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
                    Constant c = constant(at);
                    if (!(c instanceof Constant.StringValue s) || Ip.parse(s.value()) == null) {
                        throw error(
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
                    if (peek() == '(') {
                        throw error(
                                "a list of constants is only allowed after IN, not after "
                                        + op.symbol());
                    }
                    Constant c = constant(at);
                    if (op.ordering() && c instanceof Constant.BoolValue) {
                        throw error(
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
        int open = pos;
        if (peek() != '(') {
            throw error(
                    "IN takes a parenthesised list of constants, e.g. ('a', 'b'), but found "
                            + found());
        }
        pos++;
        List<Constant> items = new ArrayList<>();
        String kind = null;
        while (true) {
            skipWs();
            int at = pos;
            if (peek() == ')' && items.isEmpty()) {
                throw error("the list after IN is empty; give at least one constant");
            }
            Constant c = constant(at);
            String k = kind(c);
            if (kind != null && !compatibleKinds(kind, k)) {
                throw error(
                        at,
                        "the constants after IN must all be of one type; this one is "
                                + k
                                + " but the first is "
                                + kind);
            }
            kind = kind == null ? k : kind;
            items.add(c);
            skipWs();
            if (peek() == ',') {
                pos++;
                continue;
            }
            if (peek() == ')') {
                pos++;
                return new Constant.SetValue(items);
            }
            throw error(
                    "expected ',' or ')' in the list opened at column "
                            + column(open)
                            + ", but found "
                            + found());
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

    // ---- constants --------------------------------------------------------------------------

    private Constant constant() {
        return constant(pos);
    }

    private Constant constant(int at) {
        char c = peek();
        char d = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
        if (c == '\'') {
            return new Constant.StringValue(string());
        }
        if (d == '\'' && (c == 'b' || c == 'h' || c == 't')) {
            pos++;
            String body = string();
            if (c == 'b') {
                return binary(body, at);
            }
            if (c == 'h') {
                return hex(body, at);
            }
            String problem = Timestamps.problem(body);
            if (problem != null) {
                throw error(at, "invalid timestamp constant: " + problem);
            }
            return new Constant.TimestampValue(Timestamps.toInstant(body), body);
        }
        if (c == '-' || c == '+' || (c >= '0' && c <= '9') || c == '.') {
            return number();
        }
        if (keyword("true")) {
            return new Constant.BoolValue(true);
        }
        if (keyword("false")) {
            return new Constant.BoolValue(false);
        }
        String word = word();
        if (word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false")) {
            throw error(
                    "booleans are written in lower case: "
                            + word.toLowerCase(java.util.Locale.ROOT));
        }
        if (c == '"') {
            throw error("string constants are enclosed in apostrophes ('...'), not double quotes");
        }
        throw error(
                "expected a constant (a 'string', a number, true or false, b'base64', h'hex' or"
                        + " t'timestamp') but found "
                        + found());
    }

    /** Reads a quoted string at {@code pos} (on the apostrophe) and returns it unescaped. */
    private String string() {
        int open = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw error(open, "the string constant opened here is never closed with '");
            }
            char c = text.charAt(pos);
            if (c == '\'') {
                pos++;
                return out.toString();
            }
            if (c == '\\') {
                char next = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
                if (next != '\'' && next != '\\') {
                    throw error(
                            "in a string constant a backslash may only be followed by ' or \\"
                                    + " (write \\\\ for a backslash)");
                }
                out.append(next);
                pos += 2;
                continue;
            }
            out.append(c);
            pos++;
        }
    }

    private Constant binary(String body, int at) {
        StringBuilder clean = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\n' && c != '\r') {
                clean.append(c);
            }
        }
        try {
            if (clean.length() % 4 != 0) {
                throw new IllegalArgumentException("length is not a multiple of 4");
            }
            return new Constant.BinaryValue(Base64.getDecoder().decode(clean.toString()), false);
        } catch (IllegalArgumentException e) {
            throw error(at, "invalid binary constant: not base64 (RFC 4648 with padding)");
        }
    }

    private Constant hex(String body, int at) {
        if (body.length() % 2 != 0) {
            throw error(at, "invalid hex constant: an odd number of hex digits");
        }
        byte[] bytes = new byte[body.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int hi = Character.digit(body.charAt(2 * i), 16);
            int lo = Character.digit(body.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0 || body.charAt(2 * i) > 'f' || body.charAt(2 * i + 1) > 'f') {
                throw error(at, "invalid hex constant: only 0-9 and a-f may appear in h'...'");
            }
            bytes[i] = (byte) (hi << 4 | lo);
        }
        return new Constant.BinaryValue(bytes, true);
    }

    private Constant number() {
        int start = pos;
        if (peek() == '+') {
            throw error("a positive number is written without a plus sign");
        }
        if (peek() == '-') {
            pos++;
        }
        int digitsStart = pos;
        while (isDigit(peek())) {
            pos++;
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            int fraction = pos;
            while (isDigit(peek())) {
                pos++;
            }
            if (pos == fraction) {
                throw error("expected digits after the decimal point");
            }
        }
        if (pos == digitsStart) {
            throw error(start, "expected a number, but found " + foundAt(start));
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            int exp = pos;
            while (isDigit(peek())) {
                pos++;
            }
            if (pos == exp) {
                throw error("expected digits in the exponent");
            }
        }
        if (isWordChar(peek())) {
            throw error(start, "malformed number " + foundAt(start));
        }
        String literal = text.substring(start, pos);
        if (integral) {
            boolean tooLong = literal.length() > 18;
            long value = tooLong ? Long.MAX_VALUE : Long.parseLong(literal);
            if (tooLong || Math.abs(value) > MAX_INTEGER) {
                throw error(start, "integer " + literal + " is out of the STIX range ±(2^53 - 1)");
            }
            return new Constant.IntValue(value);
        }
        BigDecimal value = new BigDecimal(literal);
        if (value.abs().compareTo(BigDecimal.valueOf(Double.MAX_VALUE)) > 0) {
            throw error(start, "float " + literal + " is out of range");
        }
        return new Constant.FloatValue(value);
    }

    // ---- object paths -----------------------------------------------------------------------

    private boolean isPathStart() {
        char c = peek();
        return c >= 'a' && c <= 'z';
    }

    private ObjectPath path() {
        int start = pos;
        while (!atEnd()) {
            char c = text.charAt(pos);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
                pos++;
            } else {
                break;
            }
        }
        String type = text.substring(start, pos);
        if (type.isEmpty()) {
            if (isWordChar(peek())) {
                String w = word();
                throw error(
                        start,
                        "expected an object path such as file:name, but found '"
                                + w
                                + "'"
                                + (w.chars().anyMatch(Character::isUpperCase)
                                        ? " (object types are lower case)"
                                        : ""));
            }
            throw error("expected an object path such as file:name, but found " + found());
        }
        skipWs();
        if (peek() != ':') {
            if (isWordChar(peek())) {
                throw error(
                        start,
                        "'"
                                + type
                                + word()
                                + "' is not an object type (lower-case letters,"
                                + " digits and hyphens only)");
            }
            throw error(
                    "expected ':' between the object type '"
                            + type
                            + "' and a property name, but found "
                            + found());
        }
        String typeProblem = StixIds.typeProblem(type);
        if (typeProblem != null) {
            throw error(start, "invalid object type in path: " + typeProblem);
        }
        pos++;
        skipWs();
        List<ObjectPath.Step> steps = new ArrayList<>();
        steps.add(new ObjectPath.Key(name("a property name after '" + type + ":'")));
        type = type.intern(); // few distinct types and names: one copy each, hashes computed once
        while (true) {
            int save = pos;
            skipWs();
            if (peek() == '.') {
                pos++;
                skipWs();
                steps.add(new ObjectPath.Key(name("a property name or key after '.'")));
            } else if (peek() == '[') {
                int open = pos;
                pos++;
                skipWs();
                if (peek() == '*') {
                    pos++;
                    steps.add(new ObjectPath.AnyIndex());
                } else if (isDigit(peek())) {
                    int from = pos;
                    while (isDigit(peek())) {
                        pos++;
                    }
                    String digits = text.substring(from, pos);
                    if (digits.length() > 9) {
                        throw error(from, "list index " + digits + " is out of range");
                    }
                    steps.add(new ObjectPath.Index(Integer.parseInt(digits)));
                } else {
                    throw error(
                            "expected a list index (0, 1, ...) or * after '[' in the object path,"
                                    + " but found "
                                    + found());
                }
                skipWs();
                if (peek() != ']') {
                    throw error(
                            "expected ']' to close the list index opened at column "
                                    + column(open)
                                    + ", but found "
                                    + found());
                }
                pos++;
            } else {
                pos = save;
                return new ObjectPath(type, steps);
            }
        }
    }

    private String name(String what) {
        if (peek() == '\'') {
            int at = pos;
            String quoted = string();
            if (quoted.isEmpty()) {
                throw error(at, "a quoted property name must not be empty");
            }
            return quoted.intern();
        }
        int start = pos;
        while (!atEnd()) {
            char c = text.charAt(pos);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_') {
                pos++;
            } else {
                break;
            }
        }
        if (pos == start) {
            throw error("expected " + what + ", but found " + found());
        }
        char next = peek();
        if (next == '-') {
            throw error(
                    start,
                    "a property name containing '-' must be quoted, e.g. '"
                            + text.substring(start, pos)
                            + "-...'");
        }
        return text.substring(start, pos).intern();
    }

    // ---- characters -------------------------------------------------------------------------

    private void enter(int at) {
        if (++depth > limits.maxDepth()) {
            throw error(
                    at,
                    "brackets and parentheses are nested more than " + limits.maxDepth() + " deep");
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private boolean lookingAt(String s) {
        return text.startsWith(s, pos);
    }

    /** Consumes {@code kw} (after whitespace) if it is there as a whole word. */
    private boolean keyword(String kw) {
        int save = pos;
        skipWs();
        if (startsWithWord(kw)) {
            pos += kw.length();
            return true;
        }
        pos = save;
        return false;
    }

    private boolean startsWithWord(String kw) {
        return text.startsWith(kw, pos)
                && !isWordChar(
                        pos + kw.length() < text.length() ? text.charAt(pos + kw.length()) : 0);
    }

    private void expect(String kw, String what) {
        if (!keyword(kw)) {
            skipWs();
            throw error("expected " + what + ", but found " + found());
        }
    }

    private String word() {
        int end = pos;
        while (end < text.length() && isWordChar(text.charAt(end))) {
            end++;
        }
        return text.substring(pos, end);
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipWs() {
        while (pos < text.length() && isWhiteSpace(text.charAt(pos))) {
            pos++;
        }
    }

    /** The Unicode White_Space property (WSpace=Y), which section 9.4 names. */
    static boolean isWhiteSpace(char c) {
        return (c >= 0x09 && c <= 0x0D)
                || c == 0x20
                || c == 0x85
                || c == 0xA0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000;
    }

    private String found() {
        return foundAt(pos);
    }

    private String foundAt(int at) {
        if (at >= text.length()) {
            return "the end of the pattern";
        }
        int end = at;
        if (isWordChar(text.charAt(at))) {
            while (end < text.length() && end - at < 24 && isWordChar(text.charAt(end))) {
                end++;
            }
        } else {
            end = at + 1;
            if (Character.isHighSurrogate(text.charAt(at)) && end < text.length()) {
                end++;
            }
        }
        return "'" + text.substring(at, end) + "'";
    }

    private int column(int at) {
        return text.codePointCount(0, Math.min(at, text.length())) + 1;
    }

    private PatternException error(String reason) {
        return error(pos, reason);
    }

    private PatternException error(int at, String reason) {
        return new PatternException(reason, column(at));
    }
}
