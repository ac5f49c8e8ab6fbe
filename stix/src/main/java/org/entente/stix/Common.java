package org.entente.stix;

import static org.entente.stix.Props.BOOLEAN;
import static org.entente.stix.Props.HASHES;
import static org.entente.stix.Props.STRING;
import static org.entente.stix.Props.TIMESTAMP_MILLIS;
import static org.entente.stix.Props.URL;
import static org.entente.stix.Props.enumOf;
import static org.entente.stix.Props.integer;
import static org.entente.stix.Props.list;
import static org.entente.stix.Props.object;
import static org.entente.stix.Props.ref;

import java.util.Map;
import java.util.Set;

/** Common properties (STIX 2.1 section 3) and the embedded types every kind of object uses. */
final class Common {
    private Common() {}

    /** Property names STIX 2.1 reserves on SDOs and SROs (section 3.3). */
    static final Set<String> RESERVED = Set.of("severity", "action", "username", "phone_numbers");

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
                                for (String key : new String[] {"kill_chain_name", "phase_name"}) {
                                    JsonText.lowerHyphenated(value, key, path, check);
                                }
                            })
                    .build();

    static final ObjectSpec GRANULAR_MARKING =
            ObjectSpec.builder("granular-marking")
                    .req("selectors", list(STRING))
                    .opt("lang", STRING)
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
                .opt("labels", list(STRING))
                .opt("confidence", integer(0, 100))
                .opt("lang", STRING)
                .opt("external_references", EXTERNAL_REFERENCES)
                .opt("object_marking_refs", list(ref("marking-definition")))
                .opt("granular_markings", list(object(GRANULAR_MARKING)))
                .opt("extensions", Props.ANY); // checked by the validator, which knows the type
    }

    /** The common properties of cyber-observable objects (SCOs). */
    static ObjectSpec.Builder sco(String type) {
        return ObjectSpec.builder(type)
                .req("type", STRING)
                .opt("spec_version", enumOf("2.1"))
                .req("id", STRING)
                .opt("object_marking_refs", list(ref("marking-definition")))
                .opt("granular_markings", list(object(GRANULAR_MARKING)))
                .opt("defanged", BOOLEAN)
                .opt("extensions", Props.ANY);
    }

    private static void externalReferenceRules(
            tools.jackson.databind.JsonNode value, Path path, Check check) {
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
        Map<String, String> formats =
                Map.of(
                        "cve", "CVE-\\d{4}-(0\\d{3}|[1-9]\\d{3,})",
                        "capec", "CAPEC-\\d+");
        String format = formats.get(source);
        if (format != null && !externalId.matches(format)) {
            check.error(
                    path.property("external_id"),
                    "'"
                            + externalId
                            + "' is not a "
                            + source.toUpperCase(java.util.Locale.ROOT)
                            + " identifier, which source_name '"
                            + source
                            + "' requires");
        }
        if (format == null
                && (externalId.matches("CVE-\\d{4}-(0\\d{3}|[1-9]\\d{3,})")
                        || externalId.matches("CAPEC-\\d+"))) {
            check.error(
                    path.property("source_name"),
                    "a reference to '"
                            + externalId
                            + "' must use source_name '"
                            + (externalId.startsWith("CVE") ? "cve" : "capec")
                            + "'");
        }
    }
}
