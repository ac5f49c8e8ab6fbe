package org.entente.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.indicator;
import static org.entente.server.testing.Fixtures.newId;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.store.Visibility;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import tools.jackson.databind.JsonNode;

/**
 * The status resource of a POST: counts always complete, its lines served in bounded pages, and the
 * truth about objects a failed request never reached.
 */
class StatusTest {
    /** The default of entente.limits.status-details-per-page. */
    private static final int PER_PAGE = 10_000;

    private static String emptyObjects(int n) {
        return "{\"objects\":[{}" + ",{}".repeat(n - 1) + "]}";
    }

    @EachDatabase
    void aStatusWithMoreLinesThanAPageIsServedInPagesWithCompleteCounts(TestNode node) {
        Collection c = node.newCollection();
        int perPage = PER_PAGE;
        int n = 2 * perPage + 500;
        Response posted = node.admin().post(node.objectsPath(c), emptyObjects(n));
        assertThat(posted.status()).as(posted.text()).isEqualTo(202);
        JsonNode first = posted.json();
        String id = first.get("id").stringValue();
        assertThat(first.get("total_count").intValue()).isEqualTo(n);
        assertThat(first.get("failure_count").intValue()).isEqualTo(n);
        assertThat(first.get("pending_count").intValue()).isZero();
        assertThat(first.get("failures").size()).isBetween(1, perPage);
        assertThat(first.get("x_entente_more").booleanValue()).isTrue();
        // the answer to the POST is the status's first page
        JsonNode again = node.admin().get("/taxii2/api/status/" + id + "/").json();
        assertThat(again.get("failures")).isEqualTo(first.get("failures"));
        assertThat(again.get("x_entente_next")).isEqualTo(first.get("x_entente_next"));

        List<String> lines = new ArrayList<>();
        JsonNode page = again;
        int pages = 1;
        while (true) {
            assertThat(page.get("total_count").intValue()).isEqualTo(n);
            assertThat(page.get("failure_count").intValue()).isEqualTo(n);
            assertThat(page.get("failures").size()).isLessThanOrEqualTo(perPage);
            page.get("failures").forEach(f -> lines.add(f.get("id").stringValue()));
            if (!page.path("x_entente_more").asBoolean(false)) {
                assertThat(page.has("x_entente_next")).isFalse();
                break;
            }
            String next = page.get("x_entente_next").stringValue();
            Response r = node.admin().get("/taxii2/api/status/" + id + "/?next=" + next);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            page = r.json();
            pages++;
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(lines).hasSize(n).doesNotHaveDuplicates();
        assertThat(lines.get(0)).isEqualTo("object 0");
        assertThat(lines.get(n - 1)).isEqualTo("object " + (n - 1));
    }

    @EachDatabase
    void aNextThatTheServerDidNotGiveIsABadRequest(TestNode node) {
        Collection c = node.newCollection();
        String id =
                node.admin()
                        .post(node.objectsPath(c), emptyObjects(3))
                        .json()
                        .get("id")
                        .stringValue();
        for (String bad : new String[] {"x", "-1", "99999999999"}) {
            Response r = node.admin().get("/taxii2/api/status/" + id + "/?next=" + bad);
            assertThat(r.status()).as(bad + ": " + r.text()).isEqualTo(400);
            assertThat(r.json().get("description").stringValue()).contains("next");
        }
    }

    /**
     * The database refuses one object in the middle of a POST (a trigger, as a failing disk or a
     * lost connection would): the objects before it stay stored, the answer is a 500 that names the
     * status, and the status counts the objects never reached as not processed.
     */
    @EachDatabase
    void aPostThatFailsMidwayAnswersWithItsStatusIdAndCountsTheRestAsNotProcessed(TestNode node) {
        Collection c = node.newCollection();
        int chunk = node.node().settings().chunkSize();
        int n = 2 * chunk + chunk / 2;
        List<String> objects = new ArrayList<>();
        String poison = null;
        for (int i = 0; i < n; i++) {
            String id = newId("indicator");
            if (i == chunk + 10) {
                poison = id;
            }
            objects.add(indicator(id, "2024-01-01T00:00:00.000Z"));
        }
        try (Poison trigger = Poison.on(node, poison)) {
            Response r =
                    node.admin()
                            .post(
                                    node.objectsPath(c),
                                    org.entente.server.testing.Fixtures.envelope(objects));
            assertThat(r.status()).as(r.text()).isEqualTo(500);
            JsonNode error = r.json();
            assertThat(error.get("description").stringValue()).contains("status");
            String statusId = error.get("details").get("status_id").stringValue();

            JsonNode status = node.admin().get("/taxii2/api/status/" + statusId + "/").json();
            assertThat(status.get("status").stringValue()).isEqualTo("complete");
            assertThat(status.get("total_count").intValue()).isEqualTo(n);
            assertThat(status.get("success_count").intValue()).isEqualTo(chunk);
            assertThat(status.get("failure_count").intValue()).isEqualTo(n - chunk);
            assertThat(status.get("pending_count").intValue()).isZero();
            JsonNode rest = status.get("failures").get(0);
            assertThat(rest.get("id").stringValue())
                    .isEqualTo("objects " + chunk + " to " + (n - 1));
            assertThat(rest.get("message").stringValue())
                    .contains("not processed")
                    .contains((n - chunk) + " objects");
            Set<String> listed = new HashSet<>();
            status.get("successes").forEach(s -> listed.add(s.get("id").stringValue()));
            assertThat(listed).hasSize(chunk);
            assertThat(node.node().objects().count(c.id(), Visibility.all())).isEqualTo(chunk);
        }
    }

    /** A trigger that makes the database refuse one object id, removed on close. */
    private record Poison(TestNode node) implements AutoCloseable {
        static Poison on(TestNode node, String id) {
            var jdbc = node.node().database().jdbc();
            if (node.dialect() == Dialect.SQLITE) {
                jdbc.sql(
                                """
                                CREATE TRIGGER entente_test_poison BEFORE INSERT ON objects
                                WHEN NEW.stix_id = '%s'
                                BEGIN SELECT RAISE(ABORT, 'poisoned by the test'); END
                                """
                                        .formatted(id))
                        .update();
            } else {
                jdbc.sql(
                                """
                                CREATE FUNCTION entente_test_poison() RETURNS trigger AS $$
                                BEGIN
                                  IF NEW.stix_id = '%s' THEN
                                    RAISE EXCEPTION 'poisoned by the test';
                                  END IF;
                                  RETURN NEW;
                                END $$ LANGUAGE plpgsql
                                """
                                        .formatted(id))
                        .update();
                jdbc.sql(
                                "CREATE TRIGGER entente_test_poison BEFORE INSERT ON objects"
                                        + " FOR EACH ROW EXECUTE FUNCTION entente_test_poison()")
                        .update();
            }
            return new Poison(node);
        }

        @Override
        public void close() {
            var jdbc = node.node().database().jdbc();
            if (node.dialect() == Dialect.SQLITE) {
                jdbc.sql("DROP TRIGGER entente_test_poison").update();
            } else {
                jdbc.sql("DROP TRIGGER entente_test_poison ON objects").update();
                jdbc.sql("DROP FUNCTION entente_test_poison()").update();
            }
        }
    }
}
