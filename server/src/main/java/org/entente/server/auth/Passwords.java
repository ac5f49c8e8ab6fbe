package org.entente.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Passwords of HTTP Basic users: hashed with bcrypt (through the delegating encoder) when set, and
 * checked on requests.
 *
 * <p>Implementation notes. bcrypt is slow on purpose (tens of milliseconds), which is right for a
 * stored password and wrong for a TAXII client that sends the same credentials with every one of
 * thousands of requests. So credentials that passed bcrypt are remembered for a short while, keyed
 * by an HMAC of (name, password) under a key made at start and never stored: the memory holds no
 * password, and the key cannot be recomputed from a heap dump of the map alone. A remembered entry
 * holds the principal's id and the hash it was checked against; every request still reads the
 * principal's row (one query, as a token costs), and the entry counts only while the row is enabled
 * and has that same hash. So a principal disabled or given a new password, here or on another node
 * behind the same database, is refused on its very next request. Changes made here also drop the
 * entries at once ({@link #forget}), so none outlives its use.
 *
 * <p>Every refusal costs exactly one bcrypt check, against the stored hash or, for a user that does
 * not exist, is disabled or has no password, against a fixed hash of a secret nobody knows: how
 * long a refusal takes does not tell who exists, and guessing stays slow.
 */
public final class Passwords {
    /**
     * bcrypt, cost 10 (the encoder's default, as for stored passwords), of 32 random bytes that
     * were thrown away: nothing matches it, and checking against it takes as long as a real check.
     */
    static final String UNMATCHABLE =
            "{bcrypt}$2a$10$T9fHTT64uucRW.wXviFBxO/a6C83lBS2DqZnGSA/fnF0hArJBD1hK";

    /** What passed bcrypt: whose it was and the hash it matched. */
    private record Checked(String principalId, String hash) {}

    private final PrincipalDao principals;
    private final PasswordEncoder encoder;
    private final Cache<String, Checked> checked;
    private final SecretKeySpec key;
    private final Counter checks;

    public Passwords(
            PrincipalDao principals, AuthSettings settings, Ticker ticker, MeterRegistry meters) {
        this.principals = principals;
        this.encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        this.checked =
                Caffeine.newBuilder()
                        .expireAfterWrite(settings.basicCacheTtl())
                        .maximumSize(settings.basicCacheSize())
                        .ticker(ticker)
                        .recordStats()
                        .build();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.checks =
                Counter.builder("entente.auth.password.checks")
                        .description("passwords checked with bcrypt (HTTP Basic)")
                        .register(meters);
        CaffeineCacheMetrics.monitor(meters, checked, "basic-credentials");
    }

    /** The hash to store for a new password. */
    public String hash(String password) {
        return encoder.encode(password);
    }

    /**
     * The enabled principal these credentials stand for, or empty, with no word on why: the caller
     * answers every refusal alike.
     */
    public Optional<NodePrincipal> check(String name, String password) {
        String remembered = key(name, password);
        Optional<PrincipalDao.Credentials> row = principals.credentials(name);
        Checked hit = checked.getIfPresent(remembered);
        if (hit != null) {
            if (row.isPresent()
                    && !row.get().principal().disabled()
                    && row.get().principal().id().equals(hit.principalId())
                    && row.get().passwordHash().equals(Optional.of(hit.hash()))) {
                return Optional.of(row.get().principal());
            }
            checked.invalidate(remembered);
        }
        Optional<String> hash = row.flatMap(PrincipalDao.Credentials::passwordHash);
        boolean matches = matches(password, hash.orElse(UNMATCHABLE));
        if (!matches || hash.isEmpty() || row.get().principal().disabled()) {
            return Optional.empty();
        }
        checked.put(remembered, new Checked(row.get().principal().id(), hash.get()));
        return Optional.of(row.get().principal());
    }

    /** Drops what is remembered of a principal's credentials (disabled, new password, removed). */
    public void forget(String principalId) {
        checked.asMap().values().removeIf(c -> c.principalId().equals(principalId));
    }

    private boolean matches(String password, String hash) {
        checks.increment();
        try {
            return encoder.matches(password, hash);
        } catch (IllegalArgumentException e) {
            // a stored hash the encoder cannot read (no {id} prefix): refused, at the same cost
            encoder.matches(password, UNMATCHABLE);
            return false;
        }
    }

    private String key(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            // the name's length first, so that ("ab", "c") and ("a", "bc") differ
            mac.update(ByteBuffer.allocate(4).putInt(n.length).array());
            mac.update(n);
            mac.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
