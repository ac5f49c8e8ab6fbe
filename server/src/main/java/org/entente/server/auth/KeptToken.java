package org.entente.server.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.entente.server.store.Condition;

/**
 * A bearer token's resolution kept between requests (ADR 0039): the token's and its principal's
 * rows as they were when the token was last resolved. A TAXII read believes it only through {@link
 * #stillHolds}, asked in the reading statement itself, and resolves the token afresh when that
 * statement returns nothing.
 *
 * @param storedRoles the principal's roles as its row holds them
 */
public record KeptToken(
        String hash, NodePrincipal principal, String storedRoles, OptionalLong expiresAt) {
    /** See {@link #stillHolds}: its parameters are named, not numbered, and never collide. */
    private static final String STILL_HOLDS =
            "EXISTS (SELECT 1 FROM tokens kt JOIN principals kp ON kp.id = kt.principal_id"
                    + " WHERE kt.hash = :k_hash AND kt.revoked_at IS NULL"
                    + " AND (kt.expires_at IS NULL OR kt.expires_at > :k_now)"
                    + " AND kp.id = :k_id AND kp.disabled = 0 AND kp.name = :k_name"
                    + " AND kp.roles = :k_roles AND kp.organisation_id = :k_org)";

    public KeptToken {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(storedRoles, "storedRoles");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the token's expiry, as kept, has come by {@code now}. */
    boolean expiredAt(Instant now) {
        return expiresAt.isPresent() && expiresAt.getAsLong() <= micros(now);
    }

    /**
     * True, in SQL, while the token is unrevoked and unexpired at {@code now} and its principal's
     * row is as kept (enabled, same name, roles and organisation): any change to either row makes
     * it false in the next statement that asks, on every node behind the database, whoever made the
     * change (the console, the command line, SQL by hand).
     */
    public Condition stillHolds(Instant now) {
        return new Condition(
                STILL_HOLDS,
                Map.of(
                        "k_hash", hash,
                        "k_now", micros(now),
                        "k_id", principal.id(),
                        "k_name", principal.name(),
                        "k_roles", storedRoles,
                        "k_org", principal.organisation().value()));
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
