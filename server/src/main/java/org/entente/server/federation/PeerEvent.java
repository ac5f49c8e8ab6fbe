package org.entente.server.federation;

import java.util.Objects;
import java.util.Optional;

/** What happened with a peer: a failed run, an object we refused, an object it refused. */
public record PeerEvent(
        String peerId,
        long at,
        Kind kind,
        Optional<String> remoteId,
        Optional<String> objectId,
        String message) {
    public enum Kind {
        /** A run or a collection failed: unreachable, TLS, credentials, a bad answer. */
        ERROR,
        /** An object the peer sent that we refused (invalid, forged, over a limit, policy). */
        REFUSED,
        /** An object of ours the peer refused (its status resource says why). */
        REJECTED,
        /** Nothing flows where something could: no agreement in force, no mapping. */
        STOPPED
    }

    public PeerEvent {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(remoteId, "remoteId");
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(message, "message");
        message = message.length() > 2000 ? message.substring(0, 1997) + "..." : message;
    }
}
