package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The catalogue covers every type of the specification, each with a valid example. */
class CatalogueTest {
    private final Validator validator = new Validator(PatternChecker.NONE);

    @Test
    void knowsEveryObjectTypeOfTheSpecificationAndNoOther() {
        assertThat(Validator.knownTypes())
                .containsOnlyKeys(
                        // section 4
                        "attack-pattern",
                        "campaign",
                        "course-of-action",
                        "grouping",
                        "identity",
                        "incident",
                        "indicator",
                        "infrastructure",
                        "intrusion-set",
                        "location",
                        "malware",
                        "malware-analysis",
                        "note",
                        "observed-data",
                        "opinion",
                        "report",
                        "threat-actor",
                        "tool",
                        "vulnerability",
                        // section 5
                        "relationship",
                        "sighting",
                        // section 6
                        "artifact",
                        "autonomous-system",
                        "directory",
                        "domain-name",
                        "email-addr",
                        "email-message",
                        "file",
                        "ipv4-addr",
                        "ipv6-addr",
                        "mac-addr",
                        "mutex",
                        "network-traffic",
                        "process",
                        "software",
                        "url",
                        "user-account",
                        "windows-registry-key",
                        "x509-certificate",
                        // section 7
                        "language-content",
                        "marking-definition",
                        "extension-definition");
        assertThat(Validator.knownTypes().values()).filteredOn("SDO"::equals).hasSize(19);
        assertThat(Validator.knownTypes().values()).filteredOn("SCO"::equals).hasSize(18);
    }

    static List<String> types() {
        List<String> types = new ArrayList<>();
        Fixtures.types().forEach(types::add);
        return types;
    }

    @Test
    void hasAFixtureForEveryKnownType() {
        assertThat(types()).containsExactlyInAnyOrderElementsOf(Validator.knownTypes().keySet());
    }

    @ParameterizedTest(name = "a well-formed {0} is valid and draws no warning")
    @MethodSource("types")
    void acceptsAWellFormedObjectOfEveryTypeWithoutWarnings(String type) {
        ValidationResult result = validator.validate(Fixtures.of(type));

        assertThat(result.errors()).as("errors of %s", type).isEmpty();
        assertThat(result.warnings()).as("warnings of %s", type).isEmpty();
        assertThat(result.type()).contains(type);
    }
}
