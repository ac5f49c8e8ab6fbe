package org.entente.server.federation;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A peer could not be synced, and why, in words an operator can act on. The kind decides how the
 * scheduler waits before trying again; the message goes to the peer's health.
 */
public final class PeerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** No connection: refused, reset, name unknown, connect timeout. */
        UNREACHABLE,
        /** The TLS handshake failed: not the pinned certificate, wrong name, protocol. */
        TLS,
        /** The peer refused our credentials (401). */
        UNAUTHENTICATED,
        /** The peer refused us something (403): its agreement with us is not in force, say. */
        FORBIDDEN,
        /** The peer has no such API root or collection for us (404). */
        NOT_FOUND,
        /** The peer asked us to slow down (429). */
        RATE_LIMITED,
        /** The answer did not complete in time (a slow trickle) . */
        TIMEOUT,
        /** The answer was larger than we accept: cut off (a page asks for fewer objects then). */
        TOO_LARGE,
        /** The answer is not what TAXII says: malformed, wrong media type, looping. */
        BAD_RESPONSE,
        /** The peer failed (5xx). */
        SERVER_ERROR;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final transient Optional<Duration> retryAfter;

    public PeerFailure(Kind kind, String message) {
        this(kind, message, Optional.empty(), null);
    }

    public PeerFailure(Kind kind, String message, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Kind kind() {
        return kind;
    }

    /** How long the peer asked us to wait (429 or 503 with Retry-After). */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
