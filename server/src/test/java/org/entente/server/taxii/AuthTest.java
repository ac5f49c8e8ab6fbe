package org.entente.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;
import static org.entente.server.testing.Fixtures.indicator;
import static org.entente.server.testing.Fixtures.newId;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entente.server.auth.Grant;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.store.Visibility;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.springframework.security.crypto.password.PasswordEncoder;

class AuthTest {
    @EachDatabase
    void missingCredentialsGet401WithAChallenge(TestNode node) {
        Response r = node.anonymous().get("/taxii2/api/collections/");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate").orElseThrow()).contains("Basic").contains("Bearer");
        assertThat(r.json().get("http_status").stringValue()).isEqualTo("401");
    }

    @EachDatabase
    void expiredAndRevokedTokensGet401(TestNode node) {
        NodePrincipal p = principal(node);
        String expired =
                node.node()
                        .tokens()
                        .issue(
                                p.id(),
                                "t",
                                Optional.of(Instant.now().minus(Duration.ofMinutes(1))));
        Response r = node.client("Bearer " + expired).get("/taxii2/api/collections/");
        assertThat(r.status()).isEqualTo(401);

        String revoked = node.node().tokens().issue(p.id(), "t", Optional.empty());
        assertThat(node.client("Bearer " + revoked).get("/taxii2/api/collections/").status())
                .isEqualTo(200);
        node.node().tokens().revoke(revoked);
        Response after = node.client("Bearer " + revoked).get("/taxii2/api/collections/");
        assertThat(after.status()).isEqualTo(401);
    }

    @EachDatabase
    void tokensAreStoredOnlyAsHashes(TestNode node) {
        NodePrincipal p = principal(node);
        String token = node.node().tokens().issue(p.id(), "t", Optional.empty());
        Long plain =
                node.node()
                        .database()
                        .jdbc()
                        .sql("SELECT COUNT(*) FROM tokens WHERE hash = :t")
                        .param("t", token)
                        .query(Long.class)
                        .single();
        assertThat(plain).isZero();
        assertThat(
                        node.node()
                                .database()
                                .jdbc()
                                .sql("SELECT COUNT(*) FROM tokens WHERE principal_id = :p")
                                .param("p", p.id())
                                .query(Long.class)
                                .single())
                .isEqualTo(1);
    }

    @EachDatabase
    void basicAuthenticationWorksWithAHashedPassword(TestNode node) {
        Collection c = node.newCollection();
        NodePrincipal p = principal(node);
        PasswordEncoder encoder =
                org.springframework.security.crypto.factory.PasswordEncoderFactories
                        .createDelegatingPasswordEncoder();
        node.node().principals().setPasswordHash(p.id(), encoder.encode("correct horse"));
        node.node().principals().setGrant(p.id(), new Grant(c.id(), true, false));
        String good =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (p.name() + ":correct horse")
                                                .getBytes(StandardCharsets.UTF_8));
        String bad =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (p.name() + ":wrong").getBytes(StandardCharsets.UTF_8));
        assertThat(node.client(good).get(node.objectsPath(c)).status()).isEqualTo(200);
        assertThat(node.client(bad).get(node.objectsPath(c)).status()).isEqualTo(401);
    }

    /** The one answer to every credential the node refuses, whatever the reason. */
    static final String REFUSED =
            "Send a valid bearer token (Authorization: Bearer ent_...) or HTTP Basic credentials.";

    @EachDatabase
    void everyRefusedCredentialGetsOneAnswer(TestNode node) {
        Collection c = node.newCollection();
        NodePrincipal user = principal(node);
        password(node, user, "correct horse battery");
        NodePrincipal disabled = principal(node);
        password(node, disabled, "correct horse battery");
        String disabledToken = node.node().tokens().issue(disabled.id(), "t", Optional.empty());
        node.node().principals().setDisabled(disabled.id(), true);
        NodePrincipal noPassword = principal(node);
        String expired =
                node.node()
                        .tokens()
                        .issue(
                                user.id(),
                                "t",
                                Optional.of(Instant.now().minus(Duration.ofMinutes(1))));
        String revoked = node.node().tokens().issue(user.id(), "t", Optional.empty());
        node.node().tokens().revoke(revoked);
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("no credentials", null);
        refused.put("unknown token", "Bearer ent_" + "A".repeat(43));
        refused.put("malformed token", "Bearer not a token");
        refused.put("expired token", "Bearer " + expired);
        refused.put("revoked token", "Bearer " + revoked);
        refused.put("disabled principal's token", "Bearer " + disabledToken);
        refused.put("unknown user", basic("nobody-" + UUID.randomUUID(), "correct horse battery"));
        refused.put("wrong password", basic(user.name(), "wrong horse battery"));
        refused.put("disabled user", basic(disabled.name(), "correct horse battery"));
        refused.put("user without a password", basic(noPassword.name(), "correct horse battery"));
        refused.put("malformed basic", "Basic !!!");

        for (var e : refused.entrySet()) {
            Response r = node.client(e.getValue()).get(node.objectsPath(c));
            assertThat(r.status()).as(e.getKey()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate"))
                    .as(e.getKey())
                    .contains("Basic realm=\"Entente\", Bearer realm=\"Entente\"");
            assertThat(r.json().get("title").stringValue())
                    .as(e.getKey())
                    .isEqualTo("Authentication required");
            assertThat(r.json().get("description").stringValue()).as(e.getKey()).isEqualTo(REFUSED);
            assertThat(r.json().get("error_code").stringValue())
                    .as(e.getKey())
                    .isEqualTo("unauthenticated");
            assertThat(r.json().propertyNames())
                    .as(e.getKey())
                    .containsExactlyInAnyOrder(
                            "title", "description", "error_id", "error_code", "http_status");
        }
    }

    /**
     * Whether a user exists, is disabled or merely typed the wrong password must not show in how
     * long the refusal takes: each pays one bcrypt check. The kinds are interleaved so that a load
     * spike on the machine slows them alike, and medians ignore the odd slow request.
     */
    @EachDatabase
    void basicAuthenticationTakesAsLongWhateverTheReasonForRefusal(TestNode node) {
        Collection c = node.newCollection();
        NodePrincipal user = principal(node);
        password(node, user, "correct horse battery");
        NodePrincipal disabled = principal(node);
        password(node, disabled, "correct horse battery");
        node.node().principals().setDisabled(disabled.id(), true);
        NodePrincipal noPassword = principal(node);
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("unknown user", basic("nobody-" + UUID.randomUUID(), "correct horse battery"));
        kinds.put("wrong password", basic(user.name(), "wrong horse battery"));
        kinds.put("disabled user", basic(disabled.name(), "correct horse battery"));
        kinds.put("user without a password", basic(noPassword.name(), "correct horse battery"));
        Map<String, List<Long>> nanos = new LinkedHashMap<>();
        kinds.keySet().forEach(k -> nanos.put(k, new ArrayList<>()));
        int warmUp = 2;
        int rounds = 12;
        for (int round = 0; round < warmUp + rounds; round++) {
            for (var k : kinds.entrySet()) {
                long t0 = System.nanoTime();
                Response r = node.client(k.getValue()).get(node.objectsPath(c));
                long took = System.nanoTime() - t0;
                assertThat(r.status()).as(k.getKey()).isEqualTo(401);
                if (round >= warmUp) {
                    nanos.get(k.getKey()).add(took);
                }
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        nanos.forEach((k, v) -> medians.put(k, median(v) / 1e6));
        double fastest = medians.values().stream().mapToDouble(d -> d).min().orElseThrow();
        double slowest = medians.values().stream().mapToDouble(d -> d).max().orElseThrow();
        assertThat(slowest / fastest).as("median milliseconds: " + medians).isLessThan(3.0);
    }

    @EachDatabase
    void basicAuthenticationChecksAClientsPasswordOnceNotOnEveryRequest(TestNode node) {
        Collection c = node.newCollection();
        NodePrincipal user = principal(node);
        password(node, user, "correct horse battery");
        node.node().principals().setGrant(user.id(), new Grant(c.id(), true, true));
        String good = basic(user.name(), "correct horse battery");
        double before = passwordChecks(node);

        for (int i = 0; i < 20; i++) {
            assertThat(node.client(good).get(node.objectsPath(c)).status()).isEqualTo(200);
        }

        assertThat(passwordChecks(node) - before).isEqualTo(1.0);
        assertThat(node.client(basic(user.name(), "wrong horse battery")).get(node.objectsPath(c)))
                .extracting(Response::status)
                .isEqualTo(401);
        assertThat(passwordChecks(node) - before).isEqualTo(2.0);
    }

    @EachDatabase
    void aDisabledPrincipalIsRefusedOnItsNextRequestThoughItsPasswordWasJustChecked(TestNode node) {
        Collection c = node.newCollection();
        NodePrincipal user = principal(node);
        password(node, user, "correct horse battery");
        node.node().principals().setGrant(user.id(), new Grant(c.id(), true, false));
        String good = basic(user.name(), "correct horse battery");
        assertThat(node.client(good).get(node.objectsPath(c)).status()).isEqualTo(200);

        // as the command line or another node behind the same database would: no word to this
        // node's memory
        node.node().principals().setDisabled(user.id(), true);
        assertThat(node.client(good).get(node.objectsPath(c)).status()).isEqualTo(401);
        node.node().principals().setDisabled(user.id(), false);
        assertThat(node.client(good).get(node.objectsPath(c)).status()).isEqualTo(200);

        Agency admin = node.agency("admin");
        assertThat(
                        admin.call(
                                        "POST",
                                        "/api/v1/principals/" + user.id() + "/disable",
                                        "{}",
                                        "application/json")
                                .status())
                .isEqualTo(200);
        assertThat(node.client(good).get(node.objectsPath(c)).status()).isEqualTo(401);
    }

    @EachDatabase
    void aChangedPasswordEndsTheOldOneOnTheNextRequest(TestNode node) {
        Collection c = node.newCollection();
        NodePrincipal user = principal(node);
        password(node, user, "correct horse battery");
        node.node().principals().setGrant(user.id(), new Grant(c.id(), true, false));
        String old = basic(user.name(), "correct horse battery");
        assertThat(node.client(old).get(node.objectsPath(c)).status()).isEqualTo(200);

        Agency admin = node.agency("admin");
        assertThat(
                        admin.call(
                                        "PUT",
                                        "/api/v1/principals/" + user.id() + "/password",
                                        "{\"password\":\"a new and longer password\"}",
                                        "application/json")
                                .status())
                .isEqualTo(204);
        assertThat(node.client(old).get(node.objectsPath(c)).status()).isEqualTo(401);
        String fresh = basic(user.name(), "a new and longer password");
        assertThat(node.client(fresh).get(node.objectsPath(c)).status()).isEqualTo(200);

        // changed straight in the database, as another node behind it would
        password(node, user, "a third long password");
        assertThat(node.client(fresh).get(node.objectsPath(c)).status()).isEqualTo(401);
        assertThat(
                        node.client(basic(user.name(), "a third long password"))
                                .get(node.objectsPath(c))
                                .status())
                .isEqualTo(200);
    }

    private static String basic(String user, String password) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void password(TestNode node, NodePrincipal p, String password) {
        node.node().principals().setPasswordHash(p.id(), ENCODER.encode(password));
    }

    private static final PasswordEncoder ENCODER =
            org.springframework.security.crypto.factory.PasswordEncoderFactories
                    .createDelegatingPasswordEncoder();

    /** How many passwords the node has checked with bcrypt since it started. */
    private static double passwordChecks(TestNode node) {
        Response metrics =
                node.admin()
                        .send(
                                node.admin()
                                        .request("/actuator/prometheus")
                                        .header("Accept", "text/plain")
                                        .GET()
                                        .build());
        assertThat(metrics.status()).isEqualTo(200);
        return metrics.text()
                .lines()
                .filter(l -> l.startsWith("entente_auth_password_checks_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    @EachDatabase
    void readAndWriteAreGrantedPerCollection(TestNode node) {
        Collection c = node.newCollection();
        Collection other = node.newCollection();
        String reader = "Bearer " + node.tokenFor(c, true, false);
        String writer = "Bearer " + node.tokenFor(c, false, true);
        String body = envelope(indicator(newId("indicator"), "2024-01-01T00:00:00.000Z"));

        assertThat(node.client(reader).get(node.objectsPath(c)).status()).isEqualTo(200);
        Response readerPosts = node.client(reader).post(node.objectsPath(c), body);
        assertThat(readerPosts.status()).isEqualTo(403);
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isZero();

        assertThat(node.client(writer).post(node.objectsPath(c), body).status()).isEqualTo(202);
        assertThat(node.client(writer).get(node.objectsPath(c)).status()).isEqualTo(403);

        // a collection the principal has no right on does not exist for it
        assertThat(node.client(reader).get(node.objectsPath(other)).status()).isEqualTo(404);
        assertThat(node.client(reader).get("/taxii2/api/collections/" + other.id() + "/").status())
                .isEqualTo(404);
        Response list = node.client(reader).get("/taxii2/api/collections/");
        assertThat(list.json().get("collections")).hasSize(1);
        assertThat(list.json().get("collections").get(0).get("can_write").booleanValue()).isFalse();
    }

    @EachDatabase
    void deletingNeedsReadAndWrite(TestNode node) {
        Collection c = node.newCollection();
        String id = newId("indicator");
        node.admin().post(node.objectsPath(c), envelope(indicator(id, "2024-01-01T00:00:00.000Z")));
        String writer = "Bearer " + node.tokenFor(c, false, true);
        String reader = "Bearer " + node.tokenFor(c, true, false);
        assertThat(node.client(writer).delete(node.objectsPath(c) + id + "/").status())
                .isEqualTo(403);
        assertThat(node.client(reader).delete(node.objectsPath(c) + id + "/").status())
                .isEqualTo(403);
        assertThat(node.node().objects().count(c.id(), Visibility.all())).isEqualTo(1);
        String both = "Bearer " + node.tokenFor(c, true, true);
        assertThat(node.client(both).delete(node.objectsPath(c) + id + "/").status())
                .isEqualTo(200);
    }

    @EachDatabase
    void metricsAreForAdminsOnly(TestNode node) {
        Collection c = node.newCollection();
        assertThat(
                        node.client("Bearer " + node.tokenFor(c, true, true))
                                .get("/actuator/prometheus")
                                .status())
                .isEqualTo(403);
        Response metrics =
                node.admin()
                        .send(
                                node.admin()
                                        .request("/actuator/prometheus")
                                        .header("Accept", "text/plain")
                                        .GET()
                                        .build());
        assertThat(metrics.status()).isEqualTo(200);
        // every request is timed; no in-flight timer is kept per request (its cost on a GET of
        // one object, application.properties)
        assertThat(metrics.text())
                .contains("http_server_requests_seconds_count")
                .doesNotContain("http_server_requests_active");
    }

    private static NodePrincipal principal(TestNode node) {
        NodePrincipal p =
                new NodePrincipal(
                        UUID.randomUUID().toString(),
                        "user-" + UUID.randomUUID(),
                        Set.copyOf(EnumSet.of(Role.ANALYST)),
                        false,
                        node.node().organisations().local().orElseThrow().orgId());
        node.node().principals().insert(p, System.currentTimeMillis() * 1000);
        return p;
    }
}
