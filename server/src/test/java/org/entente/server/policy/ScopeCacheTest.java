package org.entente.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.policy.AgreementsEndToEndTest.agreement;
import static org.entente.server.policy.AgreementsEndToEndTest.api;
import static org.entente.server.policy.AgreementsEndToEndTest.collectionWithEveryTlp;
import static org.entente.server.policy.AgreementsEndToEndTest.names;
import static org.entente.server.policy.AgreementsEndToEndTest.parties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.entente.server.db.Dialect;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.policy.AgreementsEndToEndTest.Parties;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The policy keeps the scopes it made in memory between requests (docs/adr/0016): every way an
 * agreement changes must show on the very next read, on this node and on another node sharing the
 * database, or objects leave that the agreements no longer let go. Each test first reads, so that
 * the scope being changed is the one kept.
 */
class ScopeCacheTest {
    private static final String AMBER_BOTH =
            "{\"area\":\"awareness\",\"direction\":\"both\",\"tlp_ceiling\":\"amber\",\"onward\":\"none\"}";
    private static final String GREEN_BOTH =
            "{\"area\":\"awareness\",\"direction\":\"both\",\"tlp_ceiling\":\"green\",\"onward\":\"none\"}";

    private static String objects(String collection) {
        return "/taxii2/api/collections/" + collection + "/objects/";
    }

    private static String created(TestNode node, String body) {
        Response r = api(node, "POST", "/api/v1/agreements", body);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").stringValue();
    }

    private static void amend(TestNode node, String id, String body) {
        Response r = api(node, "PUT", "/api/v1/agreements/" + id, body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    @EachDatabase
    void anAmendedCeilingHoldsOnTheNextRequest(TestNode node) {
        Parties p = parties(node);
        String c = collectionWithEveryTlp(node, p.tag());
        String title = "MOC " + p.tag();
        String id =
                created(node, agreement("moc", title, p.partner(), "2020-01-01", null, AMBER_BOTH));
        TaxiiClient partner = node.client("Bearer " + p.partnerToken());
        assertThat(names(partner.get(objects(c))))
                .containsExactlyInAnyOrder("CLEAR", "GREEN", "AMBER");

        amend(node, id, agreement("moc", title, p.partner(), "2020-01-01", null, GREEN_BOTH));
        assertThat(names(partner.get(objects(c))))
                .as("AMBER no longer goes once the ceiling is GREEN")
                .containsExactlyInAnyOrder("CLEAR", "GREEN");
    }

    @EachDatabase
    void aPartyRemovedReadsNothingOnTheNextRequest(TestNode node) {
        Parties p = parties(node);
        String c = collectionWithEveryTlp(node, p.tag());
        String title = "MOC " + p.tag();
        String id =
                created(node, agreement("moc", title, p.partner(), "2020-01-01", null, AMBER_BOTH));
        TaxiiClient partner = node.client("Bearer " + p.partnerToken());
        assertThat(names(partner.get(objects(c))))
                .containsExactlyInAnyOrder("CLEAR", "GREEN", "AMBER");

        // the same agreement, now with the constituent alone
        amend(node, id, agreement("moc", title, p.constituent(), "2020-01-01", null, AMBER_BOTH));
        assertThat(partner.get(objects(c)).status()).isEqualTo(403);
        assertThat(names(node.client("Bearer " + p.constituentToken()).get(objects(c))))
                .containsExactlyInAnyOrder("CLEAR", "GREEN", "AMBER");
    }

    /**
     * A change written by no code of the node (an operator's SQL, a tool, a node of another
     * version): the database's triggers move the generation all the same.
     */
    @EachDatabase
    void aChangeMadeInTheDatabaseDirectlyHoldsOnTheNextRequest(TestNode node) {
        Parties p = parties(node);
        String c = collectionWithEveryTlp(node, p.tag());
        String id =
                created(
                        node,
                        agreement(
                                "moc",
                                "MOC " + p.tag(),
                                p.partner(),
                                "2020-01-01",
                                null,
                                AMBER_BOTH));
        TaxiiClient partner = node.client("Bearer " + p.partnerToken());
        assertThat(names(partner.get(objects(c))))
                .containsExactlyInAnyOrder("CLEAR", "GREEN", "AMBER");

        node.node()
                .database()
                .jdbc()
                .sql("UPDATE agreement_areas SET tlp_ceiling = 'CLEAR' WHERE agreement_id = :a")
                .param("a", id)
                .update();
        assertThat(names(partner.get(objects(c)))).containsExactly("CLEAR");

        node.node()
                .database()
                .jdbc()
                .sql("UPDATE agreements SET status = 'SUSPENDED' WHERE id = :a")
                .param("a", id)
                .update();
        assertThat(partner.get(objects(c)).status()).isEqualTo(403);
    }

    /**
     * A node of its own, whose clock is moved: an agreement starts and stops sharing at its
     * effective and expiry times with no change to any table, even though its scope was kept.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theClockAloneStartsAndEndsSharingThoughTheScopeWasKept(Dialect dialect) {
        try (TestNode node = TestNode.start(dialect)) {
            Parties p = parties(node);
            String c = collectionWithEveryTlp(node, p.tag());
            Instant now = node.clock().instant();
            Instant from = now.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
            Instant until = now.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
            // one agreement in force throughout, so that the partner reads the collection and its
            // scope is kept before the second one starts
            created(
                    node,
                    agreement(
                            "moc",
                            "Standing " + p.tag(),
                            p.partner(),
                            "2020-01-01",
                            null,
                            "{\"area\":\"awareness\",\"direction\":\"both\",\"tlp_ceiling\":\"clear\",\"onward\":\"none\"}"));
            created(
                    node,
                    agreement(
                            "moc",
                            "Later " + p.tag(),
                            p.partner(),
                            from.toString(),
                            until.toString(),
                            AMBER_BOTH));
            TaxiiClient partner = node.client("Bearer " + p.partnerToken());
            assertThat(names(partner.get(objects(c)))).containsExactly("CLEAR");
            assertThat(names(partner.get(objects(c)))).containsExactly("CLEAR");

            node.clock().advance(Duration.between(node.clock().instant(), from));
            assertThat(names(partner.get(objects(c))))
                    .as("at the effective time")
                    .containsExactlyInAnyOrder("CLEAR", "GREEN", "AMBER");

            // the test clock runs on with the system's, so a minute's margin either side
            node.clock().advance(Duration.between(node.clock().instant(), until).minusMinutes(1));
            assertThat(names(partner.get(objects(c))))
                    .as("a minute before the expiry")
                    .containsExactlyInAnyOrder("CLEAR", "GREEN", "AMBER");
            node.clock().advance(Duration.ofMinutes(2));
            assertThat(names(partner.get(objects(c))))
                    .as("a minute after the expiry")
                    .containsExactly("CLEAR");
        }
    }

    /**
     * Two nodes behind one database, as a PostgreSQL deployment runs them: each keeps its own
     * scopes, and a change made through one holds on the other's next request.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aChangeMadeOnOneNodeHoldsOnTheOtherAtOnce(Dialect dialect) throws Exception {
        try (TestNode one = TestNode.start(dialect)) {
            Path otherDir = Files.createTempDirectory("entente-other-node");
            try (TestNode other =
                    TestNode.start(dialect, one.databaseUrl(), "entente.data-dir=" + otherDir)) {
                Parties p = parties(one);
                String c = collectionWithEveryTlp(one, p.tag());
                String title = "MOC " + p.tag();
                String id =
                        created(
                                one,
                                agreement(
                                        "moc", title, p.partner(), "2020-01-01", null, AMBER_BOTH));
                TaxiiClient partner = other.client("Bearer " + p.partnerToken());
                assertThat(names(partner.get(objects(c))))
                        .containsExactlyInAnyOrder("CLEAR", "GREEN", "AMBER");

                api(one, "POST", "/api/v1/agreements/" + id + "/suspend", "{\"note\":\"x\"}");
                assertThat(partner.get(objects(c)).status()).as("suspended").isEqualTo(403);

                api(one, "POST", "/api/v1/agreements/" + id + "/resume", null);
                assertThat(names(partner.get(objects(c))))
                        .as("resumed")
                        .containsExactlyInAnyOrder("CLEAR", "GREEN", "AMBER");

                amend(
                        one,
                        id,
                        agreement("moc", title, p.partner(), "2020-01-01", null, GREEN_BOTH));
                assertThat(names(partner.get(objects(c))))
                        .as("amended to GREEN")
                        .containsExactlyInAnyOrder("CLEAR", "GREEN");

                amend(
                        one,
                        id,
                        agreement("moc", title, p.constituent(), "2020-01-01", null, GREEN_BOTH));
                assertThat(partner.get(objects(c)).status())
                        .as("the partner no longer a party")
                        .isEqualTo(403);
            }
        }
    }
}
