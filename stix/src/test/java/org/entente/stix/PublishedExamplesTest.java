package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The examples the specification's authors published (the OASIS JSON schema repository's examples
 * and the specification's own examples) are valid: no errors at all, but for one defect of the
 * examples themselves.
 */
class PublishedExamplesTest {
    private final Validator validator = new Validator(PatternChecker.NONE);

    /**
     * The infrastructure example writes part of one relationship's UUID in upper case; RFC 4122
     * UUIDs are lower case and STIX ids are compared exactly, so the node refuses it.
     */
    private static final String UPPER_CASE_EXAMPLE =
            "relationship--81f12913-1372-4c96-85ec-E9034ac98aba: id: "
                    + "'relationship--81f12913-1372-4c96-85ec-E9034ac98aba' is not a STIX"
                    + " identifier: its UUID must be written in lower case (RFC 4122), as in"
                    + " relationship--81f12913-1372-4c96-85ec-e9034ac98aba";

    @Test
    void acceptsEveryObjectOfTheOasisSchemaExamples() throws IOException {
        java.nio.file.Path examples = SharedData.require("stix2-json-schemas/examples");
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> walk = Files.walk(examples)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(8);

        int objects = 0;
        List<String> failures = new ArrayList<>();
        for (java.nio.file.Path file : files) {
            objects += validateAll(file, failures);
        }

        assertThat(failures).containsExactly("infrastructure.json " + UPPER_CASE_EXAMPLE);
        assertThat(objects).isGreaterThan(250);
    }

    @Test
    void acceptsEveryObjectOfTheSpecificationExamples() throws IOException {
        java.nio.file.Path file = SharedData.require("stix21/oasis-examples.jsonl.gz");
        List<String> failures = new ArrayList<>();

        int objects = validateAll(file, failures);

        assertThat(failures).containsExactly("oasis-examples.jsonl.gz " + UPPER_CASE_EXAMPLE);
        assertThat(objects).isEqualTo(259);
    }

    private int validateAll(java.nio.file.Path file, List<String> failures) throws IOException {
        int count = 0;
        try (InputStream in = SharedData.open(file);
                ObjectStream objects = ObjectStream.open(in)) {
            while (objects.hasNext()) {
                JsonNode object = objects.next();
                count++;
                ValidationResult result = validator.validate(object);
                if (!result.valid()) {
                    failures.add(
                            file.getFileName()
                                    + " "
                                    + result.id().orElse("?")
                                    + ": "
                                    + result.errorSummary());
                }
            }
        }
        return count;
    }
}
