package org.entente.stix;

import static org.entente.stix.Props.STRING;

import java.util.List;
import java.util.Map;

/** The STIX Cyber-observable Objects of STIX 2.1 section 6. */
final class ScoTypes {
    private ScoTypes() {}

    static void register(Map<String, TypeSpec> types) {
        sco(
                types,
                Common.sco("domain-name")
                        .req("value", STRING)
                        .opt(
                                "resolves_to_refs",
                                Props.list(Props.ref("ipv4-addr", "ipv6-addr", "domain-name")))
                        .build(),
                List.of("value"));
        sco(types, Common.sco("ipv4-addr").req("value", STRING).build(), List.of("value"));
        sco(types, Common.sco("url").req("value", STRING).build(), List.of("value"));
    }

    static void sco(Map<String, TypeSpec> types, ObjectSpec body, List<String> idContributing) {
        sco(types, body, idContributing, Map.of());
    }

    static void sco(
            Map<String, TypeSpec> types,
            ObjectSpec body,
            List<String> idContributing,
            Map<String, ObjectSpec> extensions) {
        TypeCatalog.add(
                types,
                new TypeSpec(body.name, TypeSpec.Kind.SCO, body, idContributing, extensions));
    }
}
