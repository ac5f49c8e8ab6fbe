package org.entente.pattern;

/**
 * A character sequence that stops a regular expression after a budget of character reads. Java's
 * backtracking engine can take exponential time on some regexes ({@code (a+)+$}); an indicator from
 * a partner must not be able to stall matching, so such a search ends as a non-match.
 */
final class BudgetedChars implements CharSequence {
    /** Thrown when the budget runs out; cheap (no stack trace). */
    static final class Exhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exhausted() {
            super("regex budget exhausted", null, false, false);
        }
    }

    private final String text;
    private long remaining;

    BudgetedChars(String text, long budget) {
        this.text = text;
        this.remaining = budget;
    }

    @Override
    public char charAt(int index) {
        if (--remaining < 0) {
            throw new Exhausted();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
