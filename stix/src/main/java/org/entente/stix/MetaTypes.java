package org.entente.stix;

import static org.entente.stix.Props.STRING;
import static org.entente.stix.Props.TIMESTAMP_MILLIS;
import static org.entente.stix.Props.enumOf;
import static org.entente.stix.Props.list;
import static org.entente.stix.Props.object;
import static org.entente.stix.Props.ref;

import java.util.Map;

/** The meta objects of STIX 2.1 section 7: marking definitions, language content, extensions. */
final class MetaTypes {
    private MetaTypes() {}

    static void register(Map<String, TypeSpec> types) {
        TypeCatalog.add(
                types,
                TypeSpec.Kind.META,
                ObjectSpec.builder("marking-definition")
                        .req("type", STRING)
                        .req("spec_version", enumOf("2.1"))
                        .req("id", STRING)
                        .req("created", TIMESTAMP_MILLIS)
                        .opt("created_by_ref", ref("identity"))
                        .opt("external_references", Common.EXTERNAL_REFERENCES)
                        .opt("object_marking_refs", list(ref("marking-definition")))
                        .opt("granular_markings", list(object(Common.GRANULAR_MARKING)))
                        .opt("extensions", Props.ANY)
                        .opt("name", STRING)
                        .opt("definition_type", STRING)
                        .opt("definition", Props.DICTIONARY)
                        .build());
    }
}
