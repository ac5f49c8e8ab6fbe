package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
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
    void findsNoLevelOnAnUnmarkedObject() {
        assertThat(Tlp.of(marked("{\"type\": \"indicator\"}"))).isEmpty();
        assertThat(Tlp.of(marked("{\"type\": \"indicator\"}"), MarkingLookup.NONE)).isEmpty();
    }

    private static final String OWN_RED =
            "marking-definition--3d0c7b0a-5c5e-4f1c-9d4e-0f2b6a1e7c21";
    private static final String STATEMENT =
            "marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd";

    /** An envelope's own marking definitions, read by meaning. */
    private static MarkingLookup envelope() {
        return MarkingLookup.of(
                java.util.List.of(
                        marked(
                                ("{\"type\": \"marking-definition\", \"spec_version\": \"2.1\","
                                                + " \"id\": \"%s\", \"created\":"
                                                + " \"2022-10-01T00:00:00.000Z\", \"extensions\":"
                                                + " {\"%s\": {\"extension_type\":"
                                                + " \"property-extension\", \"tlp_2_0\": \"red\"}}}")
                                        .formatted(OWN_RED, Tlp.TLP2_EXTENSION)),
                        marked(
                                ("{\"type\": \"marking-definition\", \"spec_version\": \"2.1\","
                                                + " \"id\": \"%s\", \"created\":"
                                                + " \"2017-06-01T00:00:00.000Z\","
                                                + " \"definition_type\": \"statement\","
                                                + " \"definition\": {\"statement\": \"(c) us\"}}")
                                        .formatted(STATEMENT))));
    }

    @Test
    void readsRedFromTheContentOfAMarkingDefinitionUnderItsOwnId() {
        JsonNode indicator = marked("{\"object_marking_refs\": [\"" + OWN_RED + "\"]}");

        assertThat(Tlp.of(indicator, envelope())).contains(Tlp.RED);
    }

    @Test
    void readsRedFromAGranularMarkingThroughTheLookup() {
        JsonNode indicator =
                marked(
                        "{\"object_marking_refs\": [\""
                                + Tlp.GREEN.markingId()
                                + "\"], \"granular_markings\": [{\"selectors\": [\"name\"],"
                                + " \"marking_ref\": \""
                                + OWN_RED
                                + "\"}]}");

        assertThat(Tlp.of(indicator, envelope())).contains(Tlp.RED);
    }

    @Test
    void ignoresAStatementMarkingForTlp() {
        JsonNode statementOnly = marked("{\"object_marking_refs\": [\"" + STATEMENT + "\"]}");
        JsonNode statementAndGreen =
                marked(
                        "{\"object_marking_refs\": [\""
                                + STATEMENT
                                + "\", \""
                                + Tlp.GREEN.markingId()
                                + "\"]}");

        assertThat(Tlp.of(statementOnly, envelope())).isEmpty();
        assertThat(Tlp.of(statementAndGreen, envelope())).contains(Tlp.GREEN);
    }

    @Test
    void countsAMarkingTheLookupCannotResolveAsRed() {
        JsonNode object =
                marked(
                        "{\"object_marking_refs\": [\""
                                + Tlp.CLEAR.markingId()
                                + "\", \"marking-definition--0b9c5c7a-1d2e-4f3a-8b4c-5d6e7f8a9b0c\"]}");

        assertThat(Tlp.of(object, envelope())).contains(Tlp.RED);
    }

    @Test
    void countsEveryNonStandardMarkingAsRedWithoutALookup() {
        JsonNode object = marked("{\"object_marking_refs\": [\"" + STATEMENT + "\"]}");

        assertThat(Tlp.of(object)).contains(Tlp.RED);
    }

    @Test
    void countsTheStandardRedIdInUpperCaseAsRedNotAsUnmarked() {
        JsonNode object =
                marked(
                        "{\"object_marking_refs\":"
                                + " [\"marking-definition--E828B379-4E03-4974-9AC4-E53A884C97C1\"]}");

        assertThat(Tlp.ofMarkingId("marking-definition--E828B379-4E03-4974-9AC4-E53A884C97C1"))
                .isEmpty();
        assertThat(Tlp.of(object)).contains(Tlp.RED);
        assertThat(Tlp.of(object, envelope())).contains(Tlp.RED);
    }

    @Test
    void countsAMarkingWhoseMeaningIsUnknownAsRed() {
        MarkingLookup lookup =
                id -> Optional.of(new MarkingMeaning.Unknown("an extension nobody here reads"));
        JsonNode object = marked("{\"object_marking_refs\": [\"" + OWN_RED + "\"]}");

        assertThat(Tlp.of(object, lookup)).contains(Tlp.RED);
    }

    @Test
    void countsMalformedMarkingReferencesAsRed() {
        assertThat(Tlp.of(marked("{\"object_marking_refs\": [7]}"), envelope())).contains(Tlp.RED);
        assertThat(Tlp.of(marked("{\"object_marking_refs\": \"" + Tlp.CLEAR.markingId() + "\"}")))
                .contains(Tlp.RED);
        assertThat(Tlp.of(marked("{\"granular_markings\": {\"marking_ref\": \"x\"}}")))
                .contains(Tlp.RED);
        assertThat(Tlp.of(marked("{\"granular_markings\": [\"" + Tlp.CLEAR.markingId() + "\"]}")))
                .contains(Tlp.RED);
    }

    @Test
    void neverAsksTheLookupAboutTheTenStandardIds() {
        MarkingLookup liar = id -> Optional.of(new MarkingMeaning.Level(Tlp.CLEAR));
        JsonNode object = marked("{\"object_marking_refs\": [\"" + Tlp.AMBER.markingId() + "\"]}");

        assertThat(Tlp.of(object, liar)).contains(Tlp.AMBER);
    }

    @Test
    void takesTwoDefinitionsThatDisagreeUnderOneIdAsUnknown() {
        JsonNode clear =
                marked(
                        ("{\"type\": \"marking-definition\", \"id\": \"%s\", \"extensions\":"
                                        + " {\"%s\": {\"extension_type\": \"property-extension\","
                                        + " \"tlp_2_0\": \"clear\"}}}")
                                .formatted(OWN_RED, Tlp.TLP2_EXTENSION));
        MarkingLookup envelopeAndStore = MarkingLookup.of(java.util.List.of(clear)).and(envelope());
        JsonNode object = marked("{\"object_marking_refs\": [\"" + OWN_RED + "\"]}");

        assertThat(envelopeAndStore.meaningOf(OWN_RED))
                .get()
                .isInstanceOf(MarkingMeaning.Unknown.class);
        assertThat(Tlp.of(object, envelopeAndStore)).contains(Tlp.RED);
        assertThat(MarkingLookup.of(java.util.List.of(clear, clear)).meaningOf(OWN_RED))
                .contains(new MarkingMeaning.Level(Tlp.CLEAR));
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
