package org.entente.server.federation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one sync run with a peer did: per collection, what was pulled, pushed and fed back, and what
 * stopped it; for the run, whether it failed and how long the peer asked us to wait.
 *
 * @param notBefore the earliest time the next run may start (the pull rate limit), if any
 */
public record RunReport(
        String peer,
        Instant started,
        Instant finished,
        Outcome outcome,
        List<CollectionRun> collections,
        Optional<PeerFailure.Kind> failureKind,
        Optional<String> failure,
        Optional<Duration> retryAfter,
        Optional<Instant> notBefore) {

    public enum Outcome {
        /** Everything that could be done was done (perhaps nothing). */
        OK,
        /** Something failed; {@code failure} says what. */
        FAILED,
        /** Another node or process holds the peer's lease: it is syncing it. */
        BUSY,
        /** The peer is disabled or was removed. */
        DISABLED
    }

    public RunReport {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(outcome, "outcome");
        collections = List.copyOf(collections);
        Objects.requireNonNull(failureKind, "failureKind");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(notBefore, "notBefore");
    }

    /**
     * One collection in one run.
     *
     * @param stored objects pulled and stored anew
     * @param held objects pulled that we already held
     * @param refused objects pulled that we refused (invalid, forged, over a limit, the agreement)
     * @param pages pages pulled
     * @param caughtUp whether the pull reached the end of what the peer has
     * @param sent objects of ours the peer accepted (pushed or fed back), already held included
     * @param rejected objects of ours the peer refused
     * @param feedback of {@code sent}, our sightings fed back
     * @param stopped why nothing (more) flowed where something could, if so
     * @param error what failed, if anything
     */
    public record CollectionRun(
            String remote,
            Optional<String> local,
            int stored,
            int held,
            int refused,
            int pages,
            boolean caughtUp,
            int sent,
            int rejected,
            int feedback,
            Optional<String> stopped,
            Optional<String> error) {}

    /** Whether the run moved objects or left more to pull, so the next should come soon. */
    public boolean busy() {
        return collections.stream()
                .anyMatch(
                        c ->
                                c.stored() + c.held() + c.refused() + c.sent() + c.rejected() > 0
                                        || (c.pages() > 0 && !c.caughtUp() && c.error().isEmpty()));
    }

    public int stored() {
        return collections.stream().mapToInt(CollectionRun::stored).sum();
    }

    public int sent() {
        return collections.stream().mapToInt(CollectionRun::sent).sum();
    }
}
