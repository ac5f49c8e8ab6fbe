package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;
import static org.entente.server.testing.Fixtures.indicator;
import static org.entente.server.testing.Fixtures.newId;

import java.time.Clock;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.NodeSetup;
import org.entente.server.db.Dialect;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.testing.Databases;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RestartTest {
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void statusResourcesAndObjectsSurviveARestart(Dialect dialect) {
        String url = Databases.fresh(dialect);
        String id = newId("indicator");
        String statusId;
        String before;
        try (TestNode first = TestNode.start(dialect, url)) {
            Response posted =
                    first.admin()
                            .post(
                                    "/taxii2/api/collections/threat-intel/objects/",
                                    envelope(
                                            indicator(id, "2024-01-01T00:00:00.000Z"),
                                            "{\"type\":\"x\"}"));
            statusId = posted.json().get("id").stringValue();
            before = first.admin().get("/taxii2/api/status/" + statusId + "/").text();
        }
        try (TestNode second = TestNode.start(dialect, url)) {
            Response status = second.admin().get("/taxii2/api/status/" + statusId + "/");
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.text()).isEqualTo(before);
            assertThat(
                            second.admin()
                                    .get("/taxii2/api/collections/threat-intel/objects/" + id + "/")
                                    .status())
                    .isEqualTo(200);
            // setup at start is idempotent: still exactly five collections
            assertThat(second.admin().get("/taxii2/api/collections/").json().get("collections"))
                    .hasSize(5);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theFirstStartCreatesAnAdminTokenOnceAndOnlyOnce(Dialect dialect) {
        NodeSettings settings =
                NodeSettings.forDatabase(
                        null,
                        Databases.fresh(dialect),
                        Databases.user(dialect),
                        Databases.password(dialect));
        try (Node node = new Node(settings, Clock.systemUTC())) {
            NodeSetup.Outcome first = NodeSetup.ensure(node);
            assertThat(first.createdAdmin()).isTrue();
            String token = first.newAdminToken().orElseThrow();
            assertThat(token).startsWith("ent_");
            assertThat(node.tokens().resolve(token).principal()).isPresent();
            NodeSetup.Outcome second = NodeSetup.ensure(node);
            assertThat(second.createdAdmin()).isFalse();
            assertThat(second.newAdminToken()).isEmpty();
        }
    }
}
