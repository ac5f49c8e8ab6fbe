package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StixIdsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836",
                "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
                "x-mitre-tactic--2558fd61-8c75-4730-94c4-11926db2a263",
                "file--1b40e321-ae73-1637-bd97-33c35a86b80d"
            })
    void acceptsIdentifiersOfTheFormTypeUuid(String id) {
        assertThat(StixIds.idProblem(id)).isNull();
        assertThat(StixIds.isId(id)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    indicator                                              | expected <type>--<uuid>
                    --e2e1a340-4415-4ba8-9671-f7343fbf0836                 | expected <type>--<uuid>
                    indicator-e2e1a340-4415-4ba8-9671-f7343fbf0836         | expected <type>--<uuid>
                    Indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836        | must start with a lower-case letter
                    in--e2e1a340-4415-4ba8-9671-f7343fbf0836               | 3 to 250 characters
                    indicator--e2e1a340-4415-4ba8-9671-f7343fbf083         | is not an RFC 4122 UUID
                    indicator--e2e1a340-4415-0ba8-9671-f7343fbf0836        | is not an RFC 4122 UUID
                    indicator--e2e1a340-4415-4ba8-c671-f7343fbf0836        | is not an RFC 4122 UUID
                    indicator--e2e1a340x4415-4ba8-9671-f7343fbf0836        | is not an RFC 4122 UUID
                    indicator--g2e1a340-4415-4ba8-9671-f7343fbf0836        | is not an RFC 4122 UUID
                    x_acme--e2e1a340-4415-4ba8-9671-f7343fbf0836           | may only contain lower-case letters
                    relationship--F82356AE-FE6C-437C-9C24-6B64314AE68A     | must be written in lower case
                    indicator--8E2E2D2B-17d4-4cbf-938f-98ee46b3cd3f        | must be written in lower case
                    indicator--8e2e2d2b-17d4-4cbf-B38f-98ee46b3cd3f        | must be written in lower case
                    indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3F        | must be written in lower case
                    marking-definition--E828B379-4E03-4974-9AC4-E53A884C97C1 | must be written in lower case
                    indicator--8E2E2D2B-17D4-0CBF-938F-98EE46B3CD3F        | is not an RFC 4122 UUID
                    """)
    void explainsWhyAStringIsNotAnIdentifier(String id, String fragment) {
        assertThat(StixIds.idProblem(id)).contains(fragment);
        assertThat(StixIds.isId(id)).isFalse();
    }

    @Test
    void namesTheLowerCaseSpellingOfAnUpperCaseIdentifier() {
        assertThat(StixIds.idProblem("relationship--F82356AE-FE6C-437C-9C24-6B64314AE68A"))
                .isEqualTo(
                        "'relationship--F82356AE-FE6C-437C-9C24-6B64314AE68A' is not a STIX"
                                + " identifier: its UUID must be written in lower case (RFC 4122),"
                                + " as in relationship--f82356ae-fe6c-437c-9c24-6b64314ae68a");
    }

    @Test
    void readsTheTypeOfAnIdentifier() {
        assertThat(StixIds.typeOf("x-mitre-tactic--2558fd61-8c75-4730-94c4-11926db2a263"))
                .isEqualTo("x-mitre-tactic");
        assertThat(StixIds.typeOf("no-separator")).isNull();
        assertThat(StixIds.typeOf("--e2e1a340-4415-4ba8-9671-f7343fbf0836")).isNull();
    }

    @Test
    void checksTypeNames() {
        assertThat(StixIds.typeProblem("attack-pattern")).isNull();
        assertThat(StixIds.typeProblem("x-acme-3d")).isNull();
        assertThat(StixIds.typeProblem("x".repeat(250))).isNull();
        assertThat(StixIds.typeProblem("x".repeat(251))).contains("3 to 250");
        assertThat(StixIds.typeProblem("3d-model")).contains("must start with a lower-case letter");
        assertThat(StixIds.typeProblem("x--y")).contains("must not contain '--'");
        assertThat(StixIds.typeProblem("x-acme-")).contains("must not end with a hyphen");
        assertThat(StixIds.typeProblem("x_acme")).contains("may only contain");
    }
}
