package org.entente.server.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.entente.server.error.ApiException;
import org.entente.server.store.Condition;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * Who calls a TAXII read, as its credentials say: a principal resolved for this request, or a
 * bearer token's resolution kept from an earlier one (ADR 0039). A kept one comes with the guard
 * the reading statement must ask ({@link #guard}), and is resolved afresh ({@link #again}) before a
 * read's empty answer or an error is believed.
 *
 * <p>Only the TAXII read endpoints take a caller. Everywhere else a handler's {@link NodePrincipal}
 * is resolved for its request: from a kept token too ({@link CurrentPrincipal}).
 */
public final class Caller {
    private final NodePrincipal principal;
    private final Optional<KeptToken> kept;
    private final KeptTokens keeper;
    private final Instant at;
    private Optional<NodePrincipal> again;

    private Caller(
            NodePrincipal principal,
            Optional<KeptToken> kept,
            KeptTokens keeper,
            Instant at,
            Optional<NodePrincipal> again) {
        this.principal = principal;
        this.kept = kept;
        this.keeper = keeper;
        this.at = at;
        this.again = again;
    }

    /** A principal resolved for this request: nothing to guard, nothing to ask again. */
    public static Caller fresh(NodePrincipal principal) {
        return new Caller(principal, Optional.empty(), null, null, Optional.of(principal));
    }

    static Caller kept(KeptToken kept, KeptTokens keeper, Instant at) {
        return new Caller(kept.principal(), Optional.of(kept), keeper, at, null);
    }

    /** The principal as the credentials give it: kept or resolved for this request. */
    public NodePrincipal principal() {
        return principal;
    }

    /**
     * The condition a read's statement must hold for its rows to be believed, if the principal was
     * kept: true while the token and its principal's row are as they were kept.
     */
    public Optional<Condition> guard() {
        return kept.map(k -> k.stillHolds(at));
    }

    /**
     * Whether the kept credentials still hold, as {@code ask} finds their {@link #guard} in a
     * statement of its own (false for a principal resolved for this request: nothing was kept).
     * When they do, the token authenticates and a fresh resolution would give the very principal
     * kept, so this request takes that as its {@link #again} without looking the token up.
     */
    public boolean stillHolds(Predicate<Condition> ask) {
        if (kept.isEmpty() || again != null) {
            return false;
        }
        if (!ask.test(kept.get().stillHolds(at))) {
            return false;
        }
        again = Optional.of(principal);
        return true;
    }

    /**
     * The principal as the credentials give it now: resolved afresh (once a request) if it was
     * kept, empty if the token no longer authenticates.
     */
    public Optional<NodePrincipal> again() {
        if (again == null) {
            again = keeper.resolve(kept.orElseThrow().hash());
        }
        return again;
    }

    /** {@link #again}, or the 401 every refused credential gets. */
    public NodePrincipal againOrRefuse() {
        return again().orElseThrow(Caller::refused);
    }

    /** The caller kept for this request, if its credentials were a kept bearer token. */
    public static Optional<Caller> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null
                && auth.getPrincipal() instanceof OAuth2AuthenticatedPrincipal token
                && token.getAttributes().get(SecurityConfig.CALLER) instanceof Caller caller) {
            return Optional.of(caller);
        }
        return Optional.empty();
    }

    /**
     * Whether this request's credentials, kept from an earlier request, no longer authenticate: an
     * error answer is then the 401 any refused credential gets, and tells nothing else.
     */
    public static boolean refusedNow() {
        return current().map(c -> c.again().isEmpty()).orElse(false);
    }

    static ApiException refused() {
        return new ApiException(
                ApiException.Kind.UNAUTHENTICATED, SecurityConfig.REFUSED, java.util.Map.of());
    }
}
