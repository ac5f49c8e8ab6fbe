package org.entente.server.agreement;

import java.util.Locale;

/** What an agreement is: a memorandum, a declaration... or a constituent's subscription. */
public enum AgreementKind {
    MOU,
    MOC,
    DECLARATION,
    MULTILATERAL,
    SUBSCRIPTION;

    public static AgreementKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown agreement kind '"
                            + text
                            + "': use mou, moc, declaration, multilateral or subscription",
                    e);
        }
    }
}
