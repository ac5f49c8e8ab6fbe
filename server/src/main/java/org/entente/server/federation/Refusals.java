package org.entente.server.federation;

import java.util.List;
import java.util.Objects;
import org.entente.server.store.RefusalReason;

/**
 * The refusals of one kind recorded with one peer over a period: objects a peer sent that we
 * refused ({@link PeerEvent.Kind#REFUSED}) or objects of ours a peer refused ({@link
 * PeerEvent.Kind#REJECTED}), how many, and the most frequent reasons. Counted from the events kept
 * ({@code PeerEventDao.EVENTS_KEPT} per peer), so a peer that refused more than that in the period
 * is counted for its latest ones; the peer's own counters ({@link PeerHealth#refused}, {@link
 * PeerHealth#rejected}) count every one since it was recorded.
 *
 * @param reasons the most frequent first, the object each refusal named left out
 */
public record Refusals(
        String peerId, PeerEvent.Kind kind, long count, List<RefusalReason> reasons) {
    public Refusals {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(kind, "kind");
        reasons = List.copyOf(reasons);
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, not " + count);
        }
    }
}
