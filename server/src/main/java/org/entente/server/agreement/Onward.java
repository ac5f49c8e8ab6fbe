package org.entente.server.agreement;

import java.util.Locale;

/** What the receiving side may do with what it received under an area. */
public enum Onward {
    /** Keep it within the receiving organisation. */
    NONE,
    /** Pass it on to the receiving agency's own constituents. */
    CONSTITUENTS,
    /** Pass it on to the community (anyone the receiver shares with). */
    COMMUNITY;

    public static Onward parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown onward rule '" + text + "': use none, constituents or community", e);
        }
    }
}
