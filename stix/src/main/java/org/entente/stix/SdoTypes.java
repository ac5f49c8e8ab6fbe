package org.entente.stix;

import static org.entente.stix.Props.BOOLEAN;
import static org.entente.stix.Props.STRING;
import static org.entente.stix.Props.TIMESTAMP;
import static org.entente.stix.Props.list;
import static org.entente.stix.Props.ref;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The STIX Domain Objects of STIX 2.1 section 4. */
final class SdoTypes {
    private SdoTypes() {}

    static void register(Map<String, TypeSpec> types) {
        TypeCatalog.add(
                types,
                TypeSpec.Kind.SDO,
                Common.sdo("identity")
                        .req("name", STRING)
                        .opt("description", STRING)
                        .opt("roles", list(STRING))
                        .opt("identity_class", Vocab.IDENTITY_CLASS)
                        .opt("sectors", list(Vocab.INDUSTRY_SECTOR))
                        .opt("contact_information", STRING)
                        .build());
        TypeCatalog.add(
                types,
                TypeSpec.Kind.SDO,
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
                        .rule(SdoTypes::indicatorPattern)
                        .build());
        TypeCatalog.add(
                types,
                TypeSpec.Kind.SDO,
                Common.sdo("report")
                        .req("name", STRING)
                        .opt("description", STRING)
                        .opt(
                                "report_types",
                                list(
                                        Props.openVocab(
                                                "report-type-ov",
                                                "attack-pattern",
                                                "campaign",
                                                "identity",
                                                "indicator",
                                                "intrusion-set",
                                                "malware",
                                                "observed-data",
                                                "threat-actor",
                                                "threat-report",
                                                "tool",
                                                "vulnerability")))
                        .req("published", TIMESTAMP)
                        .req("object_refs", list(ref()))
                        .build());
        TypeCatalog.add(
                types,
                TypeSpec.Kind.SDO,
                Common.sdo("malware")
                        .opt("name", STRING)
                        .opt("description", STRING)
                        .opt("malware_types", list(STRING))
                        .req("is_family", BOOLEAN)
                        .opt("aliases", list(STRING))
                        .opt("kill_chain_phases", Common.KILL_CHAIN_PHASES)
                        .opt("first_seen", TIMESTAMP)
                        .opt("last_seen", TIMESTAMP)
                        .opt("operating_system_refs", list(ref("software")))
                        .opt("architecture_execution_envs", list(STRING))
                        .opt("implementation_languages", list(STRING))
                        .opt("capabilities", list(STRING))
                        .opt("sample_refs", list(ref("file", "artifact")))
                        .rule(Rules.order("first_seen", "last_seen", false))
                        .rule(
                                (value, path, check) -> {
                                    JsonNode family = value.get("is_family");
                                    if (family != null
                                            && family.isBoolean()
                                            && family.booleanValue()
                                            && !value.has("name")) {
                                        check.error(
                                                path.property("name"),
                                                "is required when is_family is true");
                                    }
                                })
                        .build());
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
}
