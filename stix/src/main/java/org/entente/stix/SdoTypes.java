package org.entente.stix;

import static org.entente.stix.Props.BOOLEAN;
import static org.entente.stix.Props.FLOAT;
import static org.entente.stix.Props.REF_ANY;
import static org.entente.stix.Props.STRING;
import static org.entente.stix.Props.STRING_LIST;
import static org.entente.stix.Props.TIMESTAMP;
import static org.entente.stix.Props.integer;
import static org.entente.stix.Props.list;
import static org.entente.stix.Props.number;
import static org.entente.stix.Props.ref;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The STIX Domain Objects of STIX 2.1 section 4. */
final class SdoTypes {
    private SdoTypes() {}

    /** Objects an observed-data may list: SCOs and SROs (section 4.14). */
    private static final PropertyType REF_SCO_OR_SRO =
            ref(
                    type -> Props.isKind(type, TypeSpec.Kind.SCO, TypeSpec.Kind.SRO),
                    "a cyber-observable object or a relationship");

    static void register(Map<String, TypeSpec> types) {
        sdo(
                types,
                Common.sdo("attack-pattern")
                        .req("name", STRING)
                        .opt("description", STRING)
                        .opt("aliases", STRING_LIST)
                        .opt("kill_chain_phases", Common.KILL_CHAIN_PHASES)
                        .rule(Common.externalIdsNamedBySource("capec")));
        sdo(
                types,
                Common.sdo("campaign")
                        .req("name", STRING)
                        .opt("description", STRING)
                        .opt("aliases", STRING_LIST)
                        .opt("first_seen", TIMESTAMP)
                        .opt("last_seen", TIMESTAMP)
                        .opt("objective", STRING)
                        .rule(Rules.order("first_seen", "last_seen", false)));
        sdo(types, Common.sdo("course-of-action").req("name", STRING).opt("description", STRING));
        sdo(
                types,
                Common.sdo("grouping")
                        .opt("name", STRING)
                        .opt("description", STRING)
                        .req("context", Vocab.GROUPING_CONTEXT)
                        .req("object_refs", list(REF_ANY)));
        sdo(
                types,
                Common.sdo("identity")
                        .req("name", STRING)
                        .opt("description", STRING)
                        .opt("roles", STRING_LIST)
                        .opt("identity_class", Vocab.IDENTITY_CLASS)
                        .opt("sectors", list(Vocab.INDUSTRY_SECTOR))
                        .opt("contact_information", STRING));
        sdo(types, Common.sdo("incident").req("name", STRING).opt("description", STRING));
        sdo(
                types,
                Common.sdo("indicator")
                        .opt("name", STRING)
                        .opt("description", STRING)
                        .opt("indicator_types", list(Vocab.INDICATOR_TYPE))
                        .req("pattern", STRING)
                        .req("pattern_type", Vocab.PATTERN_TYPE)
                        .opt("pattern_version", STRING)
                        .req("valid_from", TIMESTAMP)
                        .opt("valid_until", TIMESTAMP)
                        .opt("kill_chain_phases", Common.KILL_CHAIN_PHASES)
                        .rule(Rules.order("valid_from", "valid_until", true))
                        .rule(SdoTypes::indicatorPattern));
        sdo(
                types,
                Common.sdo("infrastructure")
                        .req("name", STRING)
                        .opt("description", STRING)
                        .opt("infrastructure_types", list(Vocab.INFRASTRUCTURE_TYPE))
                        .opt("aliases", STRING_LIST)
                        .opt("kill_chain_phases", Common.KILL_CHAIN_PHASES)
                        .opt("first_seen", TIMESTAMP)
                        .opt("last_seen", TIMESTAMP)
                        .rule(Rules.order("first_seen", "last_seen", false)));
        sdo(
                types,
                Common.sdo("intrusion-set")
                        .req("name", STRING)
                        .opt("description", STRING)
                        .opt("aliases", STRING_LIST)
                        .opt("first_seen", TIMESTAMP)
                        .opt("last_seen", TIMESTAMP)
                        .opt("goals", STRING_LIST)
                        .opt("resource_level", Vocab.ATTACK_RESOURCE_LEVEL)
                        .opt("primary_motivation", Vocab.ATTACK_MOTIVATION)
                        .opt("secondary_motivations", list(Vocab.ATTACK_MOTIVATION))
                        .rule(Rules.order("first_seen", "last_seen", false)));
        sdo(
                types,
                Common.sdo("location")
                        .opt("name", STRING)
                        .opt("description", STRING)
                        .opt("latitude", number(-90.0, 90.0))
                        .opt("longitude", number(-180.0, 180.0))
                        .opt("precision", FLOAT)
                        .opt("region", Vocab.REGION)
                        .opt("country", STRING)
                        .opt("administrative_area", STRING)
                        .opt("city", STRING)
                        .opt("street_address", STRING)
                        .opt("postal_code", STRING)
                        .rule(Rules.requires("latitude", "longitude"))
                        .rule(Rules.requires("longitude", "latitude"))
                        .rule(Rules.requires("precision", "latitude"))
                        .rule(Rules.requires("precision", "longitude"))
                        .rule(SdoTypes::locationSomewhere));
        sdo(
                types,
                Common.sdo("malware")
                        .opt("name", STRING)
                        .opt("description", STRING)
                        .opt("malware_types", list(Vocab.MALWARE_TYPE))
                        // NB: errata 01 shows is_family as optional without listing the change;
                        // STIX 2.1 as published and the OASIS schemas require it, and so do we.
                        .req("is_family", BOOLEAN)
                        .opt("aliases", STRING_LIST)
                        .opt("kill_chain_phases", Common.KILL_CHAIN_PHASES)
                        .opt("first_seen", TIMESTAMP)
                        .opt("last_seen", TIMESTAMP)
                        .opt("operating_system_refs", list(ref("software")))
                        .opt("architecture_execution_envs", list(Vocab.PROCESSOR_ARCHITECTURE))
                        .opt("implementation_languages", list(Vocab.IMPLEMENTATION_LANGUAGE))
                        .opt("capabilities", list(Vocab.MALWARE_CAPABILITIES))
                        .opt("sample_refs", list(ref("file", "artifact")))
                        .rule(Rules.order("first_seen", "last_seen", false))
                        .rule(SdoTypes::malwareFamilyNamed));
        sdo(
                types,
                Common.sdo("malware-analysis")
                        .req("product", STRING)
                        .opt("version", STRING)
                        .opt("host_vm_ref", ref("software"))
                        .opt("operating_system_ref", ref("software"))
                        .opt("installed_software_refs", list(ref("software")))
                        .opt("configuration_version", STRING)
                        .opt("modules", STRING_LIST)
                        .opt("analysis_engine_version", STRING)
                        .opt("analysis_definition_version", STRING)
                        .opt("submitted", TIMESTAMP)
                        .opt("analysis_started", TIMESTAMP)
                        .opt("analysis_ended", TIMESTAMP)
                        .opt("result_name", STRING)
                        .opt("result", Vocab.MALWARE_RESULT)
                        .opt("analysis_sco_refs", list(Props.REF_SCO))
                        .opt("sample_ref", ref("file", "network-traffic", "artifact"))
                        .rule(Rules.atLeastOne("result", "analysis_sco_refs")));
        sdo(
                types,
                Common.sdo("note")
                        .opt("abstract", STRING)
                        .req("content", STRING)
                        .opt("authors", STRING_LIST)
                        .req("object_refs", list(REF_ANY)));
        sdo(
                types,
                Common.sdo("observed-data")
                        .req("first_observed", TIMESTAMP)
                        .req("last_observed", TIMESTAMP)
                        .req("number_observed", integer(1, 999_999_999))
                        .deprecated(
                                "objects",
                                ObservableContainer.TYPE,
                                "objects (an observable container) is deprecated; share the"
                                        + " observables as objects of their own and list them"
                                        + " in object_refs")
                        .opt("object_refs", list(REF_SCO_OR_SRO))
                        .rule(Rules.order("first_observed", "last_observed", false))
                        .rule(SdoTypes::observedDataContent));
        sdo(
                types,
                Common.sdo("opinion")
                        .opt("explanation", STRING)
                        .opt("authors", STRING_LIST)
                        .req("opinion", Vocab.OPINION)
                        .req("object_refs", list(REF_ANY)));
        sdo(
                types,
                Common.sdo("report")
                        .req("name", STRING)
                        .opt("description", STRING)
                        .opt("report_types", list(Vocab.REPORT_TYPE))
                        .req("published", TIMESTAMP)
                        .req("object_refs", list(REF_ANY)));
        sdo(
                types,
                Common.sdo("threat-actor")
                        .req("name", STRING)
                        .opt("description", STRING)
                        .opt("threat_actor_types", list(Vocab.THREAT_ACTOR_TYPE))
                        .opt("aliases", STRING_LIST)
                        .opt("first_seen", TIMESTAMP)
                        .opt("last_seen", TIMESTAMP)
                        .opt("roles", list(Vocab.THREAT_ACTOR_ROLE))
                        .opt("goals", STRING_LIST)
                        .opt("sophistication", Vocab.THREAT_ACTOR_SOPHISTICATION)
                        .opt("resource_level", Vocab.ATTACK_RESOURCE_LEVEL)
                        .opt("primary_motivation", Vocab.ATTACK_MOTIVATION)
                        .opt("secondary_motivations", list(Vocab.ATTACK_MOTIVATION))
                        .opt("personal_motivations", list(Vocab.ATTACK_MOTIVATION))
                        .rule(Rules.order("first_seen", "last_seen", false)));
        sdo(
                types,
                Common.sdo("tool")
                        .req("name", STRING)
                        .opt("description", STRING)
                        .opt("tool_types", list(Vocab.TOOL_TYPE))
                        .opt("aliases", STRING_LIST)
                        .opt("kill_chain_phases", Common.KILL_CHAIN_PHASES)
                        .opt("tool_version", STRING));
        sdo(
                types,
                Common.sdo("vulnerability")
                        .req("name", STRING)
                        .opt("description", STRING)
                        .rule(Common.externalIdsNamedBySource("cve")));
    }

    private static void sdo(Map<String, TypeSpec> types, ObjectSpec.Builder body) {
        TypeCatalog.add(types, TypeSpec.Kind.SDO, body.build());
    }

    private static void indicatorPattern(JsonNode value, Path path, Check check) {
        String type = JsonText.string(value, "pattern_type");
        String pattern = JsonText.string(value, "pattern");
        if (type == null || pattern == null) {
            return;
        }
        if (pattern.isBlank()) {
            check.error(path.property("pattern"), "must not be empty");
            return;
        }
        check.patterns
                .problem(type, pattern)
                .ifPresent(problem -> check.error(path.property("pattern"), problem));
    }

    /** Section 4.10: a location is a region, a country, or a point. */
    private static void locationSomewhere(JsonNode value, Path path, Check check) {
        if (!value.has("region")
                && !value.has("country")
                && !(value.has("latitude") && value.has("longitude"))) {
            check.error(
                    path,
                    "a location needs at least one of region, country, or latitude with"
                            + " longitude");
        }
    }

    private static void malwareFamilyNamed(JsonNode value, Path path, Check check) {
        JsonNode family = value.get("is_family");
        if (family != null && family.isBoolean() && family.booleanValue() && !value.has("name")) {
            check.error(path.property("name"), "is required when is_family is true");
        }
    }

    /**
     * Section 4.14: exactly one of objects and object_refs, and object_refs names at least one
     * cyber-observable (relationships alone describe nothing that was observed).
     */
    private static void observedDataContent(JsonNode value, Path path, Check check) {
        boolean objects = value.has("objects");
        boolean refs = value.has("object_refs");
        if (objects && refs) {
            check.error(path.property("objects"), "must not be present together with object_refs");
        } else if (!objects && !refs) {
            check.error(path, "needs object_refs (or the deprecated objects)");
        }
        JsonNode list = value.get("object_refs");
        if (list == null || !list.isArray() || list.isEmpty()) {
            return;
        }
        for (JsonNode ref : list) {
            if (ref.isString()) {
                String type = StixIds.typeOf(ref.stringValue());
                if (type != null && Props.isKind(type, TypeSpec.Kind.SCO)) {
                    return;
                }
            }
        }
        check.error(
                path.property("object_refs"),
                "must refer to at least one cyber-observable object, not only to relationships");
    }
}
