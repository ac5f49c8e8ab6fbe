package org.entente.server.auth;

import java.time.Instant;
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
        Condition.Params params = new Condition.Params("k_");
        return params.condition(
                "EXISTS (SELECT 1 FROM tokens kt JOIN principals kp ON kp.id = kt.principal_id"
                        + " WHERE kt.hash = "
                        + params.bind(hash)
                        + " AND kt.revoked_at IS NULL AND (kt.expires_at IS NULL OR kt.expires_at > "
                        + params.bind(micros(now))
                        + ") AND kp.id = "
                        + params.bind(principal.id())
                        + " AND kp.disabled = 0 AND kp.name = "
                        + params.bind(principal.name())
                        + " AND kp.roles = "
                        + params.bind(storedRoles)
                        + " AND kp.organisation_id = "
                        + params.bind(principal.organisation().value())
                        + ")");
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
