package org.entente.server.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.entente.stix.Tlp;

/**
 * What the policy needs to know of an object version: its type, its own TLP (if marked), where it
 * came from, its confidence and labels.
 *
 * @param originOrg empty for our own objects; else the organisation that sent it
 * @param originAgreement the agreement it was received under
 * @param originArea the area of that agreement
 */
public record ObjectFacts(
        String type,
        Optional<Tlp> tlp,
        Optional<String> originOrg,
        Optional<String> originAgreement,
        Optional<String> originArea,
        OptionalInt confidence,
        Set<String> labels) {
    public ObjectFacts {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tlp, "tlp");
        Objects.requireNonNull(originOrg, "originOrg");
        Objects.requireNonNull(originAgreement, "originAgreement");
        Objects.requireNonNull(originArea, "originArea");
        Objects.requireNonNull(confidence, "confidence");
        labels = Set.copyOf(labels);
    }

    /** The TLP that governs the object: its own, or else its collection's default. */
    public Tlp effectiveTlp(Tlp collectionDefault) {
        return tlp.orElse(collectionDefault);
    }

    /** Labels in the stored form, {@code |a|b|}, so that a filter is a portable LIKE. */
    public static String storedLabels(Set<String> labels) {
        if (labels.isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder("|");
        new java.util.TreeSet<>(labels).forEach(l -> s.append(l).append('|'));
        return s.toString();
    }

    public static Set<String> parseLabels(String stored) {
        if (stored == null || stored.length() < 2) {
            return Set.of();
        }
        java.util.List<String> labels = new java.util.ArrayList<>(4);
        int from = 1;
        for (int i = 1; i < stored.length(); i++) {
            if (stored.charAt(i) == '|') {
                labels.add(stored.substring(from, i));
                from = i + 1;
            }
        }
        return Set.copyOf(labels);
    }
}
