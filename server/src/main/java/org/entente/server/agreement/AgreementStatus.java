package org.entente.server.agreement;

import java.util.Locale;

/**
 * The lifecycle of an agreement. {@code EXPIRED} is never stored: an active agreement is expired
 * when the clock passes its expiry, on the next request, without any job.
 */
public enum AgreementStatus {
    DRAFT,
    ACTIVE,
    SUSPENDED,
    EXPIRED,
    TERMINATED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
