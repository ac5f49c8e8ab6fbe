package org.entente.server.policy;

import java.util.Objects;

/** An area of an agreement under which objects were received. */
public record Origin(String agreementId, String area) {
    public Origin {
        Objects.requireNonNull(agreementId, "agreementId");
        Objects.requireNonNull(area, "area");
    }
}
