package org.entente.server.console;

import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Passwords;
import org.entente.server.auth.PrincipalDao;
import org.entente.server.auth.Role;
import org.entente.server.db.Database;
import org.entente.server.error.ApiException;
import org.entente.server.federation.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * The use cases of a person's sign-in to the console: the password, the second factor (TOTP) and
 * its enrolment, the lock-out, and the audit of every step (docs/adr/0013). Timed by the node's
 * clock; everything it remembers is in the database, so that any node behind the same database
 * answers the next step and counts the same failures.
 *
 * <p>Who may sign in: enabled principals with a password and either roles of the local agency's
 * people only (admin, liaison, analyst, auditor), or the constituent role alone, whose people use
 * the portal (issue 11 item 9) and nothing else. Partner principals are other agencies' nodes, and
 * a principal mixing a constituent's role with the agency's is no person of either: both are
 * refused here as a wrong password is, so the page tells nothing of who exists or what they are.
 */
final class SignIns {
    private static final Logger LOG = LoggerFactory.getLogger(SignIns.class);

    /** This many failures of one name within {@link #WINDOW} lock it until they age out. */
    static final int MAX_FAILURES = 5;

    static final Duration WINDOW = Duration.ofMinutes(15);

    static final Set<Role> PEOPLE =
            EnumSet.of(Role.ADMIN, Role.LIAISON, Role.ANALYST, Role.AUDITOR);

    /** The roles of a constituent's people, who use the portal only. */
    static final Set<Role> PORTAL = EnumSet.of(Role.CONSTITUENT);

    private static final String ISSUER = "Entente";

    /**
     * Who is signing in or signed in, as the session keeps it: ids and names only, so that what the
     * session holds is never taken for the principal's current state (see {@link #current}).
     */
    public record Person(String principalId, String name, Set<Role> roles)
            implements Serializable, AuthenticatedPrincipal {
        public Person {
            Objects.requireNonNull(principalId, "principalId");
            Objects.requireNonNull(name, "name");
            roles = Set.copyOf(roles);
        }

        /** Whether the administration pages are offered (the pages check again, by the policy). */
        public boolean admin() {
            return roles.contains(Role.ADMIN);
        }

        /** Whether this is a constituent's person, who uses the portal and no other page. */
        public boolean constituent() {
            return roles.contains(Role.CONSTITUENT);
        }

        /** The name sessions are indexed by (Spring Session's principal name). */
        @Override
        public String getName() {
            return name;
        }
    }

    /** What a password step came to. */
    sealed interface PasswordStep {
        /** The password passed; the second factor must follow, or its enrolment. */
        record Passed(Person person, boolean enrolled) implements PasswordStep {}

        /** Refused, for a reason the person is not told. */
        record Refused() implements PasswordStep {}

        /** Too many failures of late: not checked. */
        record Locked() implements PasswordStep {}
    }

    /** What a second-factor step came to. */
    enum CodeStep {
        ACCEPTED,
        REFUSED,
        LOCKED
    }

    /** A secret offered for enrolment, not stored until its first code confirms it. */
    record Enrolment(String base32, String uri) implements Serializable {}

    private final Database db;
    private final SignInDao events;
    private final TotpDao totp;
    private final PrincipalDao principals;
    private final Passwords passwords;
    private final Secrets secrets;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** Where the sign-in steps are kept: the audit of every step, and the second factors. */
    record Stores(SignInDao events, TotpDao totp) {}

    SignIns(
            Database db,
            Stores stores,
            PrincipalDao principals,
            Passwords passwords,
            Secrets secrets,
            Clock clock) {
        this.db = db;
        this.events = stores.events();
        this.totp = stores.totp();
        this.principals = principals;
        this.passwords = passwords;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The first step: a name and a password. */
    PasswordStep password(String typedName, String password, String remote) {
        String name = cut(typedName == null ? "" : typedName, 200);
        if (locked(name)) {
            record(name, Optional.empty(), SignInOutcome.LOCKED, remote);
            return new PasswordStep.Locked();
        }
        // bcrypt outside any transaction: it takes as long for an unknown name as for a real one
        Optional<NodePrincipal> checked = passwords.check(name, password == null ? "" : password);
        if (checked.isEmpty()) {
            record(name, Optional.empty(), SignInOutcome.BAD_PASSWORD, remote);
            return new PasswordStep.Refused();
        }
        NodePrincipal p = checked.get();
        if (!isPerson(p)) {
            record(name, Optional.of(p.id()), SignInOutcome.NOT_PERMITTED, remote);
            return new PasswordStep.Refused();
        }
        record(name, Optional.of(p.id()), SignInOutcome.PASSWORD_PASSED, remote);
        return new PasswordStep.Passed(
                new Person(p.id(), p.name(), p.roles()), totp.find(p.id()).isPresent());
    }

    /** The second step of a person who passed the password and has enrolled. */
    CodeStep code(Person person, String code, String remote) {
        if (locked(person.name())) {
            record(person.name(), Optional.of(person.principalId()), SignInOutcome.LOCKED, remote);
            return CodeStep.LOCKED;
        }
        Instant now = clock.instant();
        Optional<TotpDao.Stored> stored = totp.find(person.principalId());
        OptionalLong step =
                stored.isEmpty()
                        ? OptionalLong.empty()
                        : Totp.matchingStep(
                                Totp.fromBase32(
                                        secrets.open(stored.get().sealed(), purpose(person))),
                                code == null ? "" : code,
                                now);
        boolean accepted =
                step.isPresent()
                        && current(person.principalId()).isPresent()
                        && totp.take(person.principalId(), step.getAsLong());
        record(
                person.name(),
                Optional.of(person.principalId()),
                accepted ? SignInOutcome.SIGNED_IN : SignInOutcome.BAD_CODE,
                remote);
        return accepted ? CodeStep.ACCEPTED : CodeStep.REFUSED;
    }

    /** A new secret for a person to enter in an authenticator app; nothing is stored yet. */
    Enrolment offer(Person person) {
        byte[] secret = Totp.newSecret(random);
        return new Enrolment(Totp.base32(secret), Totp.uri(ISSUER, person.name(), secret));
    }

    /**
     * Confirms an enrolment with the first code of the offered secret, which is then stored and
     * counts as the second factor of this sign-in. Refused when the code is wrong, and when the
     * person has enrolled meanwhile (another tab, another node): the stored secret stays.
     */
    CodeStep enrol(Person person, Enrolment offered, String code, String remote) {
        if (locked(person.name())) {
            record(person.name(), Optional.of(person.principalId()), SignInOutcome.LOCKED, remote);
            return CodeStep.LOCKED;
        }
        Instant now = clock.instant();
        byte[] secret = Totp.fromBase32(offered.base32());
        OptionalLong step = Totp.matchingStep(secret, code == null ? "" : code, now);
        boolean accepted =
                step.isPresent()
                        && db.inTransaction(
                                () -> {
                                    if (current(person.principalId()).isEmpty()
                                            || totp.find(person.principalId()).isPresent()) {
                                        return false;
                                    }
                                    totp.insert(
                                            person.principalId(),
                                            secrets.seal(offered.base32(), purpose(person)),
                                            micros(now),
                                            step.getAsLong());
                                    return true;
                                });
        record(
                person.name(),
                Optional.of(person.principalId()),
                accepted ? SignInOutcome.ENROLLED : SignInOutcome.BAD_CODE,
                remote);
        return accepted ? CodeStep.ACCEPTED : CodeStep.REFUSED;
    }

    /** Whether a person has a second factor enrolled. */
    boolean enrolled(Person person) {
        return totp.find(person.principalId()).isPresent();
    }

    /**
     * The person as the database has them now, or empty when they may no longer use the console
     * (disabled, removed, no longer a role of the agency's people): every console request asks, so
     * that a change made on any node ends the sessions it concerns at their next request.
     */
    Optional<Person> current(String principalId) {
        return principals
                .byId(principalId)
                .filter(this::isPerson)
                .map(p -> new Person(p.id(), p.name(), p.roles()));
    }

    /** Whether a principal has a second factor enrolled. */
    boolean enrolled(String principalId) {
        return totp.find(principalId).isPresent();
    }

    /** Which of these principals have a second factor enrolled, in one statement. */
    Set<String> enrolledAmong(Collection<String> principalIds) {
        return totp.enrolledAmong(principalIds);
    }

    /**
     * Deletes a person's second factor, so that they enrol a new one after their password at the
     * next sign-in, and audits it; false when there was none. The caller has checked that {@code
     * by} may administer people. Not one's own: the enrolment that follows would have to be
     * confirmed by a code from the very device that is lost, in a session that is still open.
     */
    boolean resetSecondFactor(NodePrincipal target, Person by, String remote) {
        if (target.id().equals(by.principalId())) {
            throw ApiException.conflict(
                    "an admin cannot reset their own second factor: another admin can");
        }
        boolean had =
                db.inTransaction(
                        () -> {
                            boolean found = totp.find(target.id()).isPresent();
                            totp.delete(target.id());
                            return found;
                        });
        if (had) {
            record(target.name(), Optional.of(target.id()), SignInOutcome.FACTOR_RESET, remote);
            // the event has no column for who did it: the log names the admin
            LOG.info(
                    "second factor of '{}' ({}) reset by '{}' ({})",
                    target.name(),
                    target.id(),
                    by.name(),
                    by.principalId());
        }
        return had;
    }

    void signedOut(Person person, String remote) {
        record(person.name(), Optional.of(person.principalId()), SignInOutcome.SIGNED_OUT, remote);
    }

    /** The latest audited steps, newest first. */
    List<SignInEvent> latest(int limit) {
        return events.latest(Math.max(1, Math.min(limit, 1000)));
    }

    private boolean isPerson(NodePrincipal p) {
        return !p.disabled()
                && !p.roles().isEmpty()
                && (PEOPLE.containsAll(p.roles()) || PORTAL.equals(p.roles()));
    }

    private boolean locked(String name) {
        return events.failuresSince(name, clock.instant().minus(WINDOW)) >= MAX_FAILURES;
    }

    private void record(
            String name, Optional<String> principalId, SignInOutcome outcome, String remote) {
        events.insert(
                new SignInEvent(
                        UUID.randomUUID().toString(),
                        clock.instant(),
                        name,
                        principalId,
                        outcome,
                        cut(remote == null ? "" : remote, 64)));
    }

    private static String purpose(Person person) {
        return "totp:" + person.principalId();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
