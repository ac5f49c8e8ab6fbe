package org.entente.stix;

import static org.entente.stix.Props.BOOLEAN;
import static org.entente.stix.Props.STRING;
import static org.entente.stix.Props.TIMESTAMP;
import static org.entente.stix.Props.integer;
import static org.entente.stix.Props.list;
import static org.entente.stix.Props.ref;

import java.util.Map;

/** The STIX Relationship Objects of STIX 2.1 section 5. */
final class SroTypes {
    private SroTypes() {}

    /** Section 5.1: relationship_type is ASCII a-z, 0-9 and hyphen. */
    private static final PropertyType RELATIONSHIP_TYPE =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a string, not " + Props.describe(value));
                    return;
                }
                String text = value.stringValue();
                if (text.isEmpty()) {
                    check.error(path, "must not be empty");
                    return;
                }
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                        check.error(
                                path,
                                "'"
                                        + text
                                        + "' may only contain lower-case letters, digits and"
                                        + " hyphens");
                        return;
                    }
                }
            };

    static void register(Map<String, TypeSpec> types) {
        TypeCatalog.add(
                types,
                TypeSpec.Kind.SRO,
                Common.sdo("relationship")
                        .req("relationship_type", RELATIONSHIP_TYPE)
                        .opt("description", STRING)
                        .req("source_ref", Props.REF_SDO_OR_SCO)
                        .req("target_ref", Props.REF_SDO_OR_SCO)
                        .opt("start_time", TIMESTAMP)
                        .opt("stop_time", TIMESTAMP)
                        .rule(Rules.order("start_time", "stop_time", true))
                        .build());
        TypeCatalog.add(
                types,
                TypeSpec.Kind.SRO,
                Common.sdo("sighting")
                        .opt("description", STRING)
                        .opt("first_seen", TIMESTAMP)
                        .opt("last_seen", TIMESTAMP)
                        .opt("count", integer(0, 999_999_999))
                        .req("sighting_of_ref", Props.REF_SDO)
                        .opt("observed_data_refs", list(ref("observed-data")))
                        .opt("where_sighted_refs", list(ref("identity", "location")))
                        // NB: errata 01 types summary as a string, a slip: it is the boolean
                        // STIX 2.1 published, with default false, as the OASIS schema has it.
                        .opt("summary", BOOLEAN)
                        .rule(Rules.order("first_seen", "last_seen", false))
                        .build());
    }
}
