package org.entente.server.agreement;

import java.util.Locale;

/** Which way objects may flow in an area, from the local agency's point of view. */
public enum Direction {
    SHARE,
    RECEIVE,
    BOTH;

    public boolean shares() {
        return this != RECEIVE;
    }

    public boolean receives() {
        return this != SHARE;
    }

    public static Direction parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown direction '" + text + "': use share, receive or both", e);
        }
    }
}
