package org.entente.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.policy.AgreementsEndToEndTest.api;
import static org.entente.server.policy.AgreementsEndToEndTest.collectionWithEveryTlp;
import static org.entente.server.policy.AgreementsEndToEndTest.memorandum;
import static org.entente.server.policy.AgreementsEndToEndTest.names;
import static org.entente.server.policy.AgreementsEndToEndTest.parties;
import static org.entente.server.policy.KeptScopeTest.ledgerSize;
import static org.entente.server.testing.Fixtures.ids;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.entente.server.auth.Tokens;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.policy.AgreementsEndToEndTest.Parties;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import tools.jackson.databind.JsonNode;

/**
 * The TAXII reads keep a bearer token's resolution between requests and ask, in the reading
 * statement itself, that the token and its principal's row are still as kept (docs/adr/0039). A
 * change made behind the node's back (by SQL, as the command line in another process or a second
 * node would) must hold on the very next request on every read endpoint: a revoked, expired or
 * deleted token and a disabled principal are refused (401), including where the request would have
 * ended in another error that could tell the holder something; a principal whose row changed reads
 * as it is now. Every other endpoint resolves the token per request, as before.
 */
class KeptTokenTest {
    private static final String AMBER_BOTH =
            "{\"area\":\"awareness\",\"direction\":\"both\",\"tlp_ceiling\":\"amber\",\"onward\":\"none\"}";

    private record Setting(TestNode node, String token, String base, String amber) {
        TaxiiClient partner() {
            return node.client("Bearer " + token);
        }

        String object() {
            return base + "objects/" + amber + "/";
        }

        String hash() {
            return Tokens.hash(token);
        }

        String principalId() {
            return node.node()
                    .database()
                    .jdbc()
                    .sql("SELECT principal_id FROM tokens WHERE hash = :h")
                    .param("h", hash())
                    .query(String.class)
                    .single();
        }

        /** Runs {@code statement}, with :h the token's hash and :p its principal's id. */
        void sql(String statement) {
            String principal = principalId();
            node.node()
                    .database()
                    .jdbc()
                    .sql(statement)
                    .param("h", hash())
                    .param("p", principal)
                    .update();
        }

        int head() {
            TaxiiClient c = partner();
            return c.send(
                            c.request(object())
                                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                    .build())
                    .status();
        }

        /** The token is kept: a second read is served from its kept resolution. */
        Setting kept() {
            assertThat(partner().get(object()).status()).as("the first read").isEqualTo(200);
            assertThat(partner().get(object()).status()).as("a read kept").isEqualTo(200);
            return this;
        }
    }

    /** A partner with one agreement letting AMBER go, whose token is kept. */
    private static Setting partner(TestNode node) {
        Parties p = parties(node);
        String c = collectionWithEveryTlp(node, p.tag());
        memorandum(node, p, AMBER_BOTH);
        String base = "/taxii2/api/collections/" + c + "/";
        List<String> amber = new ArrayList<>();
        for (JsonNode o : node.admin().get(base + "objects/").json().get("objects")) {
            if (o.get("name").stringValue().equals("AMBER")) {
                amber.add(o.get("id").stringValue());
            }
        }
        assertThat(amber).hasSize(1);
        return new Setting(node, p.partnerToken(), base, amber.get(0)).kept();
    }

    /** A request of a read endpoint, or one that ends in another error but for the token. */
    private record Probe(String what, ToIntFunction<Setting> status) {}

    private static final List<Probe> PROBES =
            List.of(
                    new Probe("the object", s -> s.partner().get(s.object()).status()),
                    new Probe("HEAD of the object", Setting::head),
                    new Probe(
                            "its versions",
                            s -> s.partner().get(s.object() + "versions/").status()),
                    new Probe("the manifest", s -> s.partner().get(s.base + "manifest/").status()),
                    new Probe("the objects", s -> s.partner().get(s.base + "objects/").status()),
                    new Probe(
                            "an object that is not there, not a 404",
                            s ->
                                    s.partner()
                                            .get(
                                                    s.base
                                                            + "objects/indicator--00000000-0000-4000-8000-000000000000/")
                                            .status()),
                    new Probe(
                            "a malformed id, not a 400",
                            s -> s.partner().get(s.base + "objects/not-an-id/").status()),
                    new Probe(
                            "a collection that is not there, not a 404",
                            s ->
                                    s.partner()
                                            .get(
                                                    "/taxii2/api/collections/no-such-collection/objects/")
                                            .status()),
                    new Probe(
                            "an unknown API root, not a 404",
                            s ->
                                    s.partner()
                                            .get("/taxii2/nowhere/collections/x/objects/")
                                            .status()),
                    new Probe(
                            "a refused Accept, not a 406",
                            s -> {
                                TaxiiClient c = s.partner();
                                return c.send(
                                                c.request(s.object())
                                                        .header("Accept", "text/plain")
                                                        .GET()
                                                        .build())
                                        .status();
                            }),
                    new Probe(
                            "a bad filter, not a 400",
                            s -> s.partner().get(s.base + "objects/?limit=banana").status()));

    /**
     * Each probe is the first request after the change, while the token is kept: the guard in the
     * read's statement, or the check before an error answer, must catch it there. {@code undo}
     * reinstates the token before the next probe, which reads twice to have it kept again.
     */
    private static void refusedAtEachFirstRequest(Setting s, String change, String undo) {
        for (Probe p : PROBES) {
            s.sql(undo);
            s.kept();
            s.sql(change);
            assertThat(p.status().applyAsInt(s)).as(p.what()).isEqualTo(401);
        }
        Response refused = s.partner().get(s.object());
        assertThat(refused.header("WWW-Authenticate")).as("the challenge").isPresent();
    }

    /** Every probe answers 401: the first with the token kept, the others with it forgotten. */
    private static void refusedEverywhere(Setting s) {
        Response first = s.partner().get(s.object());
        assertThat(first.status()).as("the object, first").isEqualTo(401);
        assertThat(first.header("WWW-Authenticate")).as("its challenge").isPresent();
        for (Probe p : PROBES) {
            assertThat(p.status().applyAsInt(s)).as(p.what()).isEqualTo(401);
        }
    }

    @EachDatabase
    void aRevocationBehindTheNodesBackHoldsOnEveryReadEndpointAtOnce(TestNode node) {
        Setting s = partner(node);
        long before = ledgerSize(node);
        s.sql("UPDATE tokens SET revoked_at = 1 WHERE hash = :h");
        assertThat(s.partner().get(s.object()).status()).isEqualTo(401);
        assertThat(ledgerSize(node)).as("nothing disclosed, nothing recorded").isEqualTo(before);

        refusedAtEachFirstRequest(
                s,
                "UPDATE tokens SET revoked_at = 1 WHERE hash = :h",
                "UPDATE tokens SET revoked_at = NULL WHERE hash = :h");
        s.sql("UPDATE tokens SET revoked_at = NULL WHERE hash = :h");
        assertThat(s.partner().get(s.object()).status()).as("reinstated").isEqualTo(200);
    }

    @EachDatabase
    void aRevocationByTheUseCaseHoldsAtOnce(TestNode node) {
        Setting s = partner(node);
        assertThat(node.node().tokens().revoke(s.token())).isTrue();
        refusedEverywhere(s);
    }

    @EachDatabase
    void aDisabledPrincipalIsRefusedAtOnce(TestNode node) {
        Setting s = partner(node);
        s.sql("UPDATE principals SET disabled = 1 WHERE id = :p");
        refusedEverywhere(s);
        refusedAtEachFirstRequest(
                s,
                "UPDATE principals SET disabled = 1 WHERE id = :p",
                "UPDATE principals SET disabled = 0 WHERE id = :p");

        s.sql("UPDATE principals SET disabled = 0 WHERE id = :p");
        assertThat(s.partner().get(s.object()).status()).as("enabled again").isEqualTo(200);
    }

    @EachDatabase
    void aDeletedTokenIsRefusedAtOnce(TestNode node) {
        Setting s = partner(node);
        s.sql("DELETE FROM tokens WHERE hash = :h");
        refusedEverywhere(s);
    }

    @EachDatabase
    void anExpiryHoldsByTheClockAndByItsRow(TestNode node) {
        Setting first = partner(node);
        String principal = first.principalId();
        String expiring =
                node.node()
                        .tokens()
                        .issue(
                                principal,
                                "expiring",
                                Optional.of(node.clock().instant().plus(Duration.ofMinutes(1))));
        // a second node behind the same database, whose clock this test may move on
        try (TestNode second = TestNode.start(node.dialect(), node.databaseUrl())) {
            Setting s = new Setting(second, expiring, first.base(), first.amber()).kept();
            second.clock().advance(Duration.ofMinutes(2));
            refusedEverywhere(s);
        }

        String shortened = node.node().tokens().issue(principal, "shortened", Optional.empty());
        Setting t = new Setting(node, shortened, first.base(), first.amber()).kept();
        t.sql("UPDATE tokens SET expires_at = 1 WHERE hash = :h");
        refusedEverywhere(t);
        assertThat(first.partner().get(first.object()).status())
                .as("the principal's other token")
                .isEqualTo(200);
    }

    @EachDatabase
    void aPrincipalWhoseRowChangedReadsAsItIsNow(TestNode node) {
        // made first: a new organisation moves the agreements' generation, which would hide a
        // principal kept in its old organisation behind the kept scope's own guard
        Parties other = parties(node);
        Setting s = partner(node);
        s.sql("UPDATE principals SET name = name || '-renamed' WHERE id = :p");
        Response renamed = s.partner().get(s.object());
        assertThat(renamed.status()).as("renamed").isEqualTo(200);
        assertThat(names(renamed)).containsExactly("AMBER");

        // moved to an organisation with no agreement: what a request made now is told
        String elsewhere =
                node.node()
                        .database()
                        .jdbc()
                        .sql("SELECT id FROM organisations WHERE name = :n")
                        .param("n", other.partner())
                        .query(String.class)
                        .single();
        node.node()
                .database()
                .jdbc()
                .sql("UPDATE principals SET organisation_id = :o WHERE id = :p")
                .param("o", elsewhere)
                .param("p", s.principalId())
                .update();
        assertThat(s.partner().get(s.object()).status()).as("the object").isEqualTo(403);
        assertThat(s.partner().get(s.base + "manifest/").status())
                .as("the manifest")
                .isEqualTo(403);
    }

    @EachDatabase
    void everyOtherEndpointResolvesTheTokenPerRequest(TestNode node) {
        Setting s = partner(node);
        s.sql("UPDATE tokens SET revoked_at = 1 WHERE hash = :h");
        TaxiiClient c = s.partner();
        assertThat(c.get("/taxii2/api/collections/").status()).as("collections").isEqualTo(401);
        assertThat(c.get(s.base).status()).as("the collection").isEqualTo(401);
        assertThat(c.get("/taxii2/api/").status()).as("the API root").isEqualTo(401);
        assertThat(
                        c.post(
                                        s.base + "objects/",
                                        "{\"objects\":[]}"
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                .status())
                .as("adding objects")
                .isEqualTo(401);

        // an admin's token kept by a read does not open what only asks for the admin's role
        String admin =
                api(
                                node,
                                "POST",
                                "/api/v1/principals",
                                "{\"name\":\"adm-"
                                        + java.util.UUID.randomUUID()
                                        + "\",\"roles\":[\"admin\"]}")
                        .json()
                        .get("id")
                        .stringValue();
        String token =
                api(node, "POST", "/api/v1/principals/" + admin + "/tokens", "{}")
                        .json()
                        .get("token")
                        .stringValue();
        TaxiiClient a = node.client("Bearer " + token);
        assertThat(a.get(s.base + "objects/").status()).isEqualTo(200);
        assertThat(a.get(s.base + "objects/").status()).as("a read kept").isEqualTo(200);
        assertThat(metrics(a)).as("the metrics, before").isEqualTo(200);
        node.node()
                .database()
                .jdbc()
                .sql("UPDATE tokens SET revoked_at = 1 WHERE hash = :h")
                .param("h", Tokens.hash(token))
                .update();
        assertThat(metrics(a)).as("the metrics").isEqualTo(401);
        assertThat(a.get("/api/v1/principals").status()).as("the principals").isEqualTo(401);
    }

    @EachDatabase
    void aLocalReadersTokenIsKeptAndGuardedToo(TestNode node) {
        Collection c = node.newCollection();
        String token = node.tokenFor(c, true, false);
        TaxiiClient reader = node.client("Bearer " + token);
        String path = node.objectsPath(c);
        String id = Fixtures.newId("indicator");
        Response added =
                node.admin()
                        .post(
                                path,
                                Fixtures.envelope(
                                        Fixtures.indicator(id, "2024-01-01T00:00:00.000Z")));
        assertThat(added.status()).as(added.text()).isEqualTo(202);
        assertThat(added.json().get("success_count").intValue()).as(added.text()).isEqualTo(1);
        assertThat(reader.get(path).status()).isEqualTo(200);
        assertThat(ids(reader.get(path))).as("a read kept").containsExactly(id);
        assertThat(ids(reader.get(path.replace("objects/", "manifest/")))).containsExactly(id);

        // its grant is read for each request, kept token or not
        node.node()
                .database()
                .jdbc()
                .sql("DELETE FROM collection_grants WHERE collection_id = :c")
                .param("c", c.id())
                .update();
        assertThat(reader.get(path).status()).as("grant taken away").isEqualTo(404);

        Collection d = node.newCollection();
        String other = node.tokenFor(d, true, false);
        TaxiiClient second = node.client("Bearer " + other);
        assertThat(
                        node.admin()
                                .post(
                                        node.objectsPath(d),
                                        Fixtures.envelope(
                                                Fixtures.indicator(
                                                        Fixtures.newId("indicator"),
                                                        "2024-01-01T00:00:00.000Z")))
                                .status())
                .isEqualTo(202);
        assertThat(ids(second.get(node.objectsPath(d)))).hasSize(1);
        assertThat(ids(second.get(node.objectsPath(d)))).as("a read kept").hasSize(1);
        assertThat(node.node().tokens().revoke(other)).isTrue();
        assertThat(second.get(node.objectsPath(d)).status()).as("revoked").isEqualTo(401);
        assertThat(second.get(node.objectsPath(d).replace("objects/", "manifest/")).status())
                .as("its manifest")
                .isEqualTo(401);
    }

    /**
     * A page that finds nothing is believed once one statement has found the kept token, its
     * principal and the agreements' generation as the read's own statement asked them: a client
     * polling for what is new costs no fresh lookup of its token. Any change still sends it the
     * fresh way.
     */
    @EachDatabase
    void anEmptyPageIsBelievedWithoutLookingTheTokenUpWhileNothingChanged(TestNode node) {
        Setting first = partner(node);
        // a node of its own behind the same database: only this test's requests count on it
        try (TestNode second = TestNode.start(node.dialect(), node.databaseUrl())) {
            Setting s = new Setting(second, first.token(), first.base(), first.amber()).kept();
            String poll = s.base() + "objects/?added_after=2099-01-01T00:00:00.000Z";
            double before = lookups(second);
            for (int i = 0; i < 3; i++) {
                Response nothing = s.partner().get(poll);
                assertThat(nothing.status()).as("a poll").isEqualTo(200);
                assertThat(nothing.json().has("objects")).as("nothing new").isFalse();
            }
            assertThat(
                            s.partner()
                                    .get(
                                            s.base()
                                                    + "objects/indicator--00000000-0000-4000-8000-000000000000/")
                                    .status())
                    .as("an object that is not there")
                    .isEqualTo(404);
            assertThat(lookups(second)).as("the token looked up").isEqualTo(before);

            parties(node); // a new organisation moves the agreements' generation
            assertThat(s.partner().get(poll).status()).as("a poll after").isEqualTo(200);
            assertThat(lookups(second)).as("looked up after a change").isEqualTo(before + 1);

            s.sql("UPDATE tokens SET revoked_at = 1 WHERE hash = :h");
            Response refused = s.partner().get(poll);
            assertThat(refused.status()).as("a poll once revoked").isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).as("the challenge").isPresent();
        }
    }

    /** How often the node has looked up a TAXII read's bearer token. */
    private static double lookups(TestNode node) {
        return node.bean(MeterRegistry.class).counter("entente.auth.tokens.resolved").count();
    }

    private static int metrics(TaxiiClient c) {
        return c.send(
                        c.request("/actuator/prometheus")
                                .header("Accept", "text/plain")
                                .GET()
                                .build())
                .status();
    }
}
