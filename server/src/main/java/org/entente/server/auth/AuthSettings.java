package org.entente.server.auth;

import java.time.Duration;

/**
 * How the node authenticates ({@code entente.auth.*}, or the {@code ENTENTE_AUTH_*} variables),
 * bound with the rest of {@code NodeSettings}. Anything left out takes the default written here.
 *
 * @param basicCacheTtl how long HTTP Basic credentials, once checked with bcrypt, are taken without
 *     checking again; a disabled principal or a changed password is refused on the next request
 *     whatever this says. Zero checks every request.
 * @param basicCacheSize how many checked credentials are remembered at most
 */
public record AuthSettings(Duration basicCacheTtl, Long basicCacheSize) {
    public static final AuthSettings DEFAULTS = new AuthSettings(null, null);

    public AuthSettings {
        basicCacheTtl = basicCacheTtl == null ? Duration.ofSeconds(60) : basicCacheTtl;
        basicCacheSize = basicCacheSize == null ? 10_000L : basicCacheSize;
        if (basicCacheTtl.isNegative() || basicCacheTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(
                    "entente.auth.basic-cache-ttl must be between 0s and 1h, not " + basicCacheTtl);
        }
        if (basicCacheSize < 0) {
            throw new IllegalArgumentException(
                    "entente.auth.basic-cache-size must not be negative, not " + basicCacheSize);
        }
    }
}
