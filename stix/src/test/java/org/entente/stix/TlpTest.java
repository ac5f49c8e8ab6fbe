package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class TlpTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        // TLP 2.0 (OASIS extension)
        "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487, CLEAR",
        "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb, GREEN",
        "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421, AMBER",
        "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003, AMBER_STRICT",
        "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1, RED",
        // TLP 1.0 (STIX 2.1 section 7.2.1.4); WHITE reads as CLEAR
        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9, CLEAR",
        "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da, GREEN",
        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82, AMBER",
        "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed, RED"
    })
    void readsTheLevelOfTlpOneAndTwoMarkingIds(String id, Tlp level) {
        assertThat(Tlp.ofMarkingId(id)).contains(level);
    }

    @Test
    void knowsNoLevelForOtherMarkingDefinitions() {
        assertThat(Tlp.ofMarkingId("marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd"))
                .isEmpty();
    }

    @Test
    void givesEachLevelItsTlpTwoMarkingAndLabel() {
        assertThat(Tlp.AMBER_STRICT.markingId())
                .isEqualTo("marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003");
        assertThat(Tlp.AMBER_STRICT.label()).isEqualTo("TLP:AMBER+STRICT");
        for (Tlp level : Tlp.values()) {
            assertThat(Tlp.ofMarkingId(level.markingId())).contains(level);
        }
    }

    private static JsonNode marked(String json) {
        return StixJson.parse(json);
    }

    @Test
    void takesTheMostRestrictiveOfSeveralObjectMarkings() {
        JsonNode object =
                marked(
                        "{\"object_marking_refs\": ["
                                + "\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\","
                                + "\"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003\","
                                + "\"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421\"]}");

        assertThat(Tlp.of(object)).contains(Tlp.AMBER_STRICT);
    }

    @Test
    void mixesTlpOneAndTwoMarkingsByMeaning() {
        JsonNode whiteAndGreen =
                marked(
                        "{\"object_marking_refs\": ["
                                + "\"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9\","
                                + "\"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb\"]}");
        JsonNode redOneAmberTwo =
                marked(
                        "{\"object_marking_refs\": ["
                                + "\"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421\","
                                + "\"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed\"]}");

        assertThat(Tlp.of(whiteAndGreen)).contains(Tlp.GREEN);
        assertThat(Tlp.of(redOneAmberTwo)).contains(Tlp.RED);
    }

    @Test
    void countsGranularMarkingsBecauseWholeObjectsAreShared() {
        JsonNode object =
                marked(
                        "{\"object_marking_refs\":"
                                + " [\"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487\"],"
                                + " \"granular_markings\": ["
                                + " {\"selectors\": [\"description\"], \"lang\": \"de\"},"
                                + " {\"selectors\": [\"description\"], \"marking_ref\":"
                                + " \"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1\"}]}");

        assertThat(Tlp.of(object)).contains(Tlp.RED);
    }

    @Test
    void findsNoLevelOnAnUnmarkedObjectOrOneWithOtherMarkings() {
        assertThat(Tlp.of(marked("{\"type\": \"indicator\"}"))).isEmpty();
        assertThat(
                        Tlp.of(
                                marked(
                                        "{\"object_marking_refs\":"
                                                + " [\"marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd\", 7]}")))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "clear, CLEAR",
        "TLP:WHITE, CLEAR",
        "green, GREEN",
        "Amber, AMBER",
        "TLP:AMBER+STRICT, AMBER_STRICT",
        "amber_strict, AMBER_STRICT",
        "amber-strict, AMBER_STRICT",
        "' red ', RED"
    })
    void parsesTheUsualSpellingsOfALevel(String text, Tlp level) {
        assertThat(Tlp.parse(text)).isEqualTo(level);
    }

    @Test
    void refusesSomethingThatIsNotATlpLevel() {
        assertThatThrownBy(() -> Tlp.parse("yellow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yellow' is not a TLP level");
    }
}
