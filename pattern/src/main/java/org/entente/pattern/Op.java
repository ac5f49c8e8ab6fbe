package org.entente.pattern;

/** The comparison operators of STIX 2.1 section 9.6.1, with their pattern syntax. */
public enum Op {
    EQ("="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    IN("IN"),
    LIKE("LIKE"),
    MATCHES("MATCHES"),
    ISSUBSET("ISSUBSET"),
    ISSUPERSET("ISSUPERSET");

    private final String symbol;

    Op(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    boolean ordering() {
        return this == LT || this == LE || this == GT || this == GE;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
