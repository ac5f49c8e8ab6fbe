package org.entente.pattern;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

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
 *
 * <p>This class reads the observation level and its qualifiers; one {@link PatternCursor} is shared
 * with the {@link ComparisonParser} (inside the brackets), the {@link PathParser} and the {@link
 * ConstantParser}, each owning the rules of its level.
 */
final class Parser {
    private final PatternCursor in;
    private final ConstantParser constants;
    private final PathParser paths;
    private final ComparisonParser comparisons;

    private Parser(String text, Limits limits) {
        this.in = new PatternCursor(text, limits);
        this.constants = new ConstantParser(in);
        this.paths = new PathParser(in, constants);
        this.comparisons = new ComparisonParser(in, paths, constants);
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
        p.in.skipWs();
        if (p.in.atEnd()) {
            throw new PatternException(
                    "the pattern is empty: expected an observation expression such as"
                            + " [ipv4-addr:value = '198.51.100.1']",
                    1);
        }
        ObservationExpr root = p.sequence();
        p.in.skipWs();
        if (!p.in.atEnd()) {
            throw p.in.error(
                    "expected AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or the"
                            + " end of the pattern, but found "
                            + p.in.found());
        }
        return root;
    }

    // ---- observation level ------------------------------------------------------------------

    private ObservationExpr sequence() {
        List<ObservationExpr> items = new ArrayList<>();
        items.add(alternative());
        while (in.keyword("FOLLOWEDBY")) {
            items.add(alternative());
        }
        return items.size() == 1 ? items.get(0) : new ObservationExpr.FollowedBy(items);
    }

    private ObservationExpr alternative() {
        List<ObservationExpr> items = new ArrayList<>();
        items.add(conjunction());
        while (in.keyword("OR")) {
            items.add(conjunction());
        }
        return items.size() == 1 ? items.get(0) : new ObservationExpr.Or(items);
    }

    private ObservationExpr conjunction() {
        List<ObservationExpr> items = new ArrayList<>();
        items.add(qualified());
        while (in.keyword("AND")) {
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
            in.skipWs();
            int at = in.pos();
            if (in.keyword("WITHIN")) {
                once(seen, Qualifier.WITHIN, at);
                in.skipWs();
                int numberAt = in.pos();
                Constant n = constants.number();
                BigDecimal seconds =
                        n instanceof Constant.IntValue i
                                ? BigDecimal.valueOf(i.value())
                                : ((Constant.FloatValue) n).value();
                if (seconds.signum() <= 0) {
                    throw in.error(numberAt, "WITHIN needs a positive number of seconds, not " + n);
                }
                in.expect("SECONDS", "SECONDS after the number of WITHIN");
                expr = new ObservationExpr.Within(expr, seconds);
            } else if (in.keyword("REPEATS")) {
                once(seen, Qualifier.REPEATS, at);
                in.skipWs();
                int numberAt = in.pos();
                Constant n = constants.number();
                if (!(n instanceof Constant.IntValue i) || i.value() < 1) {
                    throw in.error(numberAt, "REPEATS needs a positive integer, not " + n);
                }
                if (i.value() > Integer.MAX_VALUE) {
                    throw in.error(numberAt, "REPEATS " + i.value() + " TIMES is out of range");
                }
                in.expect("TIMES", "TIMES after the number of REPEATS");
                expr = new ObservationExpr.Repeats(expr, (int) i.value());
            } else if (in.keyword("START")) {
                once(seen, Qualifier.START, at);
                in.skipWs();
                Constant.TimestampValue start = timestampFor("START");
                in.expect("STOP", "STOP t'...' after START t'...'");
                in.skipWs();
                int stopAt = in.pos();
                Constant.TimestampValue stop = timestampFor("STOP");
                if (!start.value().isBefore(stop.value())) {
                    throw in.error(
                            stopAt,
                            "STOP "
                                    + stop
                                    + " must be later than START "
                                    + start
                                    + ", or nothing can match");
                }
                expr = new ObservationExpr.StartStop(expr, start, stop);
            } else if (in.startsWithWord("STOP")) {
                throw in.error(
                        "STOP without START: a time window is written START t'...' STOP t'...'");
            } else {
                return expr;
            }
        }
    }

    private void once(EnumSet<Qualifier> seen, Qualifier q, int at) {
        if (!seen.add(q)) {
            throw in.error(
                    at,
                    "an observation expression may have only one "
                            + q
                            + " qualifier; put parentheses around the expression to qualify it"
                            + " again");
        }
    }

    private Constant.TimestampValue timestampFor(String keyword) {
        if (!in.lookingAt("t'")) {
            throw in.error(
                    "expected a timestamp constant t'YYYY-MM-DDTHH:MM:SSZ' after "
                            + keyword
                            + ", but found "
                            + in.found());
        }
        return (Constant.TimestampValue) constants.constant();
    }

    private ObservationExpr primary() {
        in.skipWs();
        int at = in.pos();
        if (in.peek() == '[') {
            in.advance();
            in.enter(at);
            ComparisonExpr expr = comparisons.testOr();
            in.skipWs();
            if (in.peek() != ']') {
                throw in.error(
                        "expected ']' to close the observation expression opened at column "
                                + in.column(at)
                                + ", or AND/OR and another comparison, but found "
                                + in.found());
            }
            in.advance();
            in.leave();
            return new ObservationExpr.Observe(expr);
        }
        if (in.peek() == '(') {
            return in.group(at, this::sequence);
        }
        if (in.peek() == ']' || in.peek() == ')') {
            throw in.error(
                    "unbalanced '" + in.peek() + "': expected an observation expression '[...]'");
        }
        throw in.error(
                "expected an observation expression '[...]' or '(', but found "
                        + in.found()
                        + (paths.isPathStart() ? " (comparisons go inside square brackets)" : ""));
    }
}
