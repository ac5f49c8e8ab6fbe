package org.entente.server.federation;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A collection a peer opens to us, the collection of ours it maps to, and the cursors.
 *
 * @param localCollection our collection it maps to; empty: nothing flows through it
 * @param pull where pulling resumes
 * @param pushAfter our objects up to this date_added were sent and the peer's answer recorded
 * @param pushPending a page sent up to this date_added whose answer was not recorded
 * @param feedbackAfter our sightings up to this date_added were considered for feedback
 */
public record PeerCollection(
        String peerId,
        String remoteId,
        Optional<String> remoteAlias,
        Optional<String> remoteTitle,
        boolean canRead,
        boolean canWrite,
        Optional<String> localCollection,
        PullCursor pull,
        long pushAfter,
        OptionalLong pushPending,
        long feedbackAfter) {
    public PeerCollection {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(remoteId, "remoteId");
        Objects.requireNonNull(remoteAlias, "remoteAlias");
        Objects.requireNonNull(remoteTitle, "remoteTitle");
        Objects.requireNonNull(localCollection, "localCollection");
        Objects.requireNonNull(pull, "pull");
        Objects.requireNonNull(pushPending, "pushPending");
    }

    /** How the collection is named in messages: its alias, else its id. */
    public String label() {
        return remoteAlias.orElse(remoteId);
    }

    /**
     * Where pulling resumes: {@code added_after} (the {@code X-TAXII-Date-Added-Last} of the last
     * page stored, exactly as the peer wrote it) and, for a peer that sends no such header, the
     * {@code next} of a walk not finished.
     */
    public record PullCursor(Optional<String> after, Optional<String> next) {
        public static final PullCursor START = new PullCursor(Optional.empty(), Optional.empty());

        public PullCursor {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(next, "next");
        }
    }
}
