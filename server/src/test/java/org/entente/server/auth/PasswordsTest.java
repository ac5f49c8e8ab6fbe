package org.entente.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.NodeSetup;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Databases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Passwords} over a real database, with Caffeine's clock in the test's hand: what passed
 * bcrypt is taken again without it for the TTL, never longer, and never after a change.
 */
class PasswordsTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir Path dir;

    private final AtomicLong nanos = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private Node node(Dialect dialect) {
        Node node =
                new Node(
                        NodeSettings.forDatabase(
                                dir,
                                Databases.fresh(dialect),
                                Databases.user(dialect),
                                Databases.password(dialect)),
                        Clock.systemUTC());
        NodeSetup.ensure(node);
        return node;
    }

    private Passwords passwords(Node node, Duration ttl) {
        return new Passwords(node.principals(), new AuthSettings(ttl, 100L), nanos::get, meters);
    }

    private double checks() {
        return meters.get("entente.auth.password.checks").counter().count();
    }

    private static NodePrincipal user(Node node) {
        return node.principalUseCases()
                .create(
                        new Principals.NewPrincipal(
                                "user-" + System.nanoTime(),
                                Optional.empty(),
                                Set.of(Role.ANALYST),
                                Optional.of(PASSWORD),
                                Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void credentialsThatPassedAreTakenWithoutBcryptUntilTheirTtlEnds(Dialect dialect) {
        try (Node node = node(dialect)) {
            Passwords passwords = passwords(node, Duration.ofSeconds(60));
            NodePrincipal user = user(node);

            assertThat(passwords.check(user.name(), PASSWORD)).contains(user);
            assertThat(checks()).isEqualTo(1.0);
            nanos.addAndGet(Duration.ofSeconds(59).toNanos());
            assertThat(passwords.check(user.name(), PASSWORD)).contains(user);
            assertThat(checks()).isEqualTo(1.0);
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
            assertThat(passwords.check(user.name(), PASSWORD)).contains(user);
            assertThat(checks()).isEqualTo(2.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void refusalsAreNeverRememberedAndEachCostsOneCheck(Dialect dialect) {
        try (Node node = node(dialect)) {
            Passwords passwords = passwords(node, Duration.ofSeconds(60));
            NodePrincipal user = user(node);

            assertThat(passwords.check(user.name(), "wrong horse battery")).isEmpty();
            assertThat(passwords.check(user.name(), "wrong horse battery")).isEmpty();
            assertThat(passwords.check("nobody", PASSWORD)).isEmpty();
            assertThat(checks()).isEqualTo(3.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aChangeOfThePrincipalEndsWhatWasRememberedWhoeverMadeIt(Dialect dialect) {
        try (Node node = node(dialect)) {
            Passwords passwords = passwords(node, Duration.ofSeconds(60));
            NodePrincipal user = user(node);
            assertThat(passwords.check(user.name(), PASSWORD)).isPresent();

            // disabled straight in the database, as another node would: this one is not told
            node.principals().setDisabled(user.id(), true);
            assertThat(passwords.check(user.name(), PASSWORD)).isEmpty();
            node.principals().setDisabled(user.id(), false);
            assertThat(passwords.check(user.name(), PASSWORD)).isPresent();
            double before = checks();

            node.principals().setPasswordHash(user.id(), passwords.hash("another long password"));
            assertThat(passwords.check(user.name(), PASSWORD)).isEmpty();
            assertThat(checks() - before).as("the refusal cost one check").isEqualTo(1.0);
            assertThat(passwords.check(user.name(), "another long password")).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void forgettingAPrincipalMakesItsNextRequestPayBcryptAgain(Dialect dialect) {
        try (Node node = node(dialect)) {
            Passwords passwords = passwords(node, Duration.ofSeconds(60));
            NodePrincipal user = user(node);
            NodePrincipal other = user(node);
            passwords.check(user.name(), PASSWORD);
            passwords.check(other.name(), PASSWORD);

            passwords.forget(user.id());

            assertThat(passwords.check(other.name(), PASSWORD)).isPresent();
            assertThat(checks()).isEqualTo(2.0);
            assertThat(passwords.check(user.name(), PASSWORD)).isPresent();
            assertThat(checks()).isEqualTo(3.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aZeroTtlChecksEveryRequest(Dialect dialect) {
        try (Node node = node(dialect)) {
            Passwords passwords = passwords(node, Duration.ZERO);
            NodePrincipal user = user(node);

            passwords.check(user.name(), PASSWORD);
            passwords.check(user.name(), PASSWORD);

            assertThat(checks()).isEqualTo(2.0);
        }
    }
}
