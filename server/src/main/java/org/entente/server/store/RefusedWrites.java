package org.entente.server.store;

import java.util.List;
import java.util.Objects;

/**
 * The refusals of one organisation's writes to our TAXII server over a period: how many, and the
 * most frequent reasons ({@link WriteRefusalDao}).
 *
 * @param reasons the most frequent first, the object each refusal named written {@link
 *     WriteRefusalDao#OBJECT}
 */
public record RefusedWrites(
        String organisationId, String organisation, long count, List<RefusalReason> reasons) {
    public RefusedWrites {
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(organisation, "organisation");
        reasons = List.copyOf(reasons);
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, not " + count);
        }
    }
}
