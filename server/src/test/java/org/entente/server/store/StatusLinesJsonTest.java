package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chunk's status lines as they are stored: written straight out, they read back as the lines they
 * were, text needing escapes included, and are the same text a tree of them would have been.
 */
class StatusLinesJsonTest {
    private static final List<StatusDetail> LINES =
            List.of(
                    StatusDetail.success(
                            "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                            "2026-12-07T12:00:00.000Z"),
                    StatusDetail.success(
                            "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                            "2026-12-07T12:00:00.000Z",
                            "already held: identical"),
                    StatusDetail.failure(
                            "object 7",
                            "unknown",
                            "Duplicate Object property \"name\" at line 3\n\tand a \\ with é, 中 and"
                                    + " \u0001"));

    @Test
    void linesReadBackAsTheyWereWithEveryEscape() {
        JsonNode back = StixJson.parse(StatusDao.json(LINES));
        assertThat(back.size()).isEqualTo(LINES.size());
        for (int i = 0; i < LINES.size(); i++) {
            StatusDetail d = LINES.get(i);
            JsonNode line = back.get(i);
            assertThat(line.get("id").stringValue()).isEqualTo(d.id());
            assertThat(line.get("version").stringValue()).isEqualTo(d.version());
            assertThat(line.has("message")).isEqualTo(d.message().isPresent());
            d.message().ifPresent(m -> assertThat(line.get("message").stringValue()).isEqualTo(m));
        }
    }

    @Test
    void theTextIsWhatATreeOfTheLinesWouldHaveBeen() {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (StatusDetail d : LINES) {
            ObjectNode node = list.addObject();
            node.put("id", d.id()).put("version", d.version());
            d.message().ifPresent(m -> node.put("message", m));
        }
        assertThat(StatusDao.json(LINES)).isEqualTo(StixJson.mapper().writeValueAsString(list));
        assertThat(StatusDao.json(List.of())).isEqualTo("[]");
    }
}
