package org.entente.pattern;

/**
 * The reading position in a pattern's text, shared by the parsers of each level of the grammar.
 * There is no token stream because what a character means depends on where it is (see {@link
 * Parser}); this class holds what every level needs to read characters and words: whitespace,
 * keywords, the nesting depth, and errors that name the column and what was found there.
 */
final class PatternCursor {
    private final String text;
    private final Limits limits;
    private int pos;
    private int depth;

    PatternCursor(String text, Limits limits) {
        this.text = text;
        this.limits = limits;
    }

    int pos() {
        return pos;
    }

    void advance() {
        pos++;
    }

    void advance(int n) {
        pos += n;
    }

    /** Goes back to {@code to}, a position this cursor was at before (to undo a look-ahead). */
    void rewind(int to) {
        pos = to;
    }

    /** The text from {@code from} to the current position. */
    String since(int from) {
        return text.substring(from, pos);
    }

    /** Opens a bracket or parenthesis at {@code at}, refusing nesting deeper than the limit. */
    void enter(int at) {
        if (++depth > limits.maxDepth()) {
            throw error(
                    at,
                    "brackets and parentheses are nested more than " + limits.maxDepth() + " deep");
        }
    }

    void leave() {
        depth--;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    /** The character after the current one, or 0 past the end. */
    char peekNext() {
        return pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
    }

    boolean lookingAt(String s) {
        return text.startsWith(s, pos);
    }

    /** Consumes {@code kw} (after whitespace) if it is there as a whole word. */
    boolean keyword(String kw) {
        int save = pos;
        skipWs();
        if (startsWithWord(kw)) {
            pos += kw.length();
            return true;
        }
        pos = save;
        return false;
    }

    boolean startsWithWord(String kw) {
        return text.startsWith(kw, pos)
                && !isWordChar(
                        pos + kw.length() < text.length() ? text.charAt(pos + kw.length()) : 0);
    }

    void expect(String kw, String what) {
        if (!keyword(kw)) {
            skipWs();
            throw error("expected " + what + ", but found " + found());
        }
    }

    /** The word starting at the current position (possibly empty), without consuming it. */
    String word() {
        int end = pos;
        while (end < text.length() && isWordChar(text.charAt(end))) {
            end++;
        }
        return text.substring(pos, end);
    }

    static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    void skipWs() {
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

    String found() {
        return foundAt(pos);
    }

    String foundAt(int at) {
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

    int column(int at) {
        return text.codePointCount(0, Math.min(at, text.length())) + 1;
    }

    PatternException error(String reason) {
        return error(pos, reason);
    }

    PatternException error(int at, String reason) {
        return new PatternException(reason, column(at));
    }

    /**
     * A group in parentheses at either level of the grammar, its '(' at {@code at} and next: counts
     * the nesting, reads the inside with {@code inner} and expects the ')' that closes it.
     */
    <T> T group(int at, java.util.function.Supplier<T> inner) {
        advance();
        enter(at);
        T value = inner.get();
        skipWs();
        if (peek() != ')') {
            throw error(
                    "expected ')' to close the parenthesis opened at column "
                            + column(at)
                            + ", but found "
                            + found());
        }
        advance();
        leave();
        return value;
    }
}
