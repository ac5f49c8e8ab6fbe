package org.entente.server.policy;

import java.util.Objects;

/** An area of an agreement, by the agreement's id and the area's key. */
public record AreaRef(String agreementId, String area) {
    public AreaRef {
        Objects.requireNonNull(agreementId, "agreementId");
        Objects.requireNonNull(area, "area");
    }
}
