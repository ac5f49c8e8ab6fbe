package org.entente.stix;

import static org.entente.stix.Props.STRING;
import static org.entente.stix.Props.TIMESTAMP;
import static org.entente.stix.Props.integer;
import static org.entente.stix.Props.list;
import static org.entente.stix.Props.ref;

import java.util.Map;

/** The STIX Relationship Objects of STIX 2.1 section 5. */
final class SroTypes {
    private SroTypes() {}

    static void register(Map<String, TypeSpec> types) {
        TypeCatalog.add(
                types,
                TypeSpec.Kind.SRO,
                Common.sdo("relationship")
                        .req("relationship_type", STRING)
                        .opt("description", STRING)
                        .req("source_ref", ref())
                        .req("target_ref", ref())
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
                        .req("sighting_of_ref", ref())
                        .opt("observed_data_refs", list(ref("observed-data")))
                        .opt("where_sighted_refs", list(ref("identity", "location")))
                        .opt("summary", Props.BOOLEAN)
                        .rule(Rules.order("first_seen", "last_seen", false))
                        .build());
    }
}
