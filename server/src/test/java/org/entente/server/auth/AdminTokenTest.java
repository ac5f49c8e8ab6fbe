package org.entente.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.NodeSetup;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Databases;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code ENTENTE_ADMIN_TOKEN}: as strong as a generated token, and registered once. */
class AdminTokenTest {
    private static final String FIRST = "ent_ZKq3v8Jw0bXy1T9nLm4Pq7Rs2Uv5Wx8Yz0Ab3Cd6Ef9";
    private static final String SECOND = "ent_Hj2Kl5Mn8Op1Qr4St7Uv0Wx3Yz6Ab9Cd2Ef5Gh8Ij1k";

    @TempDir Path dir;

    private NodeSetup.Outcome start(Dialect dialect, String url, String adminToken) {
        try (Node node = node(dialect, url, adminToken)) {
            return NodeSetup.ensure(node);
        }
    }

    private Node node(Dialect dialect, String url, String adminToken) {
        Map<String, String> env = new HashMap<>();
        env.put("ENTENTE_DATA_DIR", dir.toString());
        env.put("ENTENTE_DATABASE_URL", url);
        env.put("ENTENTE_DATABASE_USER", Databases.user(dialect));
        env.put("ENTENTE_DATABASE_PASSWORD", Databases.password(dialect));
        if (adminToken != null) {
            env.put("ENTENTE_ADMIN_TOKEN", adminToken);
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        "systemEnvironment",
                        new SystemEnvironmentPropertySource("systemEnvironment", Map.copyOf(env)));
        return new Node(NodeSettings.bind(environment), Clock.systemUTC());
    }

    private boolean works(Dialect dialect, String url, String token) {
        try (Node node = node(dialect, url, null)) {
            return node.tokens().resolve(token).principal().isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aWeakAdminTokenIsRefusedWithTheReason(Dialect dialect) {
        String url = Databases.fresh(dialect);

        assertThatThrownBy(() -> start(dialect, url, "ent_secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ENTENTE_ADMIN_TOKEN")
                .hasMessageContaining("at least 43 characters")
                .hasMessageNotContaining("ent_secret");
        assertThatThrownBy(
                        () -> start(dialect, url, "correct-horse-battery-staple-0123456789-abcde"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with 'ent_'");
        assertThatThrownBy(() -> start(dialect, url, "ent_" + "a".repeat(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not look random");
        assertThatThrownBy(() -> start(dialect, url, "ent_" + "Ab3=".repeat(12)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A-Z, a-z, 0-9, '-' and '_'");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void theAdminTokenIsRegisteredAtFirstSetupAndNotAgainOnEveryStart(Dialect dialect) {
        String url = Databases.fresh(dialect);

        NodeSetup.Outcome first = start(dialect, url, FIRST);
        NodeSetup.Outcome second = start(dialect, url, SECOND);

        assertThat(first.createdAdmin()).isTrue();
        assertThat(second.createdAdmin()).isFalse();
        assertThat(works(dialect, url, FIRST)).isTrue();
        assertThat(works(dialect, url, SECOND)).as("a changed ENTENTE_ADMIN_TOKEN").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aRevokedAdminTokenStaysRevokedAcrossRestarts(Dialect dialect) {
        String url = Databases.fresh(dialect);
        start(dialect, url, FIRST);
        try (Node node = node(dialect, url, null)) {
            assertThat(node.tokens().revoke(FIRST)).isTrue();
        }

        start(dialect, url, FIRST);

        assertThat(works(dialect, url, FIRST)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anAdminTokenGivenAfterTheFirstStartIsRegisteredOnce(Dialect dialect) {
        String url = Databases.fresh(dialect);
        NodeSetup.Outcome generated = start(dialect, url, null);
        assertThat(generated.newAdminToken()).isPresent();

        start(dialect, url, FIRST);
        start(dialect, url, SECOND);

        assertThat(works(dialect, url, generated.newAdminToken().orElseThrow())).isTrue();
        assertThat(works(dialect, url, FIRST)).isTrue();
        assertThat(works(dialect, url, SECOND)).isFalse();
    }

    /**
     * A served node is set up before its port opens: a client given the configured admin token (or
     * a partner polling a fresh node) never hears that the token is unknown or the collection
     * missing because its first request came while the node was still setting itself up.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aServedNodeIsSetUpBeforeItsPortOpens(Dialect dialect) {
        AtomicReference<String> atOpen = new AtomicReference<>("the port never opened");
        ApplicationListener<WebServerInitializedEvent> listener =
                opened -> {
                    Node node = opened.getApplicationContext().getBean(Node.class);
                    Tokens.Resolution admin = node.tokens().resolve(TestNode.ADMIN_TOKEN);
                    atOpen.set(
                            admin.principal().isEmpty()
                                    ? "the admin token: " + admin.failure()
                                    : node.catalog().find("threat-intel").isEmpty()
                                            ? "no collection threat-intel"
                                            : "set up");
                };
        try (TestNode node = TestNode.start(dialect, listener)) {
            assertThat(atOpen.get()).isEqualTo("set up");
        }
    }
}
