package org.entente.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;
import static org.entente.server.testing.Fixtures.indicator;
import static org.entente.server.testing.Fixtures.newId;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entente.server.auth.Grant;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.store.Visibility;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TaxiiClient.Response;
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
    void unknownTokenGets401(TestNode node) {
        Response r = node.client("Bearer ent_nope").get("/taxii2/api/collections/");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("description").stringValue()).contains("unknown token");
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
        assertThat(r.json().get("description").stringValue()).contains("expired");

        String revoked = node.node().tokens().issue(p.id(), "t", Optional.empty());
        assertThat(node.client("Bearer " + revoked).get("/taxii2/api/collections/").status())
                .isEqualTo(200);
        node.node().tokens().revoke(revoked);
        Response after = node.client("Bearer " + revoked).get("/taxii2/api/collections/");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("description").stringValue()).contains("revoked");
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
        assertThat(metrics.text()).contains("http_server_requests");
    }

    private static NodePrincipal principal(TestNode node) {
        NodePrincipal p =
                new NodePrincipal(
                        UUID.randomUUID().toString(),
                        "user-" + UUID.randomUUID(),
                        Set.copyOf(EnumSet.of(Role.ANALYST)),
                        false);
        node.node().principals().insert(p, System.currentTimeMillis() * 1000);
        return p;
    }
}
