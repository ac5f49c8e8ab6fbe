package org.entente.server.store;

import java.util.Objects;

/**
 * A reason objects were refused for, and how many refusals gave it: the unit of every refusal count
 * the node shows (its peers' events, the writes of other organisations).
 */
public record RefusalReason(String text, long count) {
    public RefusalReason {
        Objects.requireNonNull(text, "text");
    }
}
