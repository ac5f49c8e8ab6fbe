package org.entente.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Issues and resolves API tokens. A token is 256 random bits; only its SHA-256 is stored, so a copy
 * of the database does not hand out access. A slow password hash is not needed for secrets of that
 * strength (see docs/adr/0002-token-hashing.md).
 */
public final class Tokens {
    /** Every token starts with this, so that secret scanners and people recognise one. */
    public static final String PREFIX = "ent_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenDao tokens;
    private final PrincipalDao principals;
    private final Clock clock;

    public Tokens(TokenDao tokens, PrincipalDao principals, Clock clock) {
        this.tokens = tokens;
        this.principals = principals;
        this.clock = clock;
    }

    /** Creates a token for a principal and returns its secret, which is never shown again. */
    public String issue(String principalId, String label, Optional<Instant> expires) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        register(principalId, token, label, expires);
        return token;
    }

    /** Registers a token chosen elsewhere (ENTENTE_ADMIN_TOKEN), if not already registered. */
    public void register(
            String principalId, String token, String label, Optional<Instant> expires) {
        String hash = hash(token);
        if (tokens.byHash(hash).isPresent()) {
            return;
        }
        tokens.insert(
                new TokenDao.TokenRow(
                        hash,
                        principalId,
                        label,
                        micros(clock.instant()),
                        expires.map(e -> OptionalLong.of(micros(e))).orElse(OptionalLong.empty()),
                        OptionalLong.empty()));
    }

    /** Why a token does not authenticate, or the principal it stands for. */
    public Resolution resolve(String token) {
        var found = tokens.withPrincipal(hash(token));
        if (found.isEmpty()) {
            return Resolution.failed("unknown token");
        }
        TokenDao.TokenRow r = found.get().getKey();
        long now = micros(clock.instant());
        if (r.revokedAt().isPresent()) {
            return Resolution.failed("the token was revoked");
        }
        if (r.expiresAt().isPresent() && r.expiresAt().getAsLong() <= now) {
            return Resolution.failed("the token expired");
        }
        Optional<NodePrincipal> principal = Optional.of(found.get().getValue());
        if (principal.get().disabled()) {
            return Resolution.failed("the token's principal is disabled");
        }
        return new Resolution(principal, null);
    }

    public boolean revoke(String token) {
        return tokens.revoke(hash(token), micros(clock.instant())) > 0;
    }

    /** The outcome of resolving a token: a principal, or the reason there is none. */
    public record Resolution(Optional<NodePrincipal> principal, String failure) {
        static Resolution failed(String why) {
            return new Resolution(Optional.empty(), why);
        }
    }

    public static String hash(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
