package org.entente.stix;

import static org.entente.stix.Props.BOOLEAN;
import static org.entente.stix.Props.HASHES;
import static org.entente.stix.Props.LANG;
import static org.entente.stix.Props.STRING;
import static org.entente.stix.Props.STRING_LIST;
import static org.entente.stix.Props.TIMESTAMP_MILLIS;
import static org.entente.stix.Props.URL;
import static org.entente.stix.Props.enumOf;
import static org.entente.stix.Props.integer;
import static org.entente.stix.Props.list;
import static org.entente.stix.Props.object;
import static org.entente.stix.Props.ref;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Common properties (STIX 2.1 section 3) and the embedded types every kind of object uses. */
final class Common {
    private Common() {}

    /**
     * Property names STIX 2.1 reserves on every object (section 3.8). NB: the errata 01 text lists
     * {@code phone_number} where STIX 2.1 as published and the OASIS schemas list {@code
     * phone_numbers}; both are refused.
     */
    static final Set<String> RESERVED =
            Set.of("severity", "action", "username", "phone_number", "phone_numbers");

    /** The common properties that SCOs do not use (section 6, "Not Applicable"). */
    static final String[] NOT_FOR_SCO = {
        "created_by_ref", "revoked", "labels", "confidence", "lang", "external_references"
    };

    static final ObjectSpec EXTERNAL_REFERENCE =
            ObjectSpec.builder("external-reference")
                    .req("source_name", STRING)
                    .opt("description", STRING)
                    .opt("url", URL)
                    .opt("hashes", HASHES)
                    .opt("external_id", STRING)
                    .rule(Common::externalReferenceRules)
                    .build();

    static final ObjectSpec KILL_CHAIN_PHASE =
            ObjectSpec.builder("kill-chain-phase")
                    .req("kill_chain_name", STRING)
                    .req("phase_name", STRING)
                    .rule(
                            (value, path, check) -> {
                                JsonText.lowerHyphenated(value, "kill_chain_name", path, check);
                                JsonText.lowerHyphenated(value, "phase_name", path, check);
                            })
                    .build();

    static final ObjectSpec GRANULAR_MARKING =
            ObjectSpec.builder("granular-marking")
                    .req("selectors", STRING_LIST)
                    .opt("lang", LANG)
                    .opt("marking_ref", ref("marking-definition"))
                    .unknown(ObjectSpec.Unknown.ERROR)
                    .rule(
                            (value, path, check) -> {
                                boolean hasRef = value.has("marking_ref");
                                boolean hasLang = value.has("lang");
                                if (hasRef == hasLang) {
                                    check.error(
                                            path,
                                            "a granular marking must have exactly one of"
                                                    + " marking_ref and lang");
                                }
                            })
                    .build();

    static final PropertyType KILL_CHAIN_PHASES = list(object(KILL_CHAIN_PHASE));

    static final PropertyType EXTERNAL_REFERENCES = list(object(EXTERNAL_REFERENCE));

    static final PropertyType GRANULAR_MARKINGS = list(object(GRANULAR_MARKING));

    static final PropertyType MARKING_REFS = list(ref("marking-definition"));

    /** The common properties of SDOs and SROs. */
    static ObjectSpec.Builder sdo(String type) {
        return ObjectSpec.builder(type)
                .req("type", STRING)
                .req("spec_version", enumOf("2.1"))
                .req("id", STRING)
                .req("created", TIMESTAMP_MILLIS)
                .req("modified", TIMESTAMP_MILLIS)
                .opt("created_by_ref", ref("identity"))
                .opt("revoked", BOOLEAN)
                .opt("labels", STRING_LIST)
                .opt("confidence", integer(0, 100))
                .opt("lang", LANG)
                .opt("external_references", EXTERNAL_REFERENCES)
                .opt("object_marking_refs", MARKING_REFS)
                .opt("granular_markings", GRANULAR_MARKINGS)
                .opt("extensions", Props.ANY) // checked by the validator, which knows the type
                .notApplicable("defanged");
    }

    /** The common properties of cyber-observable objects (SCOs). */
    static ObjectSpec.Builder sco(String type) {
        return ObjectSpec.builder(type)
                .req("type", STRING)
                .opt("spec_version", enumOf("2.1"))
                .req("id", STRING)
                .opt("object_marking_refs", MARKING_REFS)
                .opt("granular_markings", GRANULAR_MARKINGS)
                .opt("defanged", BOOLEAN)
                .opt("extensions", Props.ANY)
                .notApplicable(NOT_FOR_SCO);
    }

    private static void externalReferenceRules(JsonNode value, Path path, Check check) {
        if (!value.has("description") && !value.has("url") && !value.has("external_id")) {
            check.error(
                    path,
                    "an external reference needs at least one of description, url or"
                            + " external_id besides source_name");
        }
        String source = JsonText.string(value, "source_name");
        String externalId = JsonText.string(value, "external_id");
        if (source == null || externalId == null) {
            return;
        }
        // NB: sections 4.1 and 4.19 fix the form of CAPEC and CVE ids; a source named after one
        // of them with another kind of id is wrong on any object.
        if (source.equals("cve") && !isCveId(externalId)) {
            check.error(
                    path.property("external_id"),
                    "'"
                            + externalId
                            + "' is not a CVE identifier (CVE-YYYY-NNNN), which source_name"
                            + " 'cve' requires");
        } else if (source.equals("capec") && !isCapecId(externalId)) {
            check.error(
                    path.property("external_id"),
                    "'"
                            + externalId
                            + "' is not a CAPEC identifier (CAPEC-N), which source_name"
                            + " 'capec' requires");
        }
    }

    /**
     * The rule of attack patterns (CAPEC) and vulnerabilities (CVE): an external reference that
     * carries such an id must name its source {@code capec} or {@code cve}.
     */
    static ObjectSpec.Rule externalIdsNamedBySource(String source) {
        boolean cve = source.equals("cve");
        return (value, path, check) -> {
            JsonNode refs = value.get("external_references");
            if (refs == null || !refs.isArray()) {
                return;
            }
            for (int i = 0; i < refs.size(); i++) {
                JsonNode ref = refs.get(i);
                String externalId = JsonText.string(ref, "external_id");
                String name = JsonText.string(ref, "source_name");
                if (externalId == null || name == null || name.equals(source)) {
                    continue;
                }
                if (cve ? isCveId(externalId) : isCapecId(externalId)) {
                    check.error(
                            path.property("external_references").index(i).property("source_name"),
                            "a reference to '"
                                    + externalId
                                    + "' must use source_name '"
                                    + source
                                    + "'");
                }
            }
        };
    }

    /** {@code CVE-YYYY-NNNN...}: four digits after the year, more only without a leading 0. */
    static boolean isCveId(String s) {
        if (s.length() < 13 || !s.startsWith("CVE-") || s.charAt(8) != '-') {
            return false;
        }
        for (int i = 4; i < s.length(); i++) {
            if (i != 8 && !isDigit(s.charAt(i))) {
                return false;
            }
        }
        int sequenceLength = s.length() - 9;
        return sequenceLength == 4 || s.charAt(9) != '0';
    }

    static boolean isCapecId(String s) {
        if (s.length() < 7 || !s.startsWith("CAPEC-")) {
            return false;
        }
        for (int i = 6; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
