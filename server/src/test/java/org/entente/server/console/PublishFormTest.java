package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.node.ObjectNode;

/** The publish form's parts that need no node: times, paths to fields, the new version's stamp. */
class PublishFormTest {
    private static final String US = "identity--8424667c-8209-4637-983e-bf72760dd40f";

    private static PublishForm form(String kind, String... pairs) {
        MultiValueMap<String, String> posted = new LinkedMultiValueMap<>();
        posted.add("kind", kind);
        posted.add("tlp", Tlp.GREEN.name());
        for (int i = 0; i < pairs.length; i += 2) {
            posted.add(pairs[i], pairs[i + 1]);
        }
        return PublishForm.read(posted);
    }

    @Test
    void aNewVersionIsStampedNowOrAMillisecondAfterTheLastWhenTheClockIsBehind() {
        assertThat(
                        Publishing.bumped(
                                "2026-12-03T10:00:00.123456Z",
                                Instant.parse("2026-12-03T09:00:00Z")))
                .isEqualTo("2026-12-03T10:00:00.124Z");
        assertThat(Publishing.bumped("2026-12-03T10:00:00Z", Instant.parse("2026-12-03T11:30:00Z")))
                .isEqualTo("2026-12-03T11:30:00.000Z");
    }

    @Test
    void aPropertyPathLandsAtTheFieldOfItsTopProperty() {
        assertThat(PublishForm.fieldOf("external_references[0].url"))
                .isEqualTo("external_references");
        assertThat(PublishForm.fieldOf("object_refs[2]")).isEqualTo("object_refs");
        assertThat(PublishForm.fieldOf("name")).isEqualTo("name");
        assertThat(PublishForm.fieldOf("")).isEmpty();
    }

    @Test
    void aTimeFromThePickerIsReadInThePersonsZoneAndAStixTimestampAsItIs() {
        PublishForm f =
                form(
                        "sighting",
                        "sighting_of_ref",
                        "indicator--b553614e-7e29-40d3-be3b-71a97fd34f91",
                        "first_seen",
                        "2026-12-03T09:15",
                        "last_seen",
                        "2026-12-03T01:00:00.5Z");
        ObjectNode o =
                f.build(Instant.parse("2026-12-03T12:00:00Z"), US, ZoneId.of("Asia/Tokyo"))
                        .orElseThrow();
        assertThat(o.get("first_seen").stringValue()).isEqualTo("2026-12-03T00:15:00.000Z");
        assertThat(o.get("last_seen").stringValue()).isEqualTo("2026-12-03T01:00:00.5Z");
        assertThat(o.get("created_by_ref").stringValue()).isEqualTo(US);
        assertThat(o.get("object_marking_refs").get(0).stringValue())
                .isEqualTo(Tlp.GREEN.markingId());

        PublishForm bad = form("sighting", "sighting_of_ref", "nope", "first_seen", "yesterday");
        assertThat(bad.build(Instant.now(), US, ZoneId.of("UTC"))).isEmpty();
        assertThat(bad.mistakes().keySet()).containsExactly("sighting_of_ref", "first_seen");
        assertThat(bad.mistakes().get("first_seen").key()).isEqualTo("publish.error.time");
    }

    @Test
    void aTlpNotOfferedIsAMistakeAtItsField() {
        MultiValueMap<String, String> posted = new LinkedMultiValueMap<>();
        posted.add("kind", "course-of-action");
        posted.add("tlp", "PURPLE");
        posted.add("name", "n");
        PublishForm f = PublishForm.read(posted);
        assertThat(f.build(Instant.now(), US, ZoneId.of("UTC"))).isEmpty();
        assertThat(f.mistakes()).containsOnlyKeys("tlp");
    }

    @Test
    void thePatternCheckGivesTheEnginesReasonAndColumn() {
        PublishForm.PatternCheck bad = PublishForm.PatternCheck.of("[ipv4-addr:value = ]");
        assertThat(bad.ok()).isFalse();
        assertThat(bad.column()).isPositive();
        assertThat(bad.messageKey()).isEqualTo("publish.pattern.errorAt");
        assertThat(PublishForm.PatternCheck.of("[ipv4-addr:value = '10.0.0.1']").ok()).isTrue();
        assertThat(PublishForm.PatternCheck.of("  ").empty()).isTrue();
        assertThat(PublishForm.PatternCheck.of("x".repeat(PublishForm.TEXT_MAX + 1)).messageKey())
                .isEqualTo("publish.pattern.tooLong");
    }
}
