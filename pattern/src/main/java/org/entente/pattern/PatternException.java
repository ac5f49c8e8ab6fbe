package org.entente.pattern;

/**
 * A pattern that is not valid STIX patterning, or that this engine will not run. The message says
 * what was expected and where: {@code column} counts characters (Unicode code points) of the
 * pattern from 1.
 */
public final class PatternException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int column;
    private final String reason;

    PatternException(String reason, int column) {
        super(column > 0 ? reason + " (column " + column + ")" : reason);
        this.reason = reason;
        this.column = column;
    }

    /** 1-based column of the problem, or 0 when it concerns the pattern as a whole. */
    public int column() {
        return column;
    }

    /** The problem without its position. */
    public String reason() {
        return reason;
    }
}
