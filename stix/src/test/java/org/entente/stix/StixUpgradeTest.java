package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * STIX 2.0 feeds: the validator says when an object is STIX 2.0, and {@link StixUpgrade} turns it
 * into STIX 2.1 that both our validator and the OASIS 2.1 schemas accept, listing what it changed.
 */
class StixUpgradeTest {
    private static final Validator VALIDATOR = new Validator(PatternChecker.NONE);
    private static final String IDENTITY = "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff";
    private static final String INDICATOR = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
    private static final String MALWARE = "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b";
    private static final String TLP_AMBER =
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";

    /** STIX 2.0 objects of every kind a 2.0 feed carries, as the 2.0 specification has them. */
    private static final Map<String, String> STIX20 = new java.util.LinkedHashMap<>();

    static {
        STIX20.put(
                "indicator",
                """
                {"type": "indicator", "id": "%s", "created_by_ref": "%s",
                 "created": "2017-06-01T00:00:00Z", "modified": "2017-06-01T00:00:00.5Z",
                 "labels": ["malicious-activity"], "name": "Poison Ivy C2",
                 "pattern": "[ipv4-addr:value = '198.51.100.3']",
                 "valid_from": "2017-06-01T00:00:00Z", "object_marking_refs": ["%s"],
                 "kill_chain_phases": [{"kill_chain_name": "lockheed-martin-cyber-kill-chain",
                                        "phase_name": "command-and-control"}]}
                """
                        .formatted(INDICATOR, IDENTITY, TLP_AMBER));
        STIX20.put(
                "malware",
                """
                {"type": "malware", "id": "%s", "created": "2016-05-12T08:17:27.000Z",
                 "modified": "2016-05-12T08:17:27.000Z", "name": "Poison Ivy",
                 "labels": ["remote-access-trojan", "backdoor"]}
                """
                        .formatted(MALWARE));
        STIX20.put(
                "threat-actor",
                """
                {"type": "threat-actor", "id": "threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
                 "labels": ["crime-syndicate", "x-acme-extortionist"], "name": "Evil Org",
                 "aliases": ["Syndicate 1"], "roles": ["director"], "sophistication": "advanced",
                 "resource_level": "team", "primary_motivation": "organizational-gain"}
                """);
        STIX20.put(
                "tool",
                """
                {"type": "tool", "id": "tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
                 "labels": ["remote-access"], "name": "VNC", "tool_version": "4.1"}
                """);
        STIX20.put(
                "report",
                """
                {"type": "report", "id": "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
                 "created": "2015-12-21T19:59:11Z", "modified": "2015-12-21T19:59:11Z",
                 "name": "The Black Vine Cyberespionage Group", "published": "2016-01-20T17:00:00Z",
                 "labels": ["threat-actor"], "object_refs": ["%s", "%s"]}
                """
                        .formatted(INDICATOR, MALWARE));
        STIX20.put(
                "attack-pattern",
                """
                {"type": "attack-pattern", "id": "attack-pattern--7e33a43e-e34b-40ec-89da-36c9bb2cacd5",
                 "created": "2016-05-12T08:17:27.000Z", "modified": "2016-05-12T08:17:27.000Z",
                 "name": "Spear Phishing as Practiced by Adversary X",
                 "external_references": [{"source_name": "capec", "external_id": "CAPEC-163"}]}
                """);
        STIX20.put(
                "campaign",
                """
                {"type": "campaign", "id": "campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2016-04-06T20:03:00.000Z", "modified": "2016-04-06T20:03:00.000Z",
                 "name": "Green Group Attacks Against Finance", "labels": ["finance"]}
                """);
        STIX20.put(
                "course-of-action",
                """
                {"type": "course-of-action", "id": "course-of-action--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
                 "name": "Add TCP port 80 Filter Rule to the existing Block UDP 1434 Filter"}
                """);
        STIX20.put(
                "identity",
                """
                {"type": "identity", "id": "%s", "created": "2016-04-06T20:03:00Z",
                 "modified": "2016-04-06T20:03:00Z", "name": "ACME Widget, Inc.",
                 "identity_class": "organization"}
                """
                        .formatted(IDENTITY));
        STIX20.put(
                "intrusion-set",
                """
                {"type": "intrusion-set", "id": "intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29",
                 "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
                 "name": "Bobcat Breakin", "aliases": ["Zookeeper"], "goals": ["damage"]}
                """);
        STIX20.put(
                "vulnerability",
                """
                {"type": "vulnerability", "id": "vulnerability--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                 "created": "2016-05-12T08:17:27.000Z", "modified": "2016-05-12T08:17:27.000Z",
                 "name": "CVE-2016-1234",
                 "external_references": [{"source_name": "cve", "external_id": "CVE-2016-1234"}]}
                """);
        STIX20.put(
                "observed-data",
                """
                {"type": "observed-data", "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
                 "created": "2016-04-06T19:58:16.000Z", "modified": "2016-04-06T19:58:16.000Z",
                 "first_observed": "2015-12-21T19:00:00Z", "last_observed": "2015-12-21T19:00:00Z",
                 "number_observed": 50,
                 "objects": {"0": {"type": "file", "name": "foo.exe",
                                   "hashes": {"MD5": "3773a88f65a5e780c8dff9cdc3a056f3"}}}}
                """);
        STIX20.put(
                "relationship",
                """
                {"type": "relationship", "id": "relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad",
                 "created": "2016-04-06T20:06:37.000Z", "modified": "2016-04-06T20:06:37.000Z",
                 "relationship_type": "indicates", "source_ref": "%s", "target_ref": "%s"}
                """
                        .formatted(INDICATOR, MALWARE));
        STIX20.put(
                "sighting",
                """
                {"type": "sighting", "id": "sighting--ee20065d-2555-424f-ad9e-0f8428623c75",
                 "created": "2016-04-06T20:08:31.000Z", "modified": "2016-04-06T20:08:31.000Z",
                 "sighting_of_ref": "%s", "where_sighted_refs": ["%s"], "count": 3}
                """
                        .formatted(INDICATOR, IDENTITY));
        STIX20.put(
                "marking-definition",
                """
                {"type": "marking-definition", "id": "%s", "created": "2017-01-20T00:00:00.000Z",
                 "definition_type": "tlp", "definition": {"tlp": "amber"}}
                """
                        .formatted(TLP_AMBER));
        STIX20.put(
                "statement marking",
                """
                {"type": "marking-definition",
                 "id": "marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd",
                 "created": "2017-06-01T00:00:00Z", "definition_type": "statement",
                 "definition": {"statement": "Copyright 2017, Example Corp"}}
                """);
        STIX20.put(
                "custom object",
                """
                {"type": "x-acme-campaign-note", "id": "x-acme-campaign-note--4a0042fe-8b88-40fe-9600-dfa128ce6fbd",
                 "created": "2017-06-01T00:00:00.000Z", "modified": "2017-06-01T00:00:00.000Z",
                 "x_text": "seen again"}
                """);
    }

    static Stream<Arguments> stix20() {
        return STIX20.entrySet().stream()
                .map(
                        e ->
                                Arguments.of(
                                        Named.of(
                                                e.getKey(),
                                                (ObjectNode) Fixtures.json(e.getValue()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stix20")
    void saysThatAStixTwoObjectIsStixTwoAndOffersTheUpgrade(ObjectNode object) {
        ValidationResult result = VALIDATOR.validate(object);

        assertThat(StixUpgrade.looksLikeStix20(object)).isTrue();
        assertThat(result.errors())
                .anySatisfy(
                        issue -> {
                            assertThat(issue.path()).isEqualTo("spec_version");
                            assertThat(issue.message())
                                    .contains("this is a STIX 2.0 object (no spec_version)")
                                    .contains("offer: upgrade");
                        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stix20")
    void upgradesToAnObjectOurValidatorAccepts(ObjectNode object) {
        StixUpgrade.Upgraded upgraded = StixUpgrade.fromStix20(object);

        assertThat(VALIDATOR.validate(upgraded.object()).errors())
                .as("%s", upgraded.object())
                .isEmpty();
        assertThat(upgraded.object().get("spec_version").stringValue()).isEqualTo("2.1");
        assertThat(upgraded.changes()).contains("spec_version: set to 2.1");
        assertThat(object.has("spec_version")).as("the input is left as it was").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stix20")
    void upgradesToAnObjectTheOasisSchemasAccept(ObjectNode object) {
        assumeTrue(
                OasisSchemas.present(),
                "OASIS STIX 2.1 JSON schemas not found at "
                        + OasisSchemas.root()
                        + " (only present beside the team's checkout)");
        ObjectNode upgraded = StixUpgrade.fromStix20(object).object();

        List<String> complaints = new ArrayList<>();
        schemas().errors(upgraded).forEach(error -> complaints.add(error.toString()));
        if (upgraded.get("type").stringValue().equals("observed-data")) {
            // NB: section 2.13 lets an observable container hold STIX 2.0 observables, which have
            // no id; the schema wants 2.1 observables there (docs/stix-validation.md)
            assertThat(complaints).allMatch(c -> c.startsWith("/objects/0"));
            upgraded.remove("objects");
            upgraded.putArray("object_refs").add("file--949eb97a-da1e-5292-8959-03c4249dc9f3");
            complaints.clear();
            schemas().errors(upgraded).forEach(error -> complaints.add(error.toString()));
        }
        assertThat(complaints).as("%s", upgraded).isEmpty();
    }

    @Test
    void movesTheLabelsOfAnIndicatorToItsTypesAndNamesEveryChange() {
        StixUpgrade.Upgraded upgraded =
                StixUpgrade.fromStix20((ObjectNode) Fixtures.json(STIX20.get("indicator")));
        ObjectNode object = upgraded.object();

        assertThat(object.has("labels")).isFalse();
        assertThat(object.get("indicator_types"))
                .isEqualTo(Fixtures.json("[\"malicious-activity\"]"));
        assertThat(object.get("pattern_type").stringValue()).isEqualTo("stix");
        assertThat(object.get("pattern_version").stringValue()).isEqualTo("2.0");
        assertThat(object.get("created").stringValue()).isEqualTo("2017-06-01T00:00:00.000Z");
        assertThat(object.get("modified").stringValue()).isEqualTo("2017-06-01T00:00:00.500Z");
        assertThat(object.get("valid_from").stringValue())
                .as("only created and modified need milliseconds")
                .isEqualTo("2017-06-01T00:00:00Z");
        assertThat(upgraded.changes())
                .containsExactly(
                        "spec_version: set to 2.1",
                        "created: 2017-06-01T00:00:00Z written to the millisecond,"
                                + " 2017-06-01T00:00:00.000Z",
                        "modified: 2017-06-01T00:00:00.5Z written to the millisecond,"
                                + " 2017-06-01T00:00:00.500Z",
                        "labels: moved to indicator_types (malicious-activity), as STIX 2.0"
                                + " labels of an indicator name its types",
                        "pattern_type: set to stix, the only pattern language of STIX 2.0",
                        "pattern_version: set to 2.0, the patterning the pattern was written in");
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        assertThat(names)
                .as("new properties sit beside the ones they come from")
                .startsWith("type", "spec_version", "id");
    }

    @Test
    void makesMalwareAFamilyAndKeepsEveryLabelAsAType() {
        StixUpgrade.Upgraded upgraded =
                StixUpgrade.fromStix20((ObjectNode) Fixtures.json(STIX20.get("malware")));

        assertThat(upgraded.object().get("malware_types"))
                .isEqualTo(Fixtures.json("[\"remote-access-trojan\", \"backdoor\"]"));
        assertThat(upgraded.object().get("is_family").booleanValue()).isTrue();
        assertThat(upgraded.changes())
                .anySatisfy(change -> assertThat(change).startsWith("is_family: set to true"));
    }

    @Test
    void keepsALabelOutsideTheVocabularyAsATypeWithTheUsualWarning() {
        StixUpgrade.Upgraded upgraded =
                StixUpgrade.fromStix20((ObjectNode) Fixtures.json(STIX20.get("threat-actor")));

        assertThat(upgraded.object().get("threat_actor_types"))
                .isEqualTo(Fixtures.json("[\"crime-syndicate\", \"x-acme-extortionist\"]"));
        assertThat(VALIDATOR.validate(upgraded.object()).warnings())
                .anySatisfy(issue -> assertThat(issue.path()).isEqualTo("threat_actor_types[1]"));
    }

    @Test
    void keepsTheLabelsOfOtherObjectsAsLabels() {
        StixUpgrade.Upgraded upgraded =
                StixUpgrade.fromStix20((ObjectNode) Fixtures.json(STIX20.get("campaign")));

        assertThat(upgraded.object().get("labels")).isEqualTo(Fixtures.json("[\"finance\"]"));
        assertThat(upgraded.changes()).containsExactly("spec_version: set to 2.1");
    }

    @Test
    void namesTheStandardTlpOneMarkingAsStixTwoPointOneDoes() {
        StixUpgrade.Upgraded upgraded =
                StixUpgrade.fromStix20(
                        (ObjectNode) Fixtures.json(STIX20.get("marking-definition")));

        assertThat(upgraded.object().get("name").stringValue()).isEqualTo("TLP:AMBER");
        assertThat(upgraded.changes())
                .contains("name: set to TLP:AMBER, as STIX 2.1 names the TLP 1.0 markings");
    }

    @Test
    void upgradesAMarkingDefinitionWithoutAnIdAndLeavesTheErrorToTheValidator() {
        // found by fuzzing (StixFuzzTestInputs/markingReadersAndTheUpgradeTakeAnyJson)
        ObjectNode noId = (ObjectNode) Fixtures.json(STIX20.get("marking-definition"));
        noId.remove("id");

        StixUpgrade.Upgraded upgraded = StixUpgrade.fromStix20(noId);

        assertThat(VALIDATOR.validate(upgraded.object()).errors())
                .anySatisfy(issue -> assertThat(issue.path()).isEqualTo("id"));
    }

    @Test
    void refusesToUpgradeAStixTwoPointOneObject() {
        assertThatThrownBy(() -> StixUpgrade.fromStix20(Fixtures.of("indicator")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already STIX 2.1");
        assertThat(StixUpgrade.looksLikeStix20(Fixtures.of("indicator"))).isFalse();
    }

    @Test
    void takesACyberObservableWithoutSpecVersionForStixTwoPointOne() {
        ObjectNode ipv4 = Fixtures.of("ipv4-addr");
        ipv4.remove("spec_version");

        assertThat(StixUpgrade.looksLikeStix20(ipv4)).isFalse();
        assertThat(VALIDATOR.validate(ipv4).errors()).isEmpty();
    }

    @Test
    void saysSoWhenSpecVersionSaysTwoPointZero() {
        ObjectNode tool = (ObjectNode) Fixtures.json(STIX20.get("tool"));
        tool.put("spec_version", "2.0");

        assertThat(StixUpgrade.looksLikeStix20(tool)).isTrue();
        assertThat(VALIDATOR.validate(tool).errors())
                .anySatisfy(
                        issue -> {
                            assertThat(issue.path()).isEqualTo("spec_version");
                            assertThat(issue.message())
                                    .contains("this is a STIX 2.0 object (spec_version 2.0)");
                        });
        assertThat(StixUpgrade.fromStix20(tool).changes()).contains("spec_version: 2.0 set to 2.1");
    }

    @Test
    void recognisesAStixTwoBundle() {
        String bundle =
                "{\"type\": \"bundle\", \"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\","
                        + " \"spec_version\": \"2.0\", \"objects\": ["
                        + STIX20.get("tool")
                        + "]}";
        try (ObjectStream stream =
                ObjectStream.open(bundle.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(stream.hasNext()).isTrue();
            assertThat(StixUpgrade.isStix20Bundle(stream.container())).isTrue();
        }
        assertThat(StixUpgrade.isStix20Bundle(Fixtures.json("{\"type\": \"bundle\"}"))).isFalse();
        assertThat(
                        StixUpgrade.isStix20Bundle(
                                Fixtures.json("{\"type\": \"bundle\", \"spec_version\": \"2.1\"}")))
                .isFalse();
    }

    /**
     * No STIX 2.0 feed is in the shared data (its README: the 2.0 sources there were upgraded
     * already). So real 2.1 objects of the types STIX 2.0 had are written back the way 2.0 wrote
     * them (no spec_version, the types as labels, no pattern_type or is_family), upgraded again,
     * and must come back valid, with every other property as it was.
     */
    @Test
    void upgradesRealObjectsWrittenBackInStixTwoForm() throws IOException {
        java.nio.file.Path dir = SharedData.require("stix21");
        Set<String> wanted = Set.of("indicator", "malware", "tool", "threat-actor", "report");
        Map<String, Integer> perType = new HashMap<>();
        int upgradedCount = 0;
        for (String file : List.of("unit42.jsonl.gz", "attack-enterprise.jsonl.gz")) {
            try (InputStream in = SharedData.open(dir.resolve(file));
                    ObjectStream stream = ObjectStream.open(in)) {
                while (stream.hasNext()) {
                    JsonNode original = stream.next();
                    String type = original.path("type").asString("");
                    if (!wanted.contains(type)
                            || perType.merge(type, 1, Integer::sum) > 200
                            || !VALIDATOR.validate(original).valid()) {
                        continue;
                    }
                    ObjectNode twoPointZero = downgrade((ObjectNode) original);
                    ObjectNode upgraded = StixUpgrade.fromStix20(twoPointZero).object();

                    assertThat(VALIDATOR.validate(upgraded).errors()).as("%s", upgraded).isEmpty();
                    for (String property : original.propertyNames()) {
                        if (!Set.of("labels", "pattern_version", "is_family").contains(property)
                                && !property.endsWith("_types")) {
                            assertThat(upgraded.get(property))
                                    .as("%s of %s", property, original.get("id"))
                                    .isEqualTo(original.get(property));
                        }
                    }
                    upgradedCount++;
                }
            }
        }
        assertThat(upgradedCount).isGreaterThan(500);
    }

    private static ObjectNode downgrade(ObjectNode original) {
        ObjectNode old = original.deepCopy();
        old.remove("spec_version");
        old.remove("is_family");
        old.remove("pattern_version");
        if ("stix".equals(old.path("pattern_type").asString(""))) {
            old.remove("pattern_type");
        }
        String typesName = old.get("type").stringValue().replace('-', '_') + "_types";
        JsonNode types = old.remove(typesName);
        ArrayNode labels =
                old.has("labels") ? (ArrayNode) old.get("labels") : old.putArray("labels");
        if (types != null) {
            types.forEach(labels::add);
        }
        if (labels.isEmpty()) {
            labels.add("unknown"); // labels were required on these types in STIX 2.0
        }
        return old;
    }

    private static OasisSchemas schemas;

    private static synchronized OasisSchemas schemas() {
        if (schemas == null) {
            schemas = OasisSchemas.load();
        }
        return schemas;
    }
}
