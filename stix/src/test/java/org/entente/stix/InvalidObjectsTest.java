package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A catalogue of invalid objects, at least one for every rule the validator implements. Each case
 * starts from a valid fixture ({@link Fixtures}), breaks one rule, and expects an error at a
 * property path whose message contains a given fragment.
 */
class InvalidObjectsTest {
    private static final Validator VALIDATOR = new Validator(PatternChecker.NONE);

    private static final String OTHER_MARKING =
            "marking-definition--c2b4a1f2-9e2d-4b4e-8f1a-2c3d4e5f6a7b";

    record Case(String type, Consumer<ObjectNode> breakIt, String path, String fragment) {}

    private static final List<Arguments> CASES = new ArrayList<>();

    private static void add(
            String sentence, String type, Consumer<ObjectNode> breakIt, String path, String text) {
        CASES.add(Arguments.of(Named.of(sentence, new Case(type, breakIt, path, text))));
    }

    static Stream<Arguments> cases() {
        if (CASES.isEmpty()) {
            common();
            domainObjects();
            relationships();
            observables();
            metaObjects();
        }
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsTheObjectWithAnErrorAtThePathItBroke(Case c) {
        ObjectNode object = c.type().equals("raw") ? null : Fixtures.of(c.type());
        JsonNode input = object;
        if (object == null) {
            ObjectNode holder = (ObjectNode) Fixtures.json("{}");
            c.breakIt().accept(holder);
            input = holder.get("raw");
        } else {
            c.breakIt().accept(object);
        }

        ValidationResult result = VALIDATOR.validate(input);

        assertThat(result.valid()).as("valid? %s", input).isFalse();
        assertThat(result.errors())
                .as("errors of %s", input)
                .anySatisfy(
                        issue -> {
                            assertThat(issue.path()).isEqualTo(c.path());
                            assertThat(issue.message()).contains(c.fragment());
                        });
    }

    // --- helpers ------------------------------------------------------------------------------

    private static JsonNode j(String json) {
        return Fixtures.json(json);
    }

    /** The object or list at a path of keys and list indexes inside {@code root}. */
    private static JsonNode at(ObjectNode root, Object... steps) {
        JsonNode node = root;
        for (Object step : steps) {
            node = step instanceof Integer i ? node.get(i) : node.get((String) step);
        }
        return node;
    }

    private static ObjectNode obj(ObjectNode root, Object... steps) {
        return (ObjectNode) at(root, steps);
    }

    private static Consumer<ObjectNode> put(String key, String json) {
        return o -> o.set(key, j(json));
    }

    private static Consumer<ObjectNode> remove(String... keys) {
        return o -> {
            for (String key : keys) {
                o.remove(key);
            }
        };
    }

    private static Consumer<ObjectNode> only(String... keys) {
        return o -> o.retain(keys);
    }

    private static Consumer<ObjectNode> raw(String json) {
        return o -> o.set("raw", j(json));
    }

    private static String q(String text) {
        return "\"" + text + "\"";
    }

    // --- common properties, data types, markings, extensions ---------------------------------

    private static void common() {
        add(
                "a missing required property is reported",
                "identity",
                remove("name"),
                "name",
                "is required for identity but missing");
        add(
                "a number where a string belongs is reported",
                "identity",
                put("name", "5"),
                "name",
                "must be a string, not an integer");
        add(
                "an id without the type--uuid form is reported",
                "identity",
                put("id", q("identity-f431f809")),
                "id",
                "is not a STIX identifier");
        add(
                "an id whose uuid is not RFC 4122 is reported",
                "identity",
                put("id", q("identity--f431f809-377b-05e0-aa1c-6a4751cae5ff")),
                "id",
                "is not an RFC 4122 UUID");
        add(
                "an id of another type than the object is reported",
                "identity",
                put("id", q(Fixtures.INDICATOR)),
                "id",
                "must start with 'identity--'");
        add(
                "a missing type is reported",
                "identity",
                remove("type"),
                "type",
                "is required but missing");
        add(
                "a type with upper case is reported",
                "identity",
                put("type", q("Identity")),
                "type",
                "must start with a lower-case letter");
        add(
                "a type with a double hyphen is reported",
                "identity",
                put("type", q("x--acme")),
                "type",
                "must not contain '--'");
        add(
                "a type shorter than three characters is reported",
                "identity",
                put("type", q("id")),
                "type",
                "3 to 250 characters");
        add(
                "a type ending in a hyphen is reported",
                "identity",
                put("type", q("x-acme-")),
                "type",
                "must not end with a hyphen");
        add(
                "a spec_version other than 2.1 is reported",
                "identity",
                put("spec_version", q("2.2")),
                "spec_version",
                "use one of 2.1");
        add(
                "spec_version 2.0 is reported as STIX 2.0, with the upgrade offered",
                "identity",
                put("spec_version", q("2.0")),
                "spec_version",
                "this is a STIX 2.0 object (spec_version 2.0), and only STIX 2.1 is accepted"
                        + " here; offer: upgrade");
        add(
                "a domain object without spec_version is reported",
                "identity",
                remove("spec_version"),
                "spec_version",
                "is required");
        add(
                "a timestamp with an offset instead of Z is reported",
                "identity",
                put("created", q("2016-04-06T20:03:00.000+01:00")),
                "created",
                "is not in UTC");
        add(
                "a created timestamp without milliseconds is reported",
                "identity",
                put("created", q("2016-04-06T20:03:00Z")),
                "created",
                "precise to the millisecond");
        add(
                "a relationship created without milliseconds is reported (core.json agrees)",
                "relationship",
                put("created", q("2016-04-06T20:03:48Z")),
                "created",
                "precise to the millisecond");
        add(
                "a modified timestamp without milliseconds is reported",
                "identity",
                put("modified", q("2016-04-06T20:03:00.1Z")),
                "modified",
                "precise to the millisecond");
        add(
                "a timestamp with a lower-case t is reported",
                "identity",
                put("created", q("2016-04-06t20:03:00.000Z")),
                "created",
                "is not a timestamp");
        add(
                "a timestamp on a day that does not exist is reported",
                "identity",
                put("created", q("2016-02-30T20:03:00.000Z")),
                "created",
                "names a day that does not exist");
        add(
                "a timestamp at hour 24 is reported",
                "identity",
                put("created", q("2016-02-03T24:03:00.000Z")),
                "created",
                "time of day out of range");
        add(
                "modified before created is reported",
                "identity",
                put("modified", q("2016-04-06T20:02:59.999Z")),
                "modified",
                "must be no earlier than created");
        add(
                "a confidence above 100 is reported",
                "identity",
                put("confidence", "101"),
                "confidence",
                "between 0 and 100");
        add(
                "a negative confidence is reported",
                "identity",
                put("confidence", "-1"),
                "confidence",
                "between 0 and 100");
        add(
                "a fractional confidence is reported",
                "identity",
                put("confidence", "50.5"),
                "confidence",
                "must be an integer");
        add(
                "a created_by_ref to something other than an identity is reported",
                "indicator",
                put("created_by_ref", q(Fixtures.MALWARE)),
                "created_by_ref",
                "must refer to identity, not to an object of type malware");
        add(
                "an object_marking_refs entry that is not a marking definition is reported",
                "indicator",
                put("object_marking_refs", "[\"" + Fixtures.IDENTITY + "\"]"),
                "object_marking_refs[0]",
                "must refer to marking-definition");
        add(
                "a reference that is not an identifier is reported",
                "indicator",
                put("created_by_ref", q("ACME")),
                "created_by_ref",
                "is not a STIX identifier");
        add(
                "an empty list is reported",
                "identity",
                put("labels", "[]"),
                "labels",
                "must not be an empty list");
        add(
                "a null property is reported",
                "identity",
                put("description", "null"),
                "description",
                "must not be null");
        add(
                "a null list item is reported",
                "identity",
                put("labels", "[null]"),
                "labels[0]",
                "must not be null");
        add(
                "a list where a string belongs is reported",
                "identity",
                put("identity_class", "[\"unknown\"]"),
                "identity_class",
                "must be a string, not a list");
        add(
                "a lang that is not an RFC 5646 code is reported",
                "identity",
                put("lang", q("english_US")),
                "lang",
                "is not an RFC 5646 language code");
        add(
                "a revoked that is not a boolean is reported",
                "identity",
                put("revoked", q("yes")),
                "revoked",
                "must be true or false");
        add(
                "the reserved name severity is reported",
                "indicator",
                put("severity", q("high")),
                "severity",
                "reserved property name");
        add(
                "the reserved name action is reported on a course of action",
                "course-of-action",
                put("action", "{\"x\": 1}"),
                "action",
                "reserved property name");
        add(
                "the reserved name phone_numbers is reported on an observable",
                "email-addr",
                put("phone_numbers", "[\"555\"]"),
                "phone_numbers",
                "reserved property name");
        add(
                "a custom property name with upper case is reported",
                "identity",
                put("X_Acme", "1"),
                "X_Acme",
                "must start with a lower-case letter");
        add(
                "a custom property name of two characters is reported",
                "identity",
                put("xy", "1"),
                "xy",
                "must be 3 to 250 characters long");
        add(
                "a custom property name with a hyphen is reported",
                "identity",
                put("x-acme", "1"),
                "x-acme",
                "may only contain lower-case letters");
        add(
                "a custom property that is an empty list is reported",
                "identity",
                put("x_acme_list", "[]"),
                "x_acme_list",
                "must not be an empty list");
        add(
                "a null in a custom list is reported",
                "identity",
                put("x_acme", "[1, null]"),
                "x_acme[1]",
                "must not be null");
        add(
                "an empty list inside a custom extension is reported",
                "file",
                o -> obj(o, "extensions").set("x-acme-ext", j("{\"sid\": []}")),
                "extensions.x-acme-ext.sid",
                "must not be an empty list");
        add(
                "a null inside a property extension is reported",
                "indicator",
                put(
                        "extensions",
                        "{\"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e\":"
                                + " {\"extension_type\": \"property-extension\", \"rank\": null}}"),
                "extensions.extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e.rank",
                "must not be null");
        add(
                "a custom property that is null is reported",
                "identity",
                put("x_acme", "null"),
                "x_acme",
                "must not be null");
        add(
                "defanged on a domain object is reported",
                "indicator",
                put("defanged", "true"),
                "defanged",
                "does not apply to indicator objects");
        add(
                "an external reference with only a source name is reported",
                "indicator",
                o -> obj(o, "external_references", 0).retain("source_name"),
                "external_references[0]",
                "needs at least one of description, url or external_id");
        add(
                "an external reference without source_name is reported",
                "indicator",
                o -> obj(o, "external_references", 0).remove("source_name"),
                "external_references[0].source_name",
                "is required for external-reference");
        add(
                "a cve external reference with a malformed id is reported",
                "vulnerability",
                o -> obj(o, "external_references", 0).put("external_id", "CVE-16-1234"),
                "external_references[0].external_id",
                "is not a CVE identifier");
        add(
                "a capec external reference with a malformed id is reported",
                "attack-pattern",
                o -> obj(o, "external_references", 0).put("external_id", "CAPEC163"),
                "external_references[0].external_id",
                "is not a CAPEC identifier");
        add(
                "a vulnerability citing a CVE under another source name is reported",
                "vulnerability",
                o -> obj(o, "external_references", 0).put("source_name", "nvd"),
                "external_references[0].source_name",
                "must use source_name 'cve'");
        add(
                "an attack pattern citing a CAPEC id under another source name is reported",
                "attack-pattern",
                o -> obj(o, "external_references", 0).put("source_name", "mitre"),
                "external_references[0].source_name",
                "must use source_name 'capec'");
        add(
                "an external reference URL with a leading space is reported",
                "indicator",
                o -> obj(o, "external_references", 0).put("url", " https://example.com/r"),
                "external_references[0].url",
                "must not contain white space");
        add(
                "an external reference URL without a scheme is reported",
                "indicator",
                o -> obj(o, "external_references", 0).put("url", "example.com/r"),
                "external_references[0].url",
                "expected scheme:");
        add(
                "an MD5 of the wrong length is reported",
                "indicator",
                o -> obj(o, "external_references", 0, "hashes").put("MD5", "abc"),
                "external_references[0].hashes.MD5",
                "32 hexadecimal digits");
        add(
                "a SHA-256 that is not hexadecimal is reported",
                "file",
                o -> obj(o, "hashes").put("SHA-256", "z".repeat(64)),
                "hashes.SHA-256",
                "64 hexadecimal digits");
        add(
                "an SSDEEP with characters outside its alphabet is reported",
                "file",
                o -> obj(o, "hashes").put("SSDEEP", "3:a b:c"),
                "hashes.SSDEEP",
                "an SSDEEP hash must be");
        add(
                "a TLSH of the wrong length is reported",
                "file",
                o -> obj(o, "hashes").put("TLSH", "T1abc"),
                "hashes.TLSH",
                "70 letters or digits");
        add(
                "a custom hash name of two characters is reported",
                "file",
                o -> obj(o, "hashes").put("ab", "1234"),
                "hashes.ab",
                "custom hash names must be 3 to 250");
        add(
                "an empty hashes dictionary is reported",
                "file",
                put("hashes", "{}"),
                "hashes",
                "must not be empty");
        add(
                "a granular marking selector naming an absent property is reported",
                "indicator",
                o -> ((ArrayNode) at(o, "granular_markings", 0, "selectors")).set(0, "description"),
                "granular_markings[0].selectors[0]",
                "does not point at any property");
        add(
                "a granular marking selector indexing past the list is reported",
                "indicator",
                o ->
                        ((ArrayNode) at(o, "granular_markings", 0, "selectors"))
                                .set(1, "indicator_types.[5]"),
                "granular_markings[0].selectors[1]",
                "does not point at any property");
        add(
                "a granular marking selector indexing a string is reported",
                "indicator",
                o -> ((ArrayNode) at(o, "granular_markings", 0, "selectors")).set(0, "name.[0]"),
                "granular_markings[0].selectors[0]",
                "does not point at any property");
        add(
                "a granular marking with both marking_ref and lang is reported",
                "indicator",
                o -> obj(o, "granular_markings", 0).put("lang", "en"),
                "granular_markings[0]",
                "exactly one of marking_ref and lang");
        add(
                "a granular marking with neither marking_ref nor lang is reported",
                "indicator",
                o -> obj(o, "granular_markings", 0).remove("marking_ref"),
                "granular_markings[0]",
                "exactly one of marking_ref and lang");
        add(
                "a granular marking with a property of its own is reported",
                "indicator",
                o -> obj(o, "granular_markings", 0).put("x_acme", 1),
                "granular_markings[0].x_acme",
                "is not a property of granular-marking");
        add(
                "a granular marking_ref to an identity is reported",
                "indicator",
                o -> obj(o, "granular_markings", 0).put("marking_ref", Fixtures.IDENTITY),
                "granular_markings[0].marking_ref",
                "must refer to marking-definition");
        add(
                "a kill chain phase without phase_name is reported",
                "attack-pattern",
                o -> obj(o, "kill_chain_phases", 0).remove("phase_name"),
                "kill_chain_phases[0].phase_name",
                "is required for kill-chain-phase");
        add(
                "an empty extensions dictionary is reported",
                "file",
                put("extensions", "{}"),
                "extensions",
                "must not be empty");
        add(
                "an extension name that is neither an id nor *-ext is reported",
                "file",
                o -> obj(o, "extensions").set("acme", j("{\"a_b\": 1}")),
                "extensions.acme",
                "extension names must be an extension-definition id");
        add(
                "a custom extension name with upper case is reported",
                "file",
                o -> obj(o, "extensions").set("X-acme-ext", j("{\"a_b\": 1}")),
                "extensions.X-acme-ext",
                "may only contain lower-case letters");
        add(
                "an extension-definition key with a malformed uuid is reported",
                "indicator",
                put(
                        "extensions",
                        "{\"extension-definition--1234\": {\"extension_type\":"
                                + " \"property-extension\", \"rank\": 5}}"),
                "extensions.extension-definition--1234",
                "is not a STIX identifier");
        add(
                "an extension defined by an extension-definition without extension_type is reported",
                "indicator",
                put(
                        "extensions",
                        "{\"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e\":"
                                + " {\"rank\": 5}}"),
                "extensions.extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"
                        + ".extension_type",
                "is required for an extension defined by an extension-definition");
        add(
                "an unknown extension_type is reported",
                "indicator",
                put(
                        "extensions",
                        "{\"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e\":"
                                + " {\"extension_type\": \"new-thing\"}}"),
                "extensions.extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"
                        + ".extension_type",
                "'new-thing' is not allowed here");
        add(
                "an extension that redefines a STIX type as a new SDO is reported",
                "indicator",
                put(
                        "extensions",
                        "{\"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e\":"
                                + " {\"extension_type\": \"new-sdo\"}}"),
                "extensions.extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"
                        + ".extension_type",
                "must not redefine 'indicator'");
        add(
                "a property extension with a badly named property is reported",
                "indicator",
                put(
                        "extensions",
                        "{\"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e\":"
                                + " {\"extension_type\": \"property-extension\", \"Rank\": 5}}"),
                "extensions.extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e.Rank",
                "must start with a lower-case letter");
        add(
                "a custom *-ext extension on a domain object is reported",
                "indicator",
                put("extensions", "{\"x-acme-ext\": {\"rank\": 5}}"),
                "extensions.x-acme-ext",
                "exist only for cyber-observables");
        add(
                "an integer beyond 54 bits is reported",
                "autonomous-system",
                put("number", "1152921504606846976"),
                "number",
                "must be between");
        add(
                "a bundle given as an object is reported",
                "raw",
                raw(
                        "{\"type\": \"bundle\", \"id\": \"bundle--44af6c39-c09b-49c5-9de2-394224b04982\"}"),
                "type",
                "a bundle is a container");
        add(
                "a list given as an object is reported",
                "raw",
                raw("[]"),
                "",
                "must be a JSON object, not a list");
        add(
                "a custom object with a badly named property is reported",
                "raw",
                raw(
                        "{\"type\": \"x-acme-widget\", \"spec_version\": \"2.1\","
                                + " \"id\": \"x-acme-widget--4527e5de-8572-446a-a57a-706f15467461\","
                                + " \"created\": \"2016-08-01T00:00:00.000Z\","
                                + " \"modified\": \"2016-08-01T00:00:00.000Z\", \"Bad-Name\": 1}"),
                "Bad-Name",
                "must start with a lower-case letter");
        add(
                "a custom observable without an id is reported",
                "raw",
                raw("{\"type\": \"x-acme-thing\", \"x_value\": \"y\"}"),
                "id",
                "is required");
        add(
                "a dictionary key with a space is reported",
                "file",
                o ->
                        obj(o, "extensions", "pdf-ext", "document_info_dict")
                                .put("Creation Date", "x"),
                "extensions.pdf-ext.document_info_dict.Creation Date",
                "may only contain ASCII letters, digits");
        add(
                "an empty dictionary is reported",
                "process",
                put("environment_variables", "{}"),
                "environment_variables",
                "must not be an empty dictionary");
    }

    // --- section 4 ----------------------------------------------------------------------------

    private static void domainObjects() {
        add(
                "an indicator whose valid_until equals valid_from is reported",
                "indicator",
                put("valid_until", q("2016-01-01T00:00:00Z")),
                "valid_until",
                "must be later than valid_from");
        add(
                "an indicator whose valid_until is not after valid_from is reported",
                "indicator",
                put("valid_until", q("2015-12-31T23:59:59.999Z")),
                "valid_until",
                "must be later than valid_from");
        add(
                "an indicator without a pattern is reported",
                "indicator",
                remove("pattern"),
                "pattern",
                "is required");
        add(
                "an indicator with a blank pattern is reported",
                "indicator",
                put("pattern", q("  ")),
                "pattern",
                "must not be empty");
        add(
                "an indicator whose pattern_type is not a string is reported",
                "indicator",
                put("pattern_type", "5"),
                "pattern_type",
                "must be a string");
        add(
                "an indicator whose valid_from is not a timestamp is reported",
                "indicator",
                put("valid_from", q("yesterday")),
                "valid_from",
                "is not a timestamp");
        add(
                "a latitude above 90 is reported",
                "location",
                put("latitude", "91"),
                "latitude",
                "must be between -90.0 and 90.0");
        add(
                "a longitude below -180 is reported",
                "location",
                put("longitude", "-180.5"),
                "longitude",
                "must be between -180.0 and 180.0");
        add(
                "a latitude given as a string is reported",
                "location",
                put("latitude", q("48.85")),
                "latitude",
                "must be a number");
        add(
                "a latitude without longitude is reported",
                "location",
                remove("longitude"),
                "longitude",
                "is required when latitude is present");
        add(
                "a precision without latitude and longitude is reported",
                "location",
                remove("latitude", "longitude"),
                "latitude",
                "is required when precision is present");
        add(
                "a location with no region, country or point is reported",
                "location",
                remove("region", "country", "latitude", "longitude", "precision"),
                "",
                "needs at least one of region, country, or latitude with longitude");
        add(
                "a malware without is_family is reported",
                "malware",
                remove("is_family"),
                "is_family",
                "is required");
        add(
                "a malware family without a name is reported",
                "malware",
                remove("name"),
                "name",
                "is required when is_family is true");
        add(
                "malware sample_refs to a URL is reported",
                "malware",
                put("sample_refs", "[\"url--47c3cf9a-5027-5bf0-997a-017c7edc7c55\"]"),
                "sample_refs[0]",
                "must refer to file or artifact");
        add(
                "malware operating_system_refs to a file is reported",
                "malware",
                put("operating_system_refs", "[\"" + Fixtures.FILE + "\"]"),
                "operating_system_refs[0]",
                "must refer to software");
        add(
                "a malware last_seen before first_seen is reported",
                "malware",
                put("last_seen", q("2014-01-01T00:00:00Z")),
                "last_seen",
                "must be no earlier than first_seen");
        add(
                "a campaign last_seen before first_seen is reported",
                "campaign",
                put("last_seen", q("2016-01-08T12:50:40.122Z")),
                "last_seen",
                "must be no earlier than first_seen");
        add(
                "a malware analysis with neither result nor analysis_sco_refs is reported",
                "malware-analysis",
                remove("result", "analysis_sco_refs"),
                "",
                "needs at least one of result, analysis_sco_refs");
        add(
                "malware analysis_sco_refs to a domain object is reported",
                "malware-analysis",
                put("analysis_sco_refs", "[\"" + Fixtures.INDICATOR + "\"]"),
                "analysis_sco_refs[0]",
                "must refer to a cyber-observable object");
        add(
                "a malware analysis sample_ref to an IPv4 address is reported",
                "malware-analysis",
                put("sample_ref", q(Fixtures.IPV4)),
                "sample_ref",
                "must refer to file or network-traffic or artifact");
        add(
                "a malware analysis without product is reported",
                "malware-analysis",
                remove("product"),
                "product",
                "is required");
        add(
                "observed data with both objects and object_refs is reported",
                "observed-data",
                put("objects", "{\"0\": {\"type\": \"ipv4-addr\", \"value\": \"1.2.3.4\"}}"),
                "objects",
                "must not be present together with object_refs");
        add(
                "observed data with neither objects nor object_refs is reported",
                "observed-data",
                remove("object_refs"),
                "",
                "needs object_refs");
        add(
                "observed data with number_observed 0 is reported",
                "observed-data",
                put("number_observed", "0"),
                "number_observed",
                "between 1 and 999999999");
        add(
                "observed data with number_observed above 999,999,999 is reported",
                "observed-data",
                put("number_observed", "1000000000"),
                "number_observed",
                "between 1 and 999999999");
        add(
                "observed data whose last_observed precedes first_observed is reported",
                "observed-data",
                put("last_observed", q("2015-12-21T18:59:59Z")),
                "last_observed",
                "must be no earlier than first_observed");
        add(
                "observed data listing only relationships is reported",
                "observed-data",
                put("object_refs", "[\"" + Fixtures.RELATIONSHIP + "\"]"),
                "object_refs",
                "at least one cyber-observable object");
        add(
                "observed data listing a domain object is reported",
                "observed-data",
                put("object_refs", "[\"" + Fixtures.INDICATOR + "\", \"" + Fixtures.IPV4 + "\"]"),
                "object_refs[0]",
                "must refer to a cyber-observable object or a relationship");
        add(
                "an observable container reference that does not resolve is reported",
                "observed-data",
                o -> {
                    o.remove("object_refs");
                    o.set(
                            "objects",
                            j(
                                    "{\"0\": {\"type\": \"ipv4-addr\", \"value\": \"1.2.3.4\"},"
                                            + " \"1\": {\"type\": \"network-traffic\", \"dst_ref\": \"2\","
                                            + " \"protocols\": [\"tcp\"]}}"));
                },
                "objects.1.dst_ref",
                "must be the key of another object in the same container");
        add(
                "an observable container object without a type is reported",
                "observed-data",
                o -> {
                    o.remove("object_refs");
                    o.set("objects", j("{\"0\": {\"value\": \"1.2.3.4\"}}"));
                },
                "objects.0.type",
                "is required");
        add(
                "an empty observable container is reported",
                "observed-data",
                o -> {
                    o.remove("object_refs");
                    o.set("objects", j("{}"));
                },
                "objects",
                "must contain at least one object");
        add(
                "an opinion outside the enumeration is reported",
                "opinion",
                put("opinion", q("maybe")),
                "opinion",
                "use one of strongly-disagree");
        add(
                "a report without published is reported",
                "report",
                remove("published"),
                "published",
                "is required");
        add(
                "a report with empty object_refs is reported",
                "report",
                put("object_refs", "[]"),
                "object_refs",
                "must not be an empty list");
        add(
                "a report referring to a bundle is reported",
                "report",
                put("object_refs", "[\"bundle--44af6c39-c09b-49c5-9de2-394224b04982\"]"),
                "object_refs[0]",
                "must refer to a STIX object");
        add(
                "a grouping without context is reported",
                "grouping",
                remove("context"),
                "context",
                "is required");
        add(
                "a note without content is reported",
                "note",
                remove("content"),
                "content",
                "is required");
        add(
                "an identity sector that is not a string is reported",
                "identity",
                put("sectors", "[7]"),
                "sectors[0]",
                "must be a string");
    }

    // --- section 5 ----------------------------------------------------------------------------

    private static void relationships() {
        add(
                "a relationship_type with upper case is reported",
                "relationship",
                put("relationship_type", q("Uses")),
                "relationship_type",
                "may only contain lower-case letters, digits and hyphens");
        add(
                "a relationship from a relationship is reported",
                "relationship",
                put("source_ref", q(Fixtures.RELATIONSHIP)),
                "source_ref",
                "must refer to an SDO or SCO");
        add(
                "a relationship to a marking definition is reported",
                "relationship",
                put("target_ref", q(Fixtures.TLP_GREEN)),
                "target_ref",
                "must refer to an SDO or SCO");
        add(
                "a relationship whose stop_time equals start_time is reported",
                "relationship",
                put("stop_time", q("2016-01-01T00:00:00.000Z")),
                "stop_time",
                "must be later than start_time");
        add(
                "a relationship without target_ref is reported",
                "relationship",
                remove("target_ref"),
                "target_ref",
                "is required");
        add(
                "a sighting count below 0 is reported",
                "sighting",
                put("count", "-1"),
                "count",
                "between 0 and 999999999");
        add(
                "a sighting count above 999,999,999 is reported",
                "sighting",
                put("count", "1000000000"),
                "count",
                "between 0 and 999999999");
        add(
                "a sighting of an observable is reported",
                "sighting",
                put("sighting_of_ref", q(Fixtures.IPV4)),
                "sighting_of_ref",
                "must refer to an SDO");
        add(
                "a sighting seen where an indicator is is reported",
                "sighting",
                put("where_sighted_refs", "[\"" + Fixtures.INDICATOR + "\"]"),
                "where_sighted_refs[0]",
                "must refer to identity or location");
        add(
                "sighting observed_data_refs to an indicator is reported",
                "sighting",
                put("observed_data_refs", "[\"" + Fixtures.INDICATOR + "\"]"),
                "observed_data_refs[0]",
                "must refer to observed-data");
        add(
                "a sighting summary given as a string is reported",
                "sighting",
                put("summary", q("false")),
                "summary",
                "must be true or false");
        add(
                "a sighting last_seen before first_seen is reported",
                "sighting",
                put("last_seen", q("2015-12-21T18:00:00Z")),
                "last_seen",
                "must be no earlier than first_seen");
    }

    // --- section 6 ----------------------------------------------------------------------------

    private static void observables() {
        add(
                "an IPv4 octet above 255 is reported",
                "ipv4-addr",
                put("value", q("300.1.1.1")),
                "value",
                "is not an IPv4 address");
        add(
                "an IPv4 CIDR prefix above 32 is reported",
                "ipv4-addr",
                put("value", q("198.51.100.0/33")),
                "value",
                "prefix length");
        add(
                "an IPv6 address with a triple colon is reported",
                "ipv6-addr",
                put("value", q("2001:db8:::1")),
                "value",
                "is not an IPv6 address");
        add(
                "an IPv6 address with nine groups is reported",
                "ipv6-addr",
                put("value", q("1:2:3:4:5:6:7:8:9")),
                "value",
                "is not an IPv6 address");
        add(
                "an upper-case MAC address is reported",
                "mac-addr",
                put("value", q("D2:FB:49:24:37:18")),
                "value",
                "six lower-case hex octets");
        add(
                "a MAC address without leading zeros is reported",
                "mac-addr",
                put("value", q("2:fb:49:24:37:18")),
                "value",
                "six lower-case hex octets");
        add(
                "a domain name with a space is reported",
                "domain-name",
                put("value", q("exa mple.com")),
                "value",
                "may not appear in a label");
        add(
                "a domain label starting with a hyphen is reported",
                "domain-name",
                put("value", q("-example.com")),
                "value",
                "must not start or end with a hyphen");
        add(
                "a domain name with an empty label is reported",
                "domain-name",
                put("value", q("example..com")),
                "value",
                "1 to 63 characters");
        add(
                "an e-mail address with a display name is reported",
                "email-addr",
                put("value", q("John <john@example.com>")),
                "value",
                "without a display name");
        add(
                "an e-mail address without @ is reported",
                "email-addr",
                put("value", q("john.example.com")),
                "value",
                "is not an e-mail address");
        add(
                "a URL object without a scheme is reported",
                "url",
                put("value", q("example.com/index.html")),
                "value",
                "is not a URL");
        add(
                "created_by_ref on an observable is reported",
                "ipv4-addr",
                put("created_by_ref", q(Fixtures.IDENTITY)),
                "created_by_ref",
                "does not apply to ipv4-addr objects");
        add(
                "labels on an observable is reported",
                "file",
                put("labels", "[\"bad\"]"),
                "labels",
                "does not apply to file objects");
        add(
                "an observable with spec_version 2.0 is reported",
                "mutex",
                put("spec_version", q("2.0")),
                "spec_version",
                "this is a STIX 2.0 object (spec_version 2.0)");
        add("an observable without an id is reported", "mutex", remove("id"), "id", "is required");
        add(
                "an artifact with both payload_bin and url is reported",
                "artifact",
                put("url", q("https://example.com/a.png")),
                "url",
                "must not be present together with payload_bin");
        add(
                "an artifact url without hashes is reported",
                "artifact",
                o -> {
                    o.remove("payload_bin");
                    o.remove("hashes");
                    o.put("url", "https://example.com/a.png");
                },
                "hashes",
                "is required when url is present");
        add(
                "an artifact with neither payload_bin nor url is reported",
                "artifact",
                remove("payload_bin"),
                "",
                "needs one of payload_bin or url");
        add(
                "an artifact decryption_key without encryption_algorithm is reported",
                "artifact",
                remove("encryption_algorithm"),
                "encryption_algorithm",
                "is required when decryption_key is present");
        add(
                "an artifact encryption_algorithm outside the enumeration is reported",
                "artifact",
                put("encryption_algorithm", q("rot13")),
                "encryption_algorithm",
                "use one of AES-256-GCM");
        add(
                "an artifact payload that is not base64 is reported",
                "artifact",
                put("payload_bin", q("not base64!")),
                "payload_bin",
                "is not valid base64");
        add(
                "an autonomous system number given as a string is reported",
                "autonomous-system",
                put("number", q("15139")),
                "number",
                "must be an integer, not a string");
        add(
                "a directory without path is reported",
                "directory",
                remove("path"),
                "path",
                "is required");
        add(
                "directory contains_refs to a process is reported",
                "directory",
                put("contains_refs", "[\"process--8fac80fe-a220-4ba9-8ffe-4f43ce8edff8\"]"),
                "contains_refs[0]",
                "must refer to file or directory");
        add(
                "a multipart e-mail with a body is reported",
                "email-message",
                put("body", q("hello")),
                "body",
                "must not be used when is_multipart is true");
        add(
                "a single-part e-mail with body_multipart is reported",
                "email-message",
                put("is_multipart", "false"),
                "body_multipart",
                "must not be used when is_multipart is false");
        add(
                "an e-mail message without is_multipart is reported",
                "email-message",
                remove("is_multipart"),
                "is_multipart",
                "is required");
        add(
                "a MIME part with both body and body_raw_ref is reported",
                "email-message",
                o -> obj(o, "body_multipart", 1).put("body", "x"),
                "body_multipart[1].body_raw_ref",
                "must not be present together with body");
        add(
                "a MIME part with neither body nor body_raw_ref is reported",
                "email-message",
                o -> obj(o, "body_multipart", 0).remove("body"),
                "body_multipart[0]",
                "needs one of body or body_raw_ref");
        add(
                "an e-mail from_ref to an IPv4 address is reported",
                "email-message",
                put("from_ref", q(Fixtures.IPV4)),
                "from_ref",
                "must refer to email-addr");
        add(
                "an e-mail header field given as a plain string is reported",
                "email-message",
                o -> obj(o, "additional_header_fields").put("X-Mailer", "Mutt/1.5.23"),
                "additional_header_fields.X-Mailer",
                "must be a list, not a string");
        add(
                "a file with neither hashes nor name is reported",
                "file",
                remove("hashes", "name"),
                "",
                "needs at least one of hashes, name");
        add("a negative file size is reported", "file", put("size", "-1"), "size", "between 0 and");
        add(
                "a magic number that is not hexadecimal is reported",
                "file",
                put("magic_number_hex", q("xyz")),
                "magic_number_hex",
                "hexadecimal digits");
        add(
                "name_enc without name is reported",
                "file",
                o -> {
                    o.remove("name");
                    o.put("name_enc", "windows-1252");
                },
                "name",
                "is required when name_enc is present");
        add(
                "an empty NTFS extension is reported",
                "file",
                o -> obj(o, "extensions").set("ntfs-ext", j("{}")),
                "extensions.ntfs-ext",
                "must not be an empty object");
        add(
                "an alternate data stream without a name is reported",
                "file",
                o -> obj(o, "extensions", "ntfs-ext", "alternate_data_streams", 0).remove("name"),
                "extensions.ntfs-ext.alternate_data_streams[0].name",
                "is required");
        add(
                "a PE extension with nothing but pe_type is reported",
                "file",
                o -> obj(o, "extensions").set("windows-pebinary-ext", j("{\"pe_type\": \"exe\"}")),
                "extensions.windows-pebinary-ext",
                "needs at least one of imphash, machine_hex");
        add(
                "a PE time_date_stamp with a fraction of a second is reported",
                "file",
                o ->
                        obj(o, "extensions", "windows-pebinary-ext")
                                .put("time_date_stamp", "2016-01-22T12:31:12.5Z"),
                "extensions.windows-pebinary-ext.time_date_stamp",
                "precise to the second");
        add(
                "a PE section without a name is reported",
                "file",
                o -> obj(o, "extensions", "windows-pebinary-ext", "sections", 0).remove("name"),
                "extensions.windows-pebinary-ext.sections[0].name",
                "is required");
        add(
                "a negative PE optional header size is reported",
                "file",
                o ->
                        obj(o, "extensions", "windows-pebinary-ext", "optional_header")
                                .put("size_of_code", -512),
                "extensions.windows-pebinary-ext.optional_header.size_of_code",
                "between 0 and");
        add(
                "an EXIF tag that is neither integer nor string is reported",
                "file",
                o -> obj(o, "extensions", "raster-image-ext", "exif_tags").put("Flash", true),
                "extensions.raster-image-ext.exif_tags.Flash",
                "must be an integer");
        add(
                "archive contains_refs to an IPv4 address is reported",
                "file",
                o ->
                        obj(o, "extensions", "archive-ext")
                                .set("contains_refs", j("[\"" + Fixtures.IPV4 + "\"]")),
                "extensions.archive-ext.contains_refs[0]",
                "must refer to file or directory");
        add(
                "network traffic with neither src_ref nor dst_ref is reported",
                "network-traffic",
                remove("src_ref", "dst_ref"),
                "",
                "needs at least one of src_ref, dst_ref");
        add(
                "network traffic without protocols is reported",
                "network-traffic",
                remove("protocols"),
                "protocols",
                "is required");
        add(
                "a port above 65535 is reported",
                "network-traffic",
                put("dst_port", "70000"),
                "dst_port",
                "between 0 and 65535");
        add(
                "network traffic ending before it starts is reported",
                "network-traffic",
                put("end", q("2015-12-31T23:59:59Z")),
                "end",
                "must be no earlier than start");
        add(
                "active network traffic with an end is reported",
                "network-traffic",
                put("is_active", "true"),
                "end",
                "must not be present while is_active is true");
        add(
                "network traffic from a file is reported",
                "network-traffic",
                put("src_ref", q(Fixtures.FILE)),
                "src_ref",
                "must refer to ipv4-addr or ipv6-addr or mac-addr or domain-name");
        add(
                "a negative byte count is reported",
                "network-traffic",
                put("src_byte_count", "-5"),
                "src_byte_count",
                "between 0 and");
        add(
                "an HTTP request without request_value is reported",
                "network-traffic",
                o -> obj(o, "extensions", "http-request-ext").remove("request_value"),
                "extensions.http-request-ext.request_value",
                "is required");
        add(
                "an ICMP type of one hex digit is reported",
                "network-traffic",
                o -> obj(o, "extensions", "icmp-ext").put("icmp_type_hex", "8"),
                "extensions.icmp-ext.icmp_type_hex",
                "even number of hexadecimal digits");
        add(
                "a socket address family outside the enumeration is reported",
                "network-traffic",
                o -> obj(o, "extensions", "socket-ext").put("address_family", "AF_FOO"),
                "extensions.socket-ext.address_family",
                "use one of AF_UNSPEC");
        add(
                "a socket option that is not an integer is reported",
                "network-traffic",
                o -> obj(o, "extensions", "socket-ext", "options").put("SO_KEEPALIVE", "on"),
                "extensions.socket-ext.options.SO_KEEPALIVE",
                "must be an integer");
        add(
                "an empty TCP extension is reported",
                "network-traffic",
                o -> obj(o, "extensions").set("tcp-ext", j("{}")),
                "extensions.tcp-ext",
                "must not be an empty object");
        add(
                "a process with nothing but type and id is reported",
                "process",
                only("type", "id", "spec_version"),
                "",
                "needs at least one of extensions");
        add(
                "a Windows integrity level outside the enumeration is reported",
                "process",
                o -> obj(o, "extensions", "windows-process-ext").put("integrity_level", "root"),
                "extensions.windows-process-ext.integrity_level",
                "use one of low");
        add(
                "a Windows service start type outside the enumeration is reported",
                "process",
                o -> obj(o, "extensions", "windows-service-ext").put("start_type", "SOMETIMES"),
                "extensions.windows-service-ext.start_type",
                "use one of SERVICE_AUTO_START");
        add(
                "a process parent_ref to a file is reported",
                "process",
                put("parent_ref", q(Fixtures.FILE)),
                "parent_ref",
                "must refer to process");
        add(
                "a CPE that is not CPE 2.3 is reported",
                "software",
                put("cpe", q("cpe:/a:microsoft:word:2000")),
                "cpe",
                "is not a CPE 2.3");
        add(
                "a software language that is not RFC 5646 is reported",
                "software",
                put("languages", "[\"english!\"]"),
                "languages[0]",
                "RFC 5646");
        add(
                "a user account with nothing of its own is reported",
                "user-account",
                only("type", "id", "spec_version"),
                "",
                "needs at least one of extensions");
        add(
                "a UNIX account extension with only a custom property is reported",
                "user-account",
                o -> obj(o, "extensions").set("unix-account-ext", j("{\"x_acme\": 1}")),
                "extensions.unix-account-ext",
                "needs at least one of gid, groups, home_dir, shell");
        add(
                "a registry value with only a custom property is reported",
                "windows-registry-key",
                o -> ((ArrayNode) o.get("values")).set(1, j("{\"x_acme\": 1}")),
                "values[1]",
                "needs at least one of name, data, data_type");
        add(
                "an EXIF tag name that does not start with a capital is reported",
                "file",
                o -> obj(o, "extensions", "raster-image-ext", "exif_tags").put("make", "Nikon"),
                "extensions.raster-image-ext.exif_tags.make",
                "EXIF tag name");
        add(
                "a UNIX gid given as a string is reported",
                "user-account",
                o -> obj(o, "extensions", "unix-account-ext").put("gid", "1001"),
                "extensions.unix-account-ext.gid",
                "must be an integer");
        add(
                "a registry key with an abbreviated hive is reported",
                "windows-registry-key",
                put("key", q("HKLM\\\\Software\\\\Acme")),
                "key",
                "hive must be written out in full");
        add(
                "a registry value type outside the enumeration is reported",
                "windows-registry-key",
                o -> obj(o, "values", 0).put("data_type", "REG_FOO"),
                "values[0].data_type",
                "use one of REG_NONE");
        add(
                "an empty registry value is reported",
                "windows-registry-key",
                o -> ((ArrayNode) o.get("values")).set(1, j("{}")),
                "values[1]",
                "must not be an empty object");
        add(
                "a certificate with nothing of its own is reported",
                "x509-certificate",
                only("type", "id", "spec_version"),
                "",
                "needs at least one of is_self_signed");
        add(
                "empty X.509 v3 extensions are reported",
                "x509-certificate",
                put("x509_v3_extensions", "{}"),
                "x509_v3_extensions",
                "must not be an empty object");
        add(
                "a public key exponent given as a string is reported",
                "x509-certificate",
                put("subject_public_key_exponent", q("65537")),
                "subject_public_key_exponent",
                "must be an integer");
    }

    // --- section 7 ----------------------------------------------------------------------------

    private static final String TLP2_EXT =
            "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    private static void metaObjects() {
        add(
                "modified on a marking definition is reported",
                "marking-definition",
                put("modified", q("2017-01-20T00:00:00.000Z")),
                "modified",
                "does not apply to marking-definition objects");
        add(
                "a marking definition with neither extensions nor definition_type is reported",
                "marking-definition",
                remove("definition_type"),
                "definition_type",
                "is required when there are no extensions");
        add(
                "a marking definition with neither extensions nor definition is reported",
                "marking-definition",
                remove("definition"),
                "definition",
                "is required when there are no extensions");
        add(
                "a TLP 1.0 marking under another id is reported",
                "marking-definition",
                put("id", q(OTHER_MARKING)),
                "id",
                "must be the marking definition the specification defines");
        add(
                "a TLP 1.0 level outside white, green, amber and red is reported",
                "marking-definition",
                put("definition", "{\"tlp\": \"purple\"}"),
                "definition.tlp",
                "use one of white");
        add(
                "a TLP 1.0 marking with an added property is reported",
                "marking-definition",
                put("created_by_ref", q(Fixtures.IDENTITY)),
                "created_by_ref",
                "must not be added to the standard TLP:GREEN marking definition");
        add(
                "a TLP 1.0 marking with another name is reported",
                "marking-definition",
                put("name", q("green")),
                "name",
                "must be 'TLP:GREEN'");
        add(
                "a TLP 1.0 marking with another created time is reported",
                "marking-definition",
                put("created", q("2018-01-20T00:00:00.000Z")),
                "created",
                "must be 2017-01-20T00:00:00.000Z");
        add(
                "a statement marking under a standard TLP 1.0 id is reported",
                "marking-definition",
                o -> {
                    o.put("definition_type", "statement");
                    o.set("definition", j("{\"statement\": \"Copyright\"}"));
                },
                "definition_type",
                "is one of the standard TLP 1.0 marking definitions");
        add(
                "a statement marking under a standard TLP 2.0 id is reported",
                "marking-definition",
                o -> {
                    o.put("id", Tlp.RED.markingId());
                    o.put("definition_type", "statement");
                    o.remove("name");
                    o.set("definition", j("{\"statement\": \"Copyright\"}"));
                },
                "extensions",
                "must carry the TLP 2.0 extension");
        add(
                "a statement marking without statement is reported",
                "marking-definition",
                o -> {
                    o.put("id", Fixtures.STATEMENT);
                    o.put("definition_type", "statement");
                    o.remove("name");
                    o.set("definition", j("{\"text\": \"Copyright\"}"));
                },
                "definition.statement",
                "is required for statement marking");
        add(
                "a TLP 2.0 marking with a level outside TLP 2.0 is reported",
                "marking-definition",
                o -> {
                    o.remove("definition_type");
                    o.remove("definition");
                    o.put("id", Tlp.AMBER.markingId());
                    o.put("created", "2022-10-01T00:00:00.000Z");
                    o.set(
                            "extensions",
                            j(
                                    "{\""
                                            + TLP2_EXT
                                            + "\": {\"extension_type\":"
                                            + " \"property-extension\", \"tlp_2_0\": \"yellow\"}}"));
                },
                "extensions." + TLP2_EXT + ".tlp_2_0",
                "must be one of clear, green, amber");
        add(
                "a standard TLP 2.0 id carrying another level is reported",
                "marking-definition",
                o -> {
                    o.remove("definition_type");
                    o.remove("definition");
                    o.put("id", Tlp.GREEN.markingId());
                    o.put("created", "2022-10-01T00:00:00.000Z");
                    o.set(
                            "extensions",
                            j(
                                    "{\""
                                            + TLP2_EXT
                                            + "\": {\"extension_type\":"
                                            + " \"property-extension\", \"tlp_2_0\": \"red\"}}"));
                },
                "extensions." + TLP2_EXT + ".tlp_2_0",
                "contradicts the standard TLP 2.0");
        add(
                "a marking definition marking itself is reported",
                "marking-definition",
                o -> {
                    o.put("id", Fixtures.STATEMENT);
                    o.put("definition_type", "statement");
                    o.remove("name");
                    o.set("definition", j("{\"statement\": \"Copyright\"}"));
                    o.set("object_marking_refs", j("[\"" + Fixtures.STATEMENT + "\"]"));
                },
                "object_marking_refs[0]",
                "must not mark itself");
        add(
                "language content keyed by something other than a language is reported",
                "language-content",
                o -> obj(o, "contents").set("german!", j("{\"name\": \"x\"}")),
                "contents.german!",
                "is not an RFC 5646 language code");
        add(
                "language content whose translation is a string is reported",
                "language-content",
                o -> obj(o, "contents").put("es", "hola"),
                "contents.es",
                "must be a non-empty object");
        add(
                "language content about a bundle is reported",
                "language-content",
                put("object_ref", q("bundle--44af6c39-c09b-49c5-9de2-394224b04982")),
                "object_ref",
                "must refer to a STIX object");
        add(
                "language content without contents is reported",
                "language-content",
                remove("contents"),
                "contents",
                "is required");
        add(
                "lang on language content is reported",
                "language-content",
                put("lang", q("en")),
                "lang",
                "does not apply to language-content objects");
        add(
                "an extension definition without created_by_ref is reported",
                "extension-definition",
                remove("created_by_ref"),
                "created_by_ref",
                "is required");
        add(
                "extension_properties without a top-level property extension is reported",
                "extension-definition",
                put("extension_types", "[\"property-extension\"]"),
                "extension_properties",
                "may only be used when extension_types includes toplevel-property-extension");
        add(
                "an extension type outside the enumeration is reported",
                "extension-definition",
                put("extension_types", "[\"new-thing\", \"toplevel-property-extension\"]"),
                "extension_types[0]",
                "'new-thing' is not allowed here");
        add(
                "extensions on an extension definition are reported",
                "extension-definition",
                put("extensions", "{\"x-acme-ext\": {\"a_b\": 1}}"),
                "extensions",
                "does not apply to extension-definition objects");
    }
}
