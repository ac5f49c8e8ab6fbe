package org.entente.server.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens' resolutions kept between requests, for the TAXII reads only (ADR 0039). A kept
 * resolution is never believed on its own: the read's statement asks {@link KeptToken#stillHolds},
 * and a read that returns nothing, or a request that ends in an error, resolves the token afresh
 * first ({@link Caller#again}). At most {@link #CAPACITY} are kept; past that all are dropped, to
 * be resolved again on their next request.
 */
public final class KeptTokens {
    static final int CAPACITY = 10_000;

    private final Tokens tokens;
    private final Clock clock;
    private final ConcurrentHashMap<String, KeptToken> kept = new ConcurrentHashMap<>();
    private final Counter resolved;

    public KeptTokens(Tokens tokens, Clock clock, MeterRegistry meters) {
        this.tokens = tokens;
        this.clock = clock;
        this.resolved =
                Counter.builder("entente.auth.tokens.resolved")
                        .description(
                                "bearer tokens of TAXII reads looked up in the database: not kept"
                                        + " yet, or resolved afresh before an answer is believed")
                        .register(meters);
    }

    /**
     * Who calls with {@code token}: its kept resolution, unless none is kept or its expiry has come
     * by the clock; then the token resolved now, as every other endpoint does. Empty when the token
     * does not authenticate.
     */
    Optional<Caller> caller(String token) {
        String hash = Tokens.hash(token);
        KeptToken k = kept.get(hash);
        if (k != null && !k.expiredAt(clock.instant())) {
            return Optional.of(Caller.kept(k, this, clock.instant()));
        }
        return resolve(hash).map(Caller::fresh);
    }

    /** The token resolved afresh, its kept resolution replaced or forgotten to match. */
    Optional<NodePrincipal> resolve(String hash) {
        resolved.increment();
        Tokens.Resolution r = tokens.resolveHash(hash);
        if (r.kept().isEmpty()) {
            kept.remove(hash);
            SecurityConfig.refusedBecause(r.failure());
            return Optional.empty();
        }
        if (kept.size() >= CAPACITY) {
            kept.clear();
        }
        kept.put(hash, r.kept().get());
        return r.principal();
    }
}
