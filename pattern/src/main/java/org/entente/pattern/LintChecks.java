package org.entente.pattern;

import java.util.List;
import java.util.Set;
import org.entente.pattern.IndicatorLint.Finding;
import org.entente.pattern.IndicatorLint.Kind;

/**
 * The individual checks of {@link IndicatorLint}, one comparison and one constant at a time: can
 * any value equal it, can an event of the mapping carry it, does it match only because spellings
 * are folded. Each answers with the reason for the author; {@link IndicatorLint} decides what the
 * answers mean for the whole pattern.
 */
final class LintChecks {

    /** STIX 2.1 properties of cyber-observable objects whose values are integers. */
    private static final Set<String> INTEGER_PROPERTIES =
            Set.of(
                    "src_port",
                    "dst_port",
                    "src_byte_count",
                    "dst_byte_count",
                    "src_packets",
                    "dst_packets",
                    "size",
                    "pid",
                    "number_of_subkeys",
                    "number_of_sections",
                    "number_of_symbols",
                    "size_of_optional_header",
                    "ipfix",
                    "subject_public_key_exponent");

    private LintChecks() {}

    /** Why {@code item} never equals a value of {@code path}, or null. */
    static String neverEqual(PathRef path, Constant item) {
        String key = path.lastKey;
        boolean integerProperty = INTEGER_PROPERTIES.contains(key);
        if (integerProperty && item instanceof Constant.StringValue s) {
            String digits = s.value().trim();
            return key
                    + " is an integer in STIX; the string '"
                    + s.value()
                    + "' never equals one"
                    + (digits.matches("[0-9]{1,18}")
                            ? ": write " + digits + " without quotes"
                            : "");
        }
        if (!(item instanceof Constant.StringValue s)) {
            if (item instanceof Constant.IntValue n
                    && (path.fold != Normalise.Fold.NONE || ipValue(path) != null)) {
                return path.path + " is a string; the integer " + n.value() + " never equals one";
            }
            return null;
        }
        String v = s.value();
        String ipType = ipValue(path);
        if (ipType != null) {
            Ip.Net net = Ip.parse(v);
            if (net == null) {
                return "'" + v + "' is not an IP address, so no " + ipType + " has it as value";
            }
            if (net.v6() != ipType.equals("ipv6-addr")) {
                return "'"
                        + v
                        + "' is an "
                        + (net.v6() ? "IPv6" : "IPv4")
                        + " address: write "
                        + (net.v6() ? "ipv6-addr" : "ipv4-addr")
                        + ":value";
            }
        }
        if (path.fold == Normalise.Fold.HEX) {
            int digits = Normalise.hexDigits(key);
            if (!Normalise.isHex(v)) {
                return "'" + v + "' is not hexadecimal, and a " + key + " digest is";
            }
            if (digits > 0 && v.length() != digits) {
                return "a "
                        + key
                        + " digest has "
                        + digits
                        + " hex digits; '"
                        + v
                        + "' has "
                        + v.length();
            }
        }
        if (path.fold == Normalise.Fold.DOMAIN) {
            if (v.isBlank() || v.chars().anyMatch(Character::isWhitespace)) {
                return "'" + v + "' has white space, which no domain name has";
            }
        }
        return null;
    }

    /** Why no event of the mapping has {@code item} under {@code path}, or null. */
    static String neverFromEvents(PathRef path, MappingReach.Reach reach, Constant item) {
        if (reach.integer() && item instanceof Constant.StringValue s) {
            return "the event mapping makes "
                    + path.path
                    + " an integer; the string '"
                    + s.value()
                    + "' never equals it";
        }
        if (reach.lowered()
                && path.fold == Normalise.Fold.NONE
                && item instanceof Constant.StringValue s
                && !Normalise.lower(s.value()).equals(s.value())) {
            return "the event mapping lower-cases "
                    + path.path
                    + "; '"
                    + s.value()
                    + "' has upper case, so no event equals it";
        }
        return null;
    }

    /** What folding does to {@code item}, if anything: the note for the author. */
    static String folded(PathRef path, Constant item) {
        if (path.fold == Normalise.Fold.NONE || !(item instanceof Constant.StringValue s)) {
            return null;
        }
        String f = path.fold.apply(s.value());
        if (f.equals(s.value())) {
            return null;
        }
        return path.fold == Normalise.Fold.HEX
                ? "upper-case digest compared in lower case ('" + f + "'); events carry lower case"
                : "domain name compared as '"
                        + f
                        + "' (DNS names ignore case; a trailing dot"
                        + " is dropped); events carry that form";
    }

    /** Notes a hash name the pattern spells differently from the vocabulary; false if it does. */
    static boolean noteHashKey(
            ObjectPath written, PathRef path, String text, List<Finding> findings) {
        if (written.equals(path.path)) {
            return true;
        }
        findings.add(
                new Finding(
                        Kind.NORMALISED,
                        text,
                        "hash name read as in the STIX hash-algorithm vocabulary: "
                                + path.path
                                + "; events carry that spelling"));
        return false;
    }

    static Finding notMapped(String text, PathRef path) {
        return new Finding(
                Kind.NOT_MAPPED,
                text,
                "no shape of the event mapping makes "
                        + path.path
                        + "; only observed-data can match it");
    }

    /** {@code ipv4-addr} or {@code ipv6-addr} when the path is that type's value, else null. */
    static String ipValue(PathRef path) {
        boolean value = path.path.steps().size() == 1 && path.lastKey.equals("value");
        return value && (path.type.equals("ipv4-addr") || path.type.equals("ipv6-addr"))
                ? path.type
                : null;
    }
}
