package org.entente.server.auth;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a principal may do. Admin, liaison, analyst and auditor belong to the local agency; partner
 * and constituent to outside organisations.
 */
public enum Role {
    ADMIN,
    LIAISON,
    ANALYST,
    AUDITOR,
    PARTNER,
    CONSTITUENT;

    public static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown role '"
                            + text
                            + "': use one of "
                            + String.join(
                                    ", ",
                                    Arrays.stream(values())
                                            .map(r -> r.name().toLowerCase(Locale.ROOT))
                                            .toList()),
                    e);
        }
    }
}
