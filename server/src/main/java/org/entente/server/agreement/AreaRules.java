package org.entente.server.agreement;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.entente.server.collection.Area;
import org.entente.stix.Tlp;

/**
 * The rules of one area of cooperation of an agreement.
 *
 * @param tlpCeiling the most restrictive TLP that may flow; RED is never allowed through the node,
 *     and a ceiling admits the levels below it by meaning: AMBER admits CLEAR, GREEN and AMBER but
 *     never AMBER+STRICT
 * @param types STIX types allowed, empty for any
 * @param labelsAny if not empty, an object must carry at least one of these labels
 * @param labelsNone an object carrying any of these labels is excluded
 * @param minConfidence objects below this confidence (or without one, when above 0) excluded
 * @param onward what the receiving side may do with what it received here
 * @param feedback whether sightings of indicators received here go back to the sender
 * @param anonymise whether our identity is stripped from what we share here
 */
public record AreaRules(
        Area area,
        Direction direction,
        Tlp tlpCeiling,
        Set<String> types,
        Set<String> labelsAny,
        Set<String> labelsNone,
        int minConfidence,
        Onward onward,
        boolean feedback,
        boolean anonymise) {
    public AreaRules {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(tlpCeiling, "tlpCeiling");
        Objects.requireNonNull(onward, "onward");
        types = Set.copyOf(types);
        labelsAny = Set.copyOf(labelsAny);
        labelsNone = Set.copyOf(labelsNone);
        if (tlpCeiling == Tlp.RED) {
            throw new IllegalArgumentException(
                    "tlpCeiling cannot be RED: TLP:RED is for named people, never shared"
                            + " through the node");
        }
        if (minConfidence < 0 || minConfidence > 100) {
            throw new IllegalArgumentException(
                    "minConfidence must be 0 to 100, not " + minConfidence);
        }
        for (String label : labelsAny) {
            checkLabel(label);
        }
        for (String label : labelsNone) {
            checkLabel(label);
        }
        for (String type : types) {
            // a STIX type name (STIX 2.1, 3.1); stored comma-separated, so never a comma
            if (!type.matches("[a-z0-9][a-z0-9-]{2,249}")) {
                throw new IllegalArgumentException(
                        "types take STIX type names such as indicator or x-acme-thing, not '"
                                + type
                                + "'");
            }
        }
        checkStored("types", types);
        checkStored("labels_any", labelsAny);
        checkStored("labels_none", labelsNone);
    }

    /** The longest list of types or labels, comma-separated, as the table holds it. */
    public static final int MAX_LIST = 2000;

    private static void checkStored(String field, Set<String> values) {
        int length = String.join(",", values).length();
        if (length > MAX_LIST) {
            throw new IllegalArgumentException(
                    field
                            + " must take at most "
                            + MAX_LIST
                            + " characters written with commas, not "
                            + length);
        }
    }

    private static void checkLabel(String label) {
        if (label.isBlank() || label.contains("|") || label.contains(",")) {
            throw new IllegalArgumentException(
                    "labels must be non-empty and contain neither '|' nor ',': '" + label + "'");
        }
    }

    /** Whether {@code tlp} is at or below the ceiling, by meaning (see the record comment). */
    public boolean admits(Tlp tlp) {
        return tlp != Tlp.RED && tlp.ordinal() <= tlpCeiling.ordinal();
    }

    /** A one-line statement of the rules, as the ledger records the clause applied. */
    public String describe() {
        StringBuilder s =
                new StringBuilder(area.key)
                        .append(": ")
                        .append(direction.name().toLowerCase(Locale.ROOT))
                        .append(", TLP up to ")
                        .append(tlpCeiling.label())
                        .append(", onward ")
                        .append(onward.name().toLowerCase(Locale.ROOT));
        if (!types.isEmpty()) {
            s.append(", types ").append(String.join("|", new TreeSet<>(types)));
        }
        if (minConfidence > 0) {
            s.append(", confidence >= ").append(minConfidence);
        }
        if (!labelsAny.isEmpty()) {
            s.append(", labels any of ").append(String.join("|", new TreeSet<>(labelsAny)));
        }
        if (!labelsNone.isEmpty()) {
            s.append(", labels none of ").append(String.join("|", new TreeSet<>(labelsNone)));
        }
        return s.toString();
    }

    public static AreaRules simple(Area area, Direction direction, Tlp ceiling, Onward onward) {
        return new AreaRules(
                area, direction, ceiling, Set.of(), Set.of(), Set.of(), 0, onward, false, false);
    }

    public Optional<Set<String>> typeFilter() {
        return types.isEmpty() ? Optional.empty() : Optional.of(types);
    }
}
