package org.entente.server.federation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The events of one run with a peer, gathered as they happen and stamped by the node's clock; the
 * run records them when it ends ({@link Runs#end}).
 */
final class Events {
    private final String peerId;
    private final Clock clock;
    private final List<PeerEvent> gathered = new ArrayList<>();

    Events(String peerId, Clock clock) {
        this.peerId = peerId;
        this.clock = clock;
    }

    void add(
            PeerEvent.Kind kind,
            Optional<String> remoteId,
            Optional<String> objectId,
            String message) {
        Instant t = clock.instant();
        gathered.add(
                new PeerEvent(
                        peerId,
                        t.getEpochSecond() * 1_000_000L + t.getNano() / 1000,
                        kind,
                        remoteId,
                        objectId,
                        message));
    }

    /** A failure, of the run as a whole or of one collection. */
    void error(Optional<String> remoteId, PeerFailure f) {
        add(
                PeerEvent.Kind.ERROR,
                remoteId,
                Optional.empty(),
                f.kind().key() + ": " + f.getMessage());
    }

    List<PeerEvent> list() {
        return List.copyOf(gathered);
    }
}
