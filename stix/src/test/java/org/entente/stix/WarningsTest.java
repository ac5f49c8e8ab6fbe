package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the specification only recommends (SHOULD) or marks as deprecated draws warnings: the object
 * stays valid, and the warning names the property.
 */
class WarningsTest {
    private final Validator validator = new Validator(PatternChecker.NONE);

    private ValidationResult validate(ObjectNode object) {
        ValidationResult result = validator.validate(object);
        assertThat(result.errors()).as("errors of %s", object).isEmpty();
        return result;
    }

    private static void assertWarning(ValidationResult result, String path, String fragment) {
        assertThat(result.warnings())
                .anySatisfy(
                        issue -> {
                            assertThat(issue.path()).isEqualTo(path);
                            assertThat(issue.message()).contains(fragment);
                        });
    }

    /**
     * Section 3.2 asks for millisecond precision (MUST) in created; the OASIS marking-definition
     * schema, unlike core.json for SDOs and SROs, accepts any timestamp, and so does the stix2
     * library, whose own test data marks 24 of its 31 objects with such a definition. Refusing the
     * definition would refuse everything it marks, so it is taken with a warning.
     */
    @Test
    void acceptsAMarkingDefinitionCreatedToTheSecondWithAWarning() {
        ObjectNode statement =
                (ObjectNode)
                        Fixtures.json(
                                """
                                {"type": "marking-definition", "spec_version": "2.1",
                                 "id": "marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd",
                                 "created": "2017-06-01T00:00:00Z", "definition_type": "statement",
                                 "definition": {"statement": "Copyright 2017, Example Corp"}}
                                """);

        ValidationResult result = validate(statement);

        assertWarning(result, "created", "should be precise to the millisecond");
    }

    @Test
    void acceptsAMarkingDefinitionCreatedToTheTenthOfASecondWithAWarning() {
        ObjectNode tlp2 =
                (ObjectNode)
                        Fixtures.json(
                                """
                                {"type": "marking-definition", "spec_version": "2.1",
                                 "id": "marking-definition--3d0c7b0a-5c5e-4f1c-9d4e-0f2b6a1e7c21",
                                 "created": "2022-10-01T00:00:00.5Z", "name": "ours",
                                 "extensions": {"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":
                                   {"extension_type": "property-extension", "tlp_2_0": "amber"}}}
                                """);

        assertWarning(validate(tlp2), "created", "should be precise to the millisecond");
    }

    @Test
    void warnsThatAMarkingOfUnknownMeaningCountsAsRed() {
        ObjectNode custom =
                (ObjectNode)
                        Fixtures.json(
                                """
                                {"type": "marking-definition", "spec_version": "2.1",
                                 "id": "marking-definition--3d0c7b0a-5c5e-4f1c-9d4e-0f2b6a1e7c21",
                                 "created": "2022-10-01T00:00:00.000Z", "name": "PAP:AMBER",
                                 "extensions": {"extension-definition--1f6a8e4b-2c3d-4e5f-8a9b-0c1d2e3f4a5b":
                                   {"extension_type": "property-extension", "pap": "amber"}}}
                                """);

        assertWarning(validate(custom), "", "objects it marks are treated as TLP:RED");
    }

    @Test
    void warnsAboutAValueOutsideAnOpenVocabulary() {
        ObjectNode indicator = Fixtures.of("indicator");
        indicator.set("indicator_types", Fixtures.json("[\"malicious-activity\", \"evil\"]"));

        assertWarning(validate(indicator), "indicator_types[1]", "indicator-type-ov vocabulary");
    }

    @Test
    void warnsAboutACustomPropertyWithoutTheXPrefix() {
        ObjectNode report = Fixtures.of("report");
        report.put("title", "A title");

        assertWarning(validate(report), "title", "custom properties should start with 'x_'");
    }

    @Test
    void acceptsACustomPropertyWithTheXPrefixSilently() {
        ObjectNode report = Fixtures.of("report");
        report.put("x_acme_score", 10);

        assertThat(validate(report).warnings()).isEmpty();
    }

    @Test
    void acceptsUnprefixedTopLevelPropertiesDeclaredByAnExtensionSilently() {
        ObjectNode indicator = Fixtures.of("indicator");
        indicator.put("rank", 1);
        indicator.set(
                "extensions",
                Fixtures.json(
                        "{\"extension-definition--71736db5-10db-43d3-b0e3-65cf81601fe1\":"
                                + " {\"extension_type\": \"toplevel-property-extension\"}}"));

        assertThat(validate(indicator).warnings()).isEmpty();
    }

    @Test
    void warnsAboutAnObservableWhoseIdIsNotTheDeterministicOne() {
        ObjectNode ip = Fixtures.of("ipv4-addr");
        ip.put("id", "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd");

        ValidationResult result = validate(ip);

        assertWarning(result, "id", "should be the deterministic id ipv4-addr--");
    }

    @Test
    void warnsAboutATypeTheSpecificationDoesNotDefine() {
        ValidationResult result =
                validator.validate(
                        Fixtures.json(
                                "{\"type\": \"x-acme-widget\", \"spec_version\": \"2.1\","
                                        + " \"id\": \"x-acme-widget--4527e5de-8572-446a-a57a-706f15467461\","
                                        + " \"created\": \"2016-08-01T00:00:00.000Z\","
                                        + " \"modified\": \"2016-08-01T00:00:00.000Z\","
                                        + " \"some_custom_stuff\": 14}"));

        assertThat(result.valid()).isTrue();
        assertWarning(result, "type", "checked as a custom STIX Domain Object");
    }

    @Test
    void classifiesACustomTypeByTheExtensionThatDefinesIt() {
        ValidationResult result =
                validator.validate(
                        Fixtures.json(
                                "{\"type\": \"my-favorite-sco\", \"spec_version\": \"2.1\","
                                        + " \"id\": \"my-favorite-sco--f9dbe89c-0030-4a9d-8b78-0dcd0a0de874\","
                                        + " \"name\": \"x\", \"extensions\": {"
                                        + "\"extension-definition--c5333451-c08c-4c48-be5e-9ad4c947776a\":"
                                        + " {\"extension_type\": \"new-sco\"}}}"));

        assertThat(result.valid()).isTrue();
        assertWarning(result, "type", "checked as a custom STIX Cyber-observable Object");
    }

    @Test
    void warnsAboutTheDeprecatedObservableContainer() {
        ObjectNode observed = Fixtures.of("observed-data");
        observed.remove("object_refs");
        observed.set(
                "objects",
                Fixtures.json(
                        "{\"0\": {\"type\": \"ipv4-addr\", \"value\": \"198.51.100.3\"},"
                                + " \"1\": {\"type\": \"network-traffic\", \"dst_ref\": \"0\","
                                + " \"protocols\": [\"tcp\"]}}"));

        assertWarning(validate(observed), "objects", "deprecated");
    }

    @Test
    void warnsAboutUpperCaseHexDigits() {
        ObjectNode file = Fixtures.of("file");
        file.put("magic_number_hex", "504B0304");

        assertWarning(validate(file), "magic_number_hex", "should be lower case");
    }

    @Test
    void warnsAboutTheDeprecatedStatementMarking() {
        ObjectNode marking = Fixtures.of("marking-definition");
        marking.put("id", Fixtures.STATEMENT);
        marking.put("definition_type", "statement");
        marking.remove("name");
        marking.set("definition", Fixtures.json("{\"statement\": \"Copyright 2019, Example\"}"));

        assertWarning(validate(marking), "definition_type", "deprecated");
    }

    @Test
    void acceptsTheStandardTlpOneMarkingWithoutWarnings() {
        assertThat(validate(Fixtures.of("marking-definition")).warnings()).isEmpty();
    }

    @Test
    void acceptsTheStandardTlpTwoMarkingsWithoutWarnings() {
        for (Tlp level : Tlp.values()) {
            ObjectNode marking =
                    (ObjectNode)
                            Fixtures.json(
                                    """
                                    {"type": "marking-definition", "spec_version": "2.1",
                                     "id": "%s", "created": "2022-10-01T00:00:00.000Z",
                                     "name": "%s",
                                     "extensions": {"%s": {"extension_type": "property-extension",
                                                          "tlp_2_0": "%s"}}}
                                    """
                                            .formatted(
                                                    level.markingId(),
                                                    level.label(),
                                                    Tlp.TLP2_EXTENSION,
                                                    level.label()
                                                            .substring(4)
                                                            .toLowerCase(java.util.Locale.ROOT)));

            assertThat(validate(marking).warnings()).as(level.label()).isEmpty();
        }
    }

    @Test
    void warnsAboutATlpTwoMarkingThatIsNotTheStandardOne() {
        ObjectNode marking =
                (ObjectNode)
                        Fixtures.json(
                                """
                                {"type": "marking-definition", "spec_version": "2.1",
                                 "id": "marking-definition--c2b4a1f2-9e2d-4b4e-8f1a-2c3d4e5f6a7b",
                                 "created": "2022-10-01T00:00:00.000Z",
                                 "extensions": {"%s": {"extension_type": "property-extension",
                                                      "tlp_2_0": "amber+strict"}}}
                                """
                                        .formatted(Tlp.TLP2_EXTENSION));

        assertWarning(validate(marking), "id", "should reference the standard marking definition");
    }

    @Test
    void warnsAboutACustomObservableExtension() {
        ObjectNode file = Fixtures.of("file");
        file.set("extensions", Fixtures.json("{\"x-acme-foo-ext\": {\"foo_val\": \"foo\"}}"));

        assertWarning(
                validate(file), "extensions.x-acme-foo-ext", "custom extensions are deprecated");
    }

    @Test
    void warnsAboutAKillChainPhaseThatIsNotLowerCaseWithHyphens() {
        ObjectNode pattern = Fixtures.of("attack-pattern");
        pattern.set(
                "kill_chain_phases",
                Fixtures.json(
                        "[{\"kill_chain_name\": \"Lockheed Martin\", \"phase_name\": \"x\"}]"));

        assertWarning(validate(pattern), "kill_chain_phases[0].kill_chain_name", "lower case");
    }

    @Test
    void warnsAboutAHashAlgorithmOutsideTheVocabulary() {
        ObjectNode file = Fixtures.of("file");
        ((ObjectNode) file.get("hashes")).put("x_acme_hash", "aaaabbbbccccdddd");

        assertWarning(validate(file), "hashes.x_acme_hash", "hash-algorithm vocabulary");
    }

    @Test
    void exemptsTheValueOfADefangedObservableFromItsForm() {
        ObjectNode domain = Fixtures.of("domain-name");
        domain.put("value", "example[.]com");
        domain.put("defanged", true);

        assertThat(validator.validate(domain).valid()).isTrue();
    }

    @Test
    void warnsAboutAHeaderFieldThatHasAPropertyOfItsOwn() {
        ObjectNode email = Fixtures.of("email-message");
        email.set("additional_header_fields", Fixtures.json("{\"Subject\": [\"hi\"]}"));

        assertWarning(validate(email), "additional_header_fields.Subject", "property of its own");
    }

    @Test
    void acceptsCustomPropertiesInsideEmbeddedTypesAsOnObjects() {
        ObjectNode pattern = Fixtures.of("attack-pattern");
        ((ObjectNode) pattern.get("kill_chain_phases").get(0)).put("x_opencti_order", 1);
        ((ObjectNode) pattern.get("external_references").get(0)).put("title", "CAPEC-163");

        ValidationResult result = validate(pattern);

        assertThat(result.warnings()).hasSize(1);
        assertWarning(
                result, "external_references[0].title", "custom properties should start with 'x_'");
    }

    @Test
    void leavesTheInsideOfACustomValueToItsProducer() {
        ObjectNode identity = Fixtures.of("identity");
        identity.set("x_mitre_related_assets", Fixtures.json("[{\"related_asset_sectors\": []}]"));

        assertThat(validate(identity).warnings()).isEmpty();
    }
}
