package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * STIX identifiers carry RFC 4122 UUIDs, which are written in lower case: an upper-case spelling
 * would otherwise be stored as another object, and an upper-case standard TLP id would slip past
 * TLP recognition. Every identifier-valued property refuses one, with its path.
 */
class LowerCaseIdsTest {
    private static final Validator VALIDATOR = new Validator(PatternChecker.NONE);

    private static String upper(String id) {
        int sep = id.indexOf("--");
        return id.substring(0, sep + 2) + id.substring(sep + 2).toUpperCase(java.util.Locale.ROOT);
    }

    record Case(String type, Consumer<ObjectNode> breakIt, String path) {}

    private static Arguments c(
            String sentence, String type, Consumer<ObjectNode> breakIt, String path) {
        return Arguments.of(Named.of(sentence, new Case(type, breakIt, path)));
    }

    static Stream<Arguments> cases() {
        String otherExtension = "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e";
        return Stream.of(
                c("the id", "indicator", o -> o.put("id", upper(Fixtures.INDICATOR)), "id"),
                c(
                        "created_by_ref",
                        "indicator",
                        o -> o.put("created_by_ref", upper(Fixtures.IDENTITY)),
                        "created_by_ref"),
                c(
                        "an item of object_refs",
                        "grouping",
                        o -> ((ArrayNode) o.get("object_refs")).set(1, upper(Fixtures.FILE)),
                        "object_refs[1]"),
                c(
                        "the standard TLP:GREEN id in object_marking_refs",
                        "indicator",
                        o ->
                                ((ArrayNode) o.get("object_marking_refs"))
                                        .set(0, upper(Fixtures.TLP_GREEN)),
                        "object_marking_refs[0]"),
                c(
                        "the standard TLP:RED id as a granular marking_ref",
                        "indicator",
                        o ->
                                ((ObjectNode) o.get("granular_markings").get(0))
                                        .put("marking_ref", upper(Tlp.RED.markingId())),
                        "granular_markings[0].marking_ref"),
                c(
                        "source_ref",
                        "relationship",
                        o -> o.put("source_ref", upper(Fixtures.INDICATOR)),
                        "source_ref"),
                c(
                        "an item of where_sighted_refs",
                        "sighting",
                        o ->
                                ((ArrayNode) o.get("where_sighted_refs"))
                                        .set(0, upper(Fixtures.IDENTITY)),
                        "where_sighted_refs[0]"),
                c(
                        "a reference inside a predefined extension",
                        "file",
                        o ->
                                ((ObjectNode) o.get("extensions"))
                                        .putObject("archive-ext")
                                        .putArray("contains_refs")
                                        .add(upper(Fixtures.FILE)),
                        "extensions.archive-ext.contains_refs[0]"),
                c(
                        "an extension-definition id used as an extension name",
                        "indicator",
                        o ->
                                o.putObject("extensions")
                                        .putObject(upper(otherExtension))
                                        .put("extension_type", "property-extension")
                                        .put("rank", 5),
                        "extensions." + upper(otherExtension)),
                c(
                        "a custom _ref property",
                        "indicator",
                        o -> o.put("x_acme_analyst_ref", upper(Fixtures.IDENTITY)),
                        "x_acme_analyst_ref"),
                c(
                        "an item of a custom _refs property",
                        "indicator",
                        o ->
                                o.putArray("x_acme_related_refs")
                                        .add(Fixtures.MALWARE)
                                        .add(upper(Fixtures.MALWARE)),
                        "x_acme_related_refs[1]"),
                c(
                        "a marking definition's created_by_ref",
                        "marking-definition",
                        o -> o.put("created_by_ref", upper(Fixtures.IDENTITY)),
                        "created_by_ref"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusesAnUpperCaseUuidIn(Case c) {
        ObjectNode object = Fixtures.of(c.type());
        c.breakIt().accept(object);

        ValidationResult result = VALIDATOR.validate(object);

        assertThat(result.errors())
                .as("errors of %s", object)
                .anySatisfy(
                        issue -> {
                            assertThat(issue.path()).isEqualTo(c.path());
                            assertThat(issue.message()).contains("must be written in lower case");
                        });
    }

    @Test
    void acceptsTheSameObjectsWithLowerCaseIds() {
        for (String type : new String[] {"indicator", "grouping", "relationship", "sighting"}) {
            assertThat(VALIDATOR.validate(Fixtures.of(type)).errors()).as(type).isEmpty();
        }
        ObjectNode indicator = Fixtures.of("indicator");
        indicator.put("x_acme_analyst_ref", Fixtures.IDENTITY);
        assertThat(VALIDATOR.validate(indicator).errors()).isEmpty();
    }

    @Test
    void warnsAboutACustomRefPropertyThatHoldsNoIdentifier() {
        ObjectNode indicator = Fixtures.of("indicator");
        indicator.put("x_acme_ticket_ref", "TICKET-42");

        ValidationResult result = VALIDATOR.validate(indicator);

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings())
                .anySatisfy(
                        issue -> {
                            assertThat(issue.path()).isEqualTo("x_acme_ticket_ref");
                            assertThat(issue.message()).contains("should hold an identifier");
                        });
    }
}
