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

    /**
     * What stands for the object a refusal names when refusals are counted by their reason ({@link
     * PeerEventDao#refusals}): the same reason given for many objects is one line.
     */
    static final String OBJECT = "<id>";

    /** The message of an object the peer sent that we refused: {@code refused <id>: <why>}. */
    static String refused(String objectId, String why) {
        return "refused " + objectId + ": " + why;
    }

    /** The message of an object of ours the peer refused: {@code the peer refused <id>: <why>}. */
    static String rejected(String objectId, String why) {
        return "the peer refused " + objectId + ": " + why;
    }

    /**
     * The reason in a refusal's message whose object was written as {@link #OBJECT}: what follows
     * the words {@link #refused} or {@link #rejected} put before it; any other message whole.
     */
    static String reasonOf(Kind kind, String message) {
        String before =
                switch (kind) {
                    case REFUSED -> refused(OBJECT, "");
                    case REJECTED -> rejected(OBJECT, "");
                    default -> "";
                };
        return message.startsWith(before) ? message.substring(before.length()) : message;
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
