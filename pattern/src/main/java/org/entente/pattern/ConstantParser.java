package org.entente.pattern;

import java.math.BigDecimal;
import java.util.Base64;
import org.entente.stix.Timestamps;

/**
 * Reads the constants of a pattern (section 9.3): strings, numbers, booleans and the prefixed
 * literals {@code b'base64'}, {@code h'hex'} and {@code t'timestamp'}. Kept apart from the grammar
 * because each literal has its own rules of form and range, and their messages say which was
 * broken.
 */
final class ConstantParser {
    /** STIX integers (section 2.10) lie within ±(2^53 - 1). */
    private static final long MAX_INTEGER = (1L << 53) - 1;

    private final PatternCursor in;

    ConstantParser(PatternCursor in) {
        this.in = in;
    }

    Constant constant() {
        return constant(in.pos());
    }

    /** Reads a constant; errors about its contents point at {@code at}. */
    Constant constant(int at) {
        char c = in.peek();
        char d = in.peekNext();
        if (c == '\'') {
            return new Constant.StringValue(string());
        }
        if (d == '\'' && (c == 'b' || c == 'h' || c == 't')) {
            in.advance();
            String body = string();
            if (c == 'b') {
                return binary(body, at);
            }
            if (c == 'h') {
                return hex(body, at);
            }
            String problem = Timestamps.problem(body);
            if (problem != null) {
                throw in.error(at, "invalid timestamp constant: " + problem);
            }
            return new Constant.TimestampValue(Timestamps.toInstant(body), body);
        }
        if (c == '-' || c == '+' || (c >= '0' && c <= '9') || c == '.') {
            return number();
        }
        if (in.keyword("true")) {
            return new Constant.BoolValue(true);
        }
        if (in.keyword("false")) {
            return new Constant.BoolValue(false);
        }
        String word = in.word();
        if (word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false")) {
            throw in.error(
                    "booleans are written in lower case: "
                            + word.toLowerCase(java.util.Locale.ROOT));
        }
        if (c == '"') {
            throw in.error(
                    "string constants are enclosed in apostrophes ('...'), not double quotes");
        }
        throw in.error(
                "expected a constant (a 'string', a number, true or false, b'base64', h'hex' or"
                        + " t'timestamp') but found "
                        + in.found());
    }

    /** Reads a quoted string at the cursor (on the apostrophe) and returns it unescaped. */
    String string() {
        int open = in.pos();
        in.advance();
        StringBuilder out = new StringBuilder();
        while (true) {
            if (in.atEnd()) {
                throw in.error(open, "the string constant opened here is never closed with '");
            }
            char c = in.peek();
            if (c == '\'') {
                in.advance();
                return out.toString();
            }
            if (c == '\\') {
                char next = in.peekNext();
                if (next != '\'' && next != '\\') {
                    throw in.error(
                            "in a string constant a backslash may only be followed by ' or \\"
                                    + " (write \\\\ for a backslash)");
                }
                out.append(next);
                in.advance(2);
                continue;
            }
            out.append(c);
            in.advance();
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
            throw in.error(at, "invalid binary constant: not base64 (RFC 4648 with padding)");
        }
    }

    private Constant hex(String body, int at) {
        if (body.length() % 2 != 0) {
            throw in.error(at, "invalid hex constant: an odd number of hex digits");
        }
        byte[] bytes = new byte[body.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int hi = Character.digit(body.charAt(2 * i), 16);
            int lo = Character.digit(body.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0 || body.charAt(2 * i) > 'f' || body.charAt(2 * i + 1) > 'f') {
                throw in.error(at, "invalid hex constant: only 0-9 and a-f may appear in h'...'");
            }
            bytes[i] = (byte) (hi << 4 | lo);
        }
        return new Constant.BinaryValue(bytes, true);
    }

    Constant number() {
        int start = in.pos();
        if (in.peek() == '+') {
            throw in.error("a positive number is written without a plus sign");
        }
        if (in.peek() == '-') {
            in.advance();
        }
        int digitsStart = in.pos();
        skipDigits();
        boolean integral = true;
        if (in.peek() == '.') {
            integral = false;
            in.advance();
            int fraction = in.pos();
            skipDigits();
            if (in.pos() == fraction) {
                throw in.error("expected digits after the decimal point");
            }
        }
        if (in.pos() == digitsStart) {
            throw in.error(start, "expected a number, but found " + in.foundAt(start));
        }
        if (in.peek() == 'e' || in.peek() == 'E') {
            integral = false;
            in.advance();
            if (in.peek() == '+' || in.peek() == '-') {
                in.advance();
            }
            int exp = in.pos();
            skipDigits();
            if (in.pos() == exp) {
                throw in.error("expected digits in the exponent");
            }
        }
        if (PatternCursor.isWordChar(in.peek())) {
            throw in.error(start, "malformed number " + in.foundAt(start));
        }
        String literal = in.since(start);
        if (integral) {
            boolean tooLong = literal.length() > 18;
            long value = tooLong ? Long.MAX_VALUE : Long.parseLong(literal);
            if (tooLong || Math.abs(value) > MAX_INTEGER) {
                throw in.error(
                        start, "integer " + literal + " is out of the STIX range ±(2^53 - 1)");
            }
            return new Constant.IntValue(value);
        }
        BigDecimal value = new BigDecimal(literal);
        if (value.abs().compareTo(BigDecimal.valueOf(Double.MAX_VALUE)) > 0) {
            throw in.error(start, "float " + literal + " is out of range");
        }
        return new Constant.FloatValue(value);
    }

    private void skipDigits() {
        while (PatternCursor.isDigit(in.peek())) {
            in.advance();
        }
    }
}
