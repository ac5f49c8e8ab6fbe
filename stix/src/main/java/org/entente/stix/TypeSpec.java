package org.entente.stix;

import java.util.List;
import java.util.Map;

/**
 * What the specification says about one object type: its kind, its properties (common ones
 * included), its cross-property rules, and for cyber-observables the id-contributing properties and
 * predefined extensions.
 */
final class TypeSpec {
    enum Kind {
        SDO("STIX Domain Object"),
        SRO("STIX Relationship Object"),
        SCO("STIX Cyber-observable Object"),
        META("STIX Meta Object");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    final String type;
    final Kind kind;
    final ObjectSpec body;
    final List<String> idContributing;
    final Map<String, ObjectSpec> extensions;

    TypeSpec(
            String type,
            Kind kind,
            ObjectSpec body,
            List<String> idContributing,
            Map<String, ObjectSpec> extensions) {
        this.type = type;
        this.kind = kind;
        this.body = body;
        this.idContributing = List.copyOf(idContributing);
        this.extensions = Map.copyOf(extensions);
    }
}
