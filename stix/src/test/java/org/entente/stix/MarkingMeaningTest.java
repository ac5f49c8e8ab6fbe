package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A marking definition is read by what it says, not by its id: TLP 1.0 content, the OASIS TLP 2.0
 * extension, a statement, or something whose meaning cannot be established (which callers count as
 * RED).
 */
class MarkingMeaningTest {
    private static final String OWN_ID = "marking-definition--3d0c7b0a-5c5e-4f1c-9d4e-0f2b6a1e7c21";
    private static final String TLP2 = Tlp.TLP2_EXTENSION;

    private static MarkingMeaning read(String json) {
        return MarkingMeaning.of(StixJson.parse(json));
    }

    private static String tlp2(String id, String level) {
        return """
                {"type": "marking-definition", "spec_version": "2.1", "id": "%s",
                 "created": "2022-10-01T00:00:00.000Z", "name": "our own",
                 "extensions": {"%s": {"extension_type": "property-extension", "tlp_2_0": "%s"}}}
                """
                .formatted(id, TLP2, level);
    }

    private static String tlp1(String id, String level) {
        return """
                {"type": "marking-definition", "spec_version": "2.1", "id": "%s",
                 "created": "2017-01-20T00:00:00.000Z", "definition_type": "tlp",
                 "definition": {"tlp": "%s"}}
                """
                .formatted(id, level);
    }

    @ParameterizedTest(name = "tlp_2_0 {0} is {1}")
    @CsvSource({
        "clear, CLEAR",
        "green, GREEN",
        "amber, AMBER",
        "amber+strict, AMBER_STRICT",
        "red, RED"
    })
    void readsTheLevelOfTheTlpTwoExtensionUnderAnyId(String level, Tlp expected) {
        assertThat(read(tlp2(OWN_ID, level))).isEqualTo(new MarkingMeaning.Level(expected));
    }

    @ParameterizedTest(name = "tlp {0} is {1}")
    @CsvSource({"white, CLEAR", "green, GREEN", "amber, AMBER", "red, RED"})
    void readsTheLevelOfTlpOneContentUnderAnyId(String level, Tlp expected) {
        assertThat(read(tlp1(OWN_ID, level))).isEqualTo(new MarkingMeaning.Level(expected));
    }

    @Test
    void takesAStatementForAMarkingThatIsNotAboutTlp() {
        MarkingMeaning meaning =
                read(
                        """
                        {"type": "marking-definition", "spec_version": "2.1", "id": "%s",
                         "created": "2017-06-01T00:00:00.000Z", "definition_type": "statement",
                         "definition": {"statement": "Copyright 2024, Example Corp"}}
                        """
                                .formatted(OWN_ID));

        assertThat(meaning).isInstanceOf(MarkingMeaning.NotTlp.class);
        assertThat(meaning.restriction()).isEmpty();
    }

    @Test
    void givesTheTenStandardIdsTheirLevelWithOrWithoutContent() {
        assertThat(read(tlp2(Tlp.RED.markingId(), "red")))
                .isEqualTo(new MarkingMeaning.Level(Tlp.RED));
        assertThat(
                        read(
                                "{\"type\": \"marking-definition\", \"id\": \""
                                        + Tlp.AMBER_STRICT.markingId()
                                        + "\"}"))
                .isEqualTo(new MarkingMeaning.Level(Tlp.AMBER_STRICT));
        assertThat(read(tlp1("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red")))
                .isEqualTo(new MarkingMeaning.Level(Tlp.RED));
    }

    @Test
    void countsAnUnknownMeaningAsRed() {
        MarkingMeaning meaning = read(tlp2(OWN_ID, "mauve"));

        assertThat(meaning).isInstanceOf(MarkingMeaning.Unknown.class);
        assertThat(meaning.restriction()).contains(Tlp.RED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                // an unknown definition_type, or one spelled in another case
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"definition_type\": \"x-acme\","
                        + " \"definition\": {\"level\": \"secret\"}}",
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"definition_type\": \"TLP\","
                        + " \"definition\": {\"tlp\": \"green\"}}",
                // TLP 1.0 levels are lower case; a missing or other level means nothing known
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"definition_type\": \"tlp\","
                        + " \"definition\": {\"tlp\": \"GREEN\"}}",
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"definition_type\": \"tlp\","
                        + " \"definition\": {}}",
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"definition_type\": \"tlp\"}",
                // the TLP 2.0 extension without a level it defines
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"extensions\": {\"%2$s\":"
                        + " {\"extension_type\": \"property-extension\", \"tlp_2_0\": \"RED\"}}}",
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"extensions\": {\"%2$s\":"
                        + " {\"extension_type\": \"property-extension\"}}}",
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"extensions\": {\"%2$s\":"
                        + " {\"extension_type\": \"property-extension\", \"tlp_2_0\": [\"red\"]}}}",
                // an extension this node does not understand, alone
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"extensions\":"
                        + " {\"extension-definition--1f6a8e4b-2c3d-4e5f-8a9b-0c1d2e3f4a5b\":"
                        + " {\"extension_type\": \"property-extension\", \"level\": \"secret\"}}}",
                // a statement that also carries an extension nobody here understands
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"definition_type\":"
                        + " \"statement\", \"definition\": {\"statement\": \"(c) us\"}, \"extensions\":"
                        + " {\"extension-definition--1f6a8e4b-2c3d-4e5f-8a9b-0c1d2e3f4a5b\":"
                        + " {\"extension_type\": \"property-extension\", \"level\": \"secret\"}}}",
                // a statement without its statement
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"definition_type\":"
                        + " \"statement\", \"definition\": {\"text\": \"(c) us\"}}",
                // content that says nothing at all
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\"}",
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"definition\": {\"tlp\":"
                        + " \"green\"}}",
                // TLP 1.0 and 2.0 content that contradict each other
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"definition_type\": \"tlp\","
                        + " \"definition\": {\"tlp\": \"green\"}, \"extensions\": {\"%2$s\":"
                        + " {\"extension_type\": \"property-extension\", \"tlp_2_0\": \"red\"}}}",
                // a standard id with content naming another level, or not TLP at all
                "{\"type\": \"marking-definition\", \"id\":"
                        + " \"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb\", \"extensions\":"
                        + " {\"%2$s\": {\"extension_type\": \"property-extension\", \"tlp_2_0\":"
                        + " \"red\"}}}",
                "{\"type\": \"marking-definition\", \"id\":"
                        + " \"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1\", \"extensions\":"
                        + " {\"%2$s\": {\"extension_type\": \"property-extension\", \"tlp_2_0\":"
                        + " \"clear\"}}}",
                "{\"type\": \"marking-definition\", \"id\":"
                        + " \"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\","
                        + " \"definition_type\": \"statement\", \"definition\": {\"statement\": \"ok\"}}",
                // the standard RED id spelled in upper case, with CLEAR content
                "{\"type\": \"marking-definition\", \"id\":"
                        + " \"marking-definition--E828B379-4E03-4974-9AC4-E53A884C97C1\", \"extensions\":"
                        + " {\"%2$s\": {\"extension_type\": \"property-extension\", \"tlp_2_0\":"
                        + " \"clear\"}}}",
                // not a marking definition at all
                "{\"type\": \"indicator\", \"id\": \"indicator--3d0c7b0a-5c5e-4f1c-9d4e-0f2b6a1e7c21\"}",
                "[\"marking-definition\"]",
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"extensions\": [\"%2$s\"]}",
                "{\"type\": \"marking-definition\", \"id\": \"%1$s\", \"definition_type\": 7,"
                        + " \"definition\": {\"tlp\": \"green\"}}"
            })
    void cannotEstablishTheMeaningOf(String template) {
        MarkingMeaning meaning = read(template.formatted(OWN_ID, TLP2));

        assertThat(meaning).isInstanceOf(MarkingMeaning.Unknown.class);
        assertThat(((MarkingMeaning.Unknown) meaning).reason()).isNotBlank();
        assertThat(meaning.restriction()).contains(Tlp.RED);
    }

    @Test
    void readsAgreeingTlpOneAndTwoContentAsTheirCommonLevel() {
        MarkingMeaning meaning =
                read(
                        ("{\"type\": \"marking-definition\", \"id\": \"%s\", \"definition_type\":"
                                        + " \"tlp\", \"definition\": {\"tlp\": \"white\"},"
                                        + " \"extensions\": {\"%s\": {\"extension_type\":"
                                        + " \"property-extension\", \"tlp_2_0\": \"clear\"}}}")
                                .formatted(OWN_ID, TLP2));

        assertThat(meaning).isEqualTo(new MarkingMeaning.Level(Tlp.CLEAR));
    }

    @Test
    void keepsTheTlpLevelBesideAnExtensionItDoesNotUnderstand() {
        MarkingMeaning meaning =
                read(
                        ("{\"type\": \"marking-definition\", \"id\": \"%s\", \"extensions\": {\"%s\":"
                                        + " {\"extension_type\": \"property-extension\", \"tlp_2_0\":"
                                        + " \"amber\"},"
                                        + " \"extension-definition--1f6a8e4b-2c3d-4e5f-8a9b-0c1d2e3f4a5b\":"
                                        + " {\"extension_type\": \"property-extension\", \"pap\":"
                                        + " \"amber\"}}}")
                                .formatted(OWN_ID, TLP2));

        assertThat(meaning).isEqualTo(new MarkingMeaning.Level(Tlp.AMBER));
    }

    @Test
    void explainsWhyAMeaningIsUnknown() {
        MarkingMeaning meaning =
                read(
                        ("{\"type\": \"marking-definition\", \"id\": \"%s\", \"definition_type\":"
                                        + " \"tlp\", \"definition\": {\"tlp\": \"green\"},"
                                        + " \"extensions\": {\"%s\": {\"extension_type\":"
                                        + " \"property-extension\", \"tlp_2_0\": \"red\"}}}")
                                .formatted(OWN_ID, TLP2));

        assertThat(((MarkingMeaning.Unknown) meaning).reason())
                .contains("TLP:GREEN")
                .contains("TLP:RED");
    }
}
