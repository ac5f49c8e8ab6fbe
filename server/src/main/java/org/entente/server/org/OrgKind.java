package org.entente.server.org;

import java.util.Locale;

/** The local agency (one per node), partner agencies abroad, constituents at home. */
public enum OrgKind {
    LOCAL,
    PARTNER,
    CONSTITUENT;

    public static OrgKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown organisation kind '" + text + "': use local, partner or constituent",
                    e);
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
