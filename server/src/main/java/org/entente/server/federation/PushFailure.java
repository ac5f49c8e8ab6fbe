package org.entente.server.federation;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * An object of ours a peer refused, to send again.
 *
 * @param attempts how often it was sent, the first time included
 * @param nextAttemptAt when it is sent again; empty: given up
 */
public record PushFailure(
        String peerId,
        String remoteId,
        String stixId,
        String version,
        String message,
        int attempts,
        OptionalLong nextAttemptAt) {
    public PushFailure {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(remoteId, "remoteId");
        Objects.requireNonNull(stixId, "stixId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        message = message.length() > 2000 ? message.substring(0, 1997) + "..." : message;
    }
}
