package org.entente.server.agreement;

import java.util.Objects;
import java.util.Optional;

/**
 * One change in an agreement's life, as its history lists it.
 *
 * @param seq the change's place in the agreement's history, from 1
 * @param at when, in microseconds since the epoch
 * @param principalId who made it, if a principal did
 * @param from the status before, empty when the agreement was created
 */
public record HistoryEntry(
        int seq,
        long at,
        Optional<String> principalId,
        String change,
        Optional<AgreementStatus> from,
        AgreementStatus to,
        Optional<String> note) {
    public HistoryEntry {
        Objects.requireNonNull(principalId, "principalId");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(note, "note");
    }
}
