package org.entente.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.entente.server.db.Database;
import org.entente.server.error.ApiException;
import org.entente.server.org.OrgKind;

/**
 * Issues, resolves and revokes API tokens: the use cases of tokens, which the REST API, the command
 * line and the web console share. A token is 256 random bits; only its SHA-256 is stored, so a copy
 * of the database does not hand out access. A slow password hash is not needed for secrets of that
 * strength (see docs/adr/0002-token-hashing.md).
 */
public final class Tokens {
    /** Every token starts with this, so that secret scanners and people recognise one. */
    public static final String PREFIX = "ent_";

    /** The label of the token registered from {@code ENTENTE_ADMIN_TOKEN}. */
    public static final String CONFIGURED = "ENTENTE_ADMIN_TOKEN";

    /** Characters after the prefix of a generated token: 32 random bytes in base64url. */
    static final int SECRET_CHARS = 43;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What {@code token create} asks for: a token for a principal, recorded first if it is new.
     *
     * @param organisation id or name of a new principal's organisation; empty: the local agency
     * @param role a new principal's role; empty: analyst in the local agency, else the role that
     *     fits its organisation. For an existing principal, it must be one it has.
     * @param read collections (id or alias) a local principal may read
     * @param write collections (id or alias) a local principal may write
     */
    public record Order(
            String principal,
            Optional<String> organisation,
            Optional<Role> role,
            List<String> read,
            List<String> write,
            String label,
            Optional<Duration> lifetime) {
        public Order {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(organisation, "organisation");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(lifetime, "lifetime");
            read = List.copyOf(read);
            write = List.copyOf(write);
        }
    }

    /** A token just made, shown this once, and what it stands for. */
    public record Issued(
            String token, NodePrincipal principal, String label, Optional<Instant> expires) {}

    private final Database db;
    private final TokenDao tokens;
    private final Principals principals;
    private final Clock clock;

    public Tokens(Database db, TokenDao tokens, Principals principals, Clock clock) {
        this.db = db;
        this.tokens = tokens;
        this.principals = principals;
        this.clock = clock;
    }

    /**
     * A token for a principal, which is recorded first if new, with its grants: all or nothing, in
     * one transaction.
     */
    public Issued create(Order order) {
        Optional<Instant> expires = expiry(order.lifetime());
        return db.inTransaction(
                () -> {
                    NodePrincipal p = existing(order).orElseGet(() -> recordNew(order));
                    for (String c : order.read()) {
                        principals.grant(p.id(), c, true, order.write().contains(c));
                    }
                    for (String c : order.write()) {
                        if (!order.read().contains(c)) {
                            principals.grant(p.id(), c, false, true);
                        }
                    }
                    return new Issued(
                            issue(p.id(), order.label(), expires), p, order.label(), expires);
                });
    }

    /** A new token for a recorded principal (id or name). */
    public Issued issueFor(String principal, String label, Optional<Duration> lifetime) {
        Optional<Instant> expires = expiry(lifetime);
        return db.inTransaction(
                () -> {
                    NodePrincipal p = principals.require(principal);
                    return new Issued(issue(p.id(), label, expires), p, label, expires);
                });
    }

    private Optional<NodePrincipal> existing(Order order) {
        Optional<NodePrincipal> found = principals.named(order.principal());
        found.ifPresent(
                p -> {
                    if (order.organisation().isPresent()) {
                        var org = principals.organisationOf(p);
                        String asked = order.organisation().get();
                        if (!asked.equals(org.id()) && !asked.equals(org.name())) {
                            throw ApiException.invalid(
                                    "'"
                                            + p.name()
                                            + "' exists already and acts for "
                                            + org.name()
                                            + ", not "
                                            + asked);
                        }
                    }
                    if (order.role().isPresent() && !p.roles().contains(order.role().get())) {
                        throw ApiException.invalid(
                                "'"
                                        + p.name()
                                        + "' exists already without the role "
                                        + order.role().get().name().toLowerCase(Locale.ROOT)
                                        + "; a role is given only to a new principal");
                    }
                });
        return found;
    }

    private NodePrincipal recordNew(Order order) {
        OrgKind kind =
                order.organisation()
                        .map(o -> principals.organisation(o).kind())
                        .orElse(OrgKind.LOCAL);
        Role role =
                order.role()
                        .orElseGet(
                                () ->
                                        kind == OrgKind.LOCAL
                                                ? Role.ANALYST
                                                : Principals.fitting(kind).iterator().next());
        return principals.create(
                new Principals.NewPrincipal(
                        order.principal(),
                        order.organisation(),
                        Set.of(role),
                        Optional.empty(),
                        Optional.empty()));
    }

    private Optional<Instant> expiry(Optional<Duration> lifetime) {
        lifetime.ifPresent(
                d -> {
                    if (d.isNegative() || d.isZero()) {
                        throw ApiException.invalid("a token's lifetime must be positive");
                    }
                });
        return lifetime.map(d -> clock.instant().plus(d));
    }

    /** Creates a token for a principal and returns its secret, which is never shown again. */
    public String issue(String principalId, String label, Optional<Instant> expires) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        tokens.insert(
                new TokenDao.TokenRow(
                        hash(token),
                        principalId,
                        label,
                        micros(clock.instant()),
                        expires.map(e -> OptionalLong.of(micros(e))).orElse(OptionalLong.empty()),
                        OptionalLong.empty()));
        return token;
    }

    /**
     * What makes a token chosen by a person weaker than one the node makes, if anything: it must
     * look like one (prefix, alphabet) and be as long (256 bits if its characters are random).
     * Randomness cannot be proven, but a string of few distinct characters is plainly not random.
     */
    public static Optional<String> weakness(String token) {
        if (!token.startsWith(PREFIX)) {
            return Optional.of("must start with '" + PREFIX + "' like the tokens the node makes");
        }
        String secret = token.substring(PREFIX.length());
        if (secret.length() < SECRET_CHARS) {
            return Optional.of(
                    "needs at least "
                            + SECRET_CHARS
                            + " characters after '"
                            + PREFIX
                            + "' (256 random bits, as in a generated token), not "
                            + secret.length());
        }
        if (secret.length() > 200) {
            return Optional.of("must have at most 200 characters after '" + PREFIX + "'");
        }
        if (!secret.matches("[A-Za-z0-9_-]+")) {
            return Optional.of("may have only A-Z, a-z, 0-9, '-' and '_' after '" + PREFIX + "'");
        }
        long distinct = secret.chars().distinct().count();
        if (distinct < 16) {
            return Optional.of(
                    "does not look random: it has only "
                            + distinct
                            + " different characters after '"
                            + PREFIX
                            + "'");
        }
        return Optional.empty();
    }

    /** Refuses an {@code ENTENTE_ADMIN_TOKEN} weaker than a generated token, saying why. */
    public static void checkConfigured(String token) {
        weakness(token)
                .ifPresent(
                        why -> {
                            throw new IllegalArgumentException(
                                    "ENTENTE_ADMIN_TOKEN (entente.admin-token) "
                                            + why
                                            + ". Leave it unset to have one generated at the first"
                                            + " start, or make one with: echo ent_$(head -c 32"
                                            + " /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')");
                        });
    }

    /** What became of {@code ENTENTE_ADMIN_TOKEN} at setup. */
    public enum Configured {
        REGISTERED,
        ALREADY_REGISTERED,
        IGNORED
    }

    /**
     * Registers {@code ENTENTE_ADMIN_TOKEN} for the admin, once: when the node is set up, or on the
     * first start that gives one. After that a different value is ignored, not added: rotating the
     * admin's token is done with the token commands, so that the old one is revoked, not kept.
     */
    public Configured registerConfigured(String adminId, String token) {
        checkConfigured(token);
        String hash = hash(token);
        return db.inTransaction(
                () -> {
                    if (tokens.byHash(hash).isPresent()) {
                        return Configured.ALREADY_REGISTERED;
                    }
                    if (tokens.hasLabel(adminId, CONFIGURED)) {
                        return Configured.IGNORED;
                    }
                    tokens.insert(
                            new TokenDao.TokenRow(
                                    hash,
                                    adminId,
                                    CONFIGURED,
                                    micros(clock.instant()),
                                    OptionalLong.empty(),
                                    OptionalLong.empty()));
                    return Configured.REGISTERED;
                });
    }

    /** Why a token does not authenticate, or the principal it stands for. */
    public Resolution resolve(String token) {
        return resolveHash(hash(token));
    }

    /** {@link #resolve} of the token whose SHA-256 is {@code hash}. */
    Resolution resolveHash(String hash) {
        var found = tokens.withPrincipal(hash);
        if (found.isEmpty()) {
            return Resolution.failed("unknown token");
        }
        TokenDao.TokenRow r = found.get().token();
        long now = micros(clock.instant());
        if (r.revokedAt().isPresent()) {
            return Resolution.failed("the token was revoked");
        }
        if (r.expiresAt().isPresent() && r.expiresAt().getAsLong() <= now) {
            return Resolution.failed("the token expired");
        }
        NodePrincipal principal = found.get().principal();
        if (principal.disabled()) {
            return Resolution.failed("the token's principal is disabled");
        }
        return new Resolution(
                Optional.of(principal),
                null,
                Optional.of(
                        new KeptToken(hash, principal, found.get().storedRoles(), r.expiresAt())));
    }

    /**
     * A principal's token as lists show it: never its secret nor its hash. {@code ref} names it for
     * a revocation: the start of a SHA-256 of its hash, from which neither can be found.
     */
    public record Listed(
            String ref,
            String label,
            Instant created,
            Optional<Instant> expires,
            Optional<Instant> revoked) {
        public Listed {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(expires, "expires");
            Objects.requireNonNull(revoked, "revoked");
        }
    }

    /** A principal's tokens (id or name), oldest first, revoked and expired ones included. */
    public List<Listed> listFor(String principal) {
        NodePrincipal p = principals.require(principal);
        return tokens.byPrincipal(p.id()).stream()
                .map(
                        r ->
                                new Listed(
                                        ref(r.hash()),
                                        r.label(),
                                        instant(r.createdAt()),
                                        optional(r.expiresAt()),
                                        optional(r.revokedAt())))
                .toList();
    }

    /** Revokes a principal's token named by its {@link Listed#ref}; false when none is active. */
    public boolean revokeListed(String principal, String ref) {
        return db.inTransaction(
                () -> {
                    NodePrincipal p = principals.require(principal);
                    return tokens.byPrincipal(p.id()).stream()
                            .filter(r -> ref(r.hash()).equals(ref))
                            .findFirst()
                            .map(r -> tokens.revoke(r.hash(), micros(clock.instant())) > 0)
                            .orElse(false);
                });
    }

    private static String ref(String hash) {
        return hash("ref:" + hash).substring(0, 24);
    }

    private static Optional<Instant> optional(OptionalLong micros) {
        return micros.isPresent() ? Optional.of(instant(micros.getAsLong())) : Optional.empty();
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Revokes a token at once; false when no active token matches. */
    public boolean revoke(String token) {
        return tokens.revoke(hash(token), micros(clock.instant())) > 0;
    }

    /**
     * The outcome of resolving a token: a principal, or the reason there is none.
     *
     * @param kept what a TAXII read may keep of it (ADR 0039), when there is a principal
     */
    public record Resolution(
            Optional<NodePrincipal> principal, String failure, Optional<KeptToken> kept) {
        static Resolution failed(String why) {
            return new Resolution(Optional.empty(), why, Optional.empty());
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
