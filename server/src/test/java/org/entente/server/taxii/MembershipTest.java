package org.entente.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entente.server.testing.Fixtures.envelope;
import static org.entente.server.testing.Fixtures.newId;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.auth.Tokens;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.error.ApiException;
import org.entente.server.org.OrgId;
import org.entente.server.policy.Administration;
import org.entente.server.testing.Agency;
import org.entente.server.testing.Databases;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Every principal acts for exactly one recorded organisation, and its roles fit that organisation's
 * kind; nothing ever stands in for a missing organisation.
 */
class MembershipTest {
    private static final String RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

    /**
     * A node set up by an older version, where {@code token create --role partner} recorded a
     * partner-role principal with no organisation, which the policy then took for the local agency
     * (and so let it read TLP:RED). On upgrade, local-role principals join the local agency; the
     * others are disabled and lose their grants, and cannot be enabled into the local agency.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void legacyPrincipalsWithoutAnOrganisationJoinTheLocalAgencyOnlyWhenTheirRolesAreLocal(
            Dialect dialect) {
        String url = Databases.fresh(dialect);
        JdbcClient sql = JdbcClient.create(Databases.migratedTo(dialect, url, "4"));
        String collection = UUID.randomUUID().toString();
        String localOrg = UUID.randomUUID().toString();
        sql.sql(
                        "INSERT INTO api_roots (name, title, description, max_content_length)"
                                + " VALUES ('api', 'Entente node', NULL, 52428800)")
                .update();
        sql.sql(
                        """
                        INSERT INTO collections (id, seq, api_root, alias, title, description,
                                                 area, default_tlp, last_added, created_at)
                        VALUES (:id, 1, 'api', 'threat-intel', 'Threat intelligence', NULL,
                                'information-exchange', 'AMBER_STRICT', 0, 0)
                        """)
                .param("id", collection)
                .update();
        sql.sql(
                        """
                        INSERT INTO organisations (id, kind, name, country, sectors, contact,
                                                   identity_id, created_at)
                        VALUES (:id, 'LOCAL', 'Local agency', NULL, NULL, NULL, :identity, 0)
                        """)
                .param("id", localOrg)
                .param("identity", "identity--" + UUID.randomUUID())
                .update();
        String analystToken = legacy(sql, "legacy-analyst", "ANALYST", null, collection);
        String partnerToken = legacy(sql, "legacy-partner", "PARTNER", null, collection);
        // what the setup of older versions made of the one above at the next start
        String adoptedToken = legacy(sql, "adopted-partner", "PARTNER", localOrg, collection);

        try (TestNode node = TestNode.start(dialect, url)) {
            String red = newId("indicator");
            assertThat(
                            node.admin()
                                    .post(
                                            node.objectsPath(threatIntel(node)),
                                            envelope(redIndicator(red)))
                                    .status())
                    .isEqualTo(202);
            String objects = node.objectsPath(threatIntel(node));

            var analyst = node.client("Bearer " + analystToken).get(objects);
            assertThat(analyst.status()).isEqualTo(200);
            assertThat(analyst.text()).contains(red);
            for (String token : List.of(partnerToken, adoptedToken)) {
                var partner = node.client("Bearer " + token).get(objects);
                assertThat(partner.status()).isEqualTo(401);
                assertThat(partner.text()).doesNotContain(red);
            }
            JsonNode adopted = principalNamed(admin(node), "adopted-partner");
            assertThat(adopted.get("disabled").booleanValue()).isTrue();

            Agency admin = admin(node);
            JsonNode analystRow = principalNamed(admin, "legacy-analyst");
            assertThat(analystRow.get("organisation_id").stringValue()).isEqualTo(localOrg);
            assertThat(analystRow.get("disabled").booleanValue()).isFalse();
            JsonNode partnerRow = principalNamed(admin, "legacy-partner");
            assertThat(partnerRow.get("disabled").booleanValue()).isTrue();
            assertThat(
                            node.node()
                                    .database()
                                    .jdbc()
                                    .sql(
                                            "SELECT COUNT(*) FROM collection_grants"
                                                    + " WHERE principal_id = :p")
                                    .param("p", partnerRow.get("id").stringValue())
                                    .query(Long.class)
                                    .single())
                    .isZero();
            Agency.Answer enable =
                    admin.call(
                            "POST",
                            "/api/v1/principals/" + partnerRow.get("id").stringValue() + "/enable",
                            "{}",
                            "application/json");
            assertThat(enable.status()).isEqualTo(409);
            assertThat(enable.body()).contains("role partner does not fit a local organisation");
            assertThat(node.client("Bearer " + partnerToken).get(objects).status()).isEqualTo(401);
        }
    }

    @EachDatabase
    void aPrincipalOfAnOrganisationTheNodeDoesNotKnowIsDeniedNotTakenForTheLocalAgency(
            TestNode node) {
        NodePrincipal stray =
                new NodePrincipal(
                        UUID.randomUUID().toString(),
                        "stray-" + UUID.randomUUID(),
                        Set.of(Role.ADMIN),
                        false,
                        new OrgId("no-such-organisation"));
        Collection c = node.newCollection();

        assertThatThrownBy(() -> node.node().policy().isLocal(stray))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("is not recorded on this node");
        assertThatThrownBy(() -> node.node().policy().read(stray, c))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).kind())
                .isEqualTo(ApiException.Kind.FORBIDDEN);
        assertThatThrownBy(
                        () -> new Administration(node.node().policy()).require(stray, Role.ADMIN))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).kind())
                .isEqualTo(ApiException.Kind.FORBIDDEN);
    }

    @EachDatabase
    void aPrincipalRefusedOverRestIsNotHalfRecorded(TestNode node) {
        Agency admin = node.agency("admin");
        String name = "half-" + UUID.randomUUID();

        Agency.Answer refused =
                admin.call(
                        "POST",
                        "/api/v1/principals",
                        "{\"name\":\""
                                + name
                                + "\",\"roles\":[\"analyst\"],\"password\":\"short\"}",
                        "application/json");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("a password needs at least 12 characters");
        Agency.Answer again =
                admin.call(
                        "POST",
                        "/api/v1/principals",
                        "{\"name\":\""
                                + name
                                + "\",\"roles\":[\"analyst\"],\"password\":\"long enough now\"}",
                        "application/json");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
    }

    @EachDatabase
    void restRefusesARoleThatDoesNotFitTheOrganisation(TestNode node) {
        Agency admin = node.agency("admin");
        String partner = admin.organisation("partner", "Partner " + UUID.randomUUID(), "JP");

        Agency.Answer adminOfPartner =
                admin.call(
                        "POST",
                        "/api/v1/principals",
                        "{\"name\":\"x-"
                                + UUID.randomUUID()
                                + "\",\"organisation\":\""
                                + partner
                                + "\",\"roles\":[\"admin\"]}",
                        "application/json");
        Agency.Answer partnerOfLocal =
                admin.call(
                        "POST",
                        "/api/v1/principals",
                        "{\"name\":\"x-" + UUID.randomUUID() + "\",\"roles\":[\"partner\"]}",
                        "application/json");

        assertThat(adminOfPartner.status()).isEqualTo(400);
        assertThat(adminOfPartner.body())
                .contains("role admin does not fit a partner organisation");
        assertThat(partnerOfLocal.status()).isEqualTo(400);
        assertThat(partnerOfLocal.body())
                .contains("role partner does not fit a local organisation");
    }

    @EachDatabase
    void renamingAnOrganisationToAnotherOnesNameIsAConflict(TestNode node) {
        Agency admin = node.agency("admin");
        String first = "First " + UUID.randomUUID();
        String second = "Second " + UUID.randomUUID();
        admin.organisation("partner", first, "JP");
        String id = admin.organisation("partner", second, "KR");

        Agency.Answer clash =
                admin.call(
                        "PUT",
                        "/api/v1/organisations/" + id,
                        "{\"name\":\"" + first + "\",\"country\":\"KR\"}",
                        "application/json");

        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.body()).contains("an organisation named '" + first + "' exists already");
    }

    private static Agency admin(TestNode node) {
        return node.agency("admin");
    }

    /** A principal as an older version recorded it, with a grant and a token. */
    private static String legacy(
            JdbcClient sql, String name, String role, String organisation, String collection) {
        String id = UUID.randomUUID().toString();
        sql.sql(
                        """
                        INSERT INTO principals (id, name, roles, password_hash, disabled,
                                                created_at, organisation_id)
                        VALUES (:id, :name, :roles, NULL, 0, 0, :org)
                        """)
                .param("id", id)
                .param("name", name)
                .param("roles", role)
                .param("org", organisation)
                .update();
        sql.sql(
                        """
                        INSERT INTO collection_grants (principal_id, collection_id, can_read,
                                                       can_write)
                        VALUES (:p, :c, 1, 0)
                        """)
                .param("p", id)
                .param("c", collection)
                .update();
        String token = "ent_" + UUID.randomUUID() + UUID.randomUUID();
        sql.sql(
                        """
                        INSERT INTO tokens (hash, principal_id, label, created_at, expires_at,
                                            revoked_at)
                        VALUES (:hash, :p, 'cli', 0, NULL, NULL)
                        """)
                .param("hash", Tokens.hash(token))
                .param("p", id)
                .update();
        return token;
    }

    private static Collection threatIntel(TestNode node) {
        return node.node().collections().find("api", "threat-intel").orElseThrow();
    }

    private static JsonNode principalNamed(Agency admin, String name) {
        for (JsonNode p : admin.api("GET", "/api/v1/principals", null)) {
            if (p.get("name").stringValue().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no principal " + name);
    }

    private static String redIndicator(String id) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                "name":"red","pattern":"[ipv4-addr:value = '203.0.113.9']",\
                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z",\
                "object_marking_refs":["%s"]}"""
                .formatted(id, RED);
    }
}
