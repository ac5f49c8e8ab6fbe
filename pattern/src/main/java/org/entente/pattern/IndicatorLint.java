package org.entente.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Says which indicators can never fire, and why: a pattern that parses and loads may still never
 * match anything, silently (a port written as a string, a value no address can have, a type no
 * event ever becomes). Judged against an {@link EventMapping}: what it cannot make, only a
 * partner's observed-data could still match.
 *
 * <p>It also notes what matches only because the matcher folds spellings ({@link Normalise}): hash
 * names such as {@code SHA256}, upper-case digests, mixed-case domains, a trailing dot. Such an
 * indicator fires; the note tells the author what a stricter consumer would miss.
 *
 * <p>Immutable and thread-safe; one per mapping.
 */
public final class IndicatorLint {

    /** Whether an indicator can fire. */
    public enum Verdict {
        CAN_FIRE,
        /**
         * No event the mapping makes can satisfy it; observed-data from a partner still could (an
         * object type or property the mapping never produces, a value it lower-cases...).
         */
        NEVER_FROM_EVENTS,
        /** Nothing can ever satisfy it (or it does not load at all). */
        NEVER
    }

    /** The kind of a finding. */
    public enum Kind {
        /** The pattern does not load: not STIX patterning, or not a valid pattern. */
        NOT_LOADED,
        /** A comparison that no value of its property can satisfy. */
        NEVER_TRUE,
        /** A comparison on something the event mapping never makes. */
        NOT_MAPPED,
        /** A spelling the matcher folds; matched now, but never matched without the folding. */
        NORMALISED
    }

    /**
     * @param comparison the comparison it is about, as the pattern writes it (empty for the whole)
     * @param reason what is wrong and, where there is one, the fix
     */
    public record Finding(Kind kind, String comparison, String reason) {
        public Finding {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(comparison, "comparison");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * @param verdict whether the indicator can fire
     * @param reliesOnNormalisation whether it could fire only thanks to the folding of spellings:
     *     it could never fire without it
     * @param findings every finding, in pattern order; those behind the verdict among them
     */
    public record Result(
            String indicatorId,
            Verdict verdict,
            boolean reliesOnNormalisation,
            List<Finding> findings) {
        public Result {
            Objects.requireNonNull(indicatorId, "indicatorId");
            Objects.requireNonNull(verdict, "verdict");
            findings = List.copyOf(findings);
        }

        public boolean canFire() {
            return verdict == Verdict.CAN_FIRE;
        }
    }

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

    private final List<MadeObject> made;
    private final Limits limits;

    public IndicatorLint(EventMapping mapping, Limits limits) {
        this.made = Objects.requireNonNull(mapping, "mapping").made();
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Against the mapping shipped with the engine. */
    public static IndicatorLint defaults() {
        return new IndicatorLint(EventMapping.defaults(), Limits.DEFAULT);
    }

    /**
     * Checks an indicator object as it would be loaded. Objects that are not indicators cannot be
     * checked: the result is {@code NEVER} with the reason.
     */
    public Result check(JsonNode indicator) {
        Indicator parsed;
        try {
            parsed = Indicator.from(indicator);
        } catch (IllegalArgumentException e) {
            JsonNode id = indicator == null ? null : indicator.get("id");
            return new Result(
                    id != null && id.isString() ? id.stringValue() : "",
                    Verdict.NEVER,
                    false,
                    List.of(new Finding(Kind.NOT_LOADED, "", e.getMessage())));
        }
        return check(parsed);
    }

    public Result check(Indicator indicator) {
        StixPattern pattern;
        try {
            pattern = StixPattern.parse(indicator.pattern(), limits);
            Program.compile(pattern, limits); // what the matcher refuses never fires either
        } catch (PatternException e) {
            return new Result(
                    indicator.id(),
                    Verdict.NEVER,
                    false,
                    List.of(new Finding(Kind.NOT_LOADED, "", e.getMessage())));
        }
        List<Finding> findings = new ArrayList<>();
        Outcome now = observation(pattern.root(), findings);
        Verdict verdict =
                !now.possibleAtAll
                        ? Verdict.NEVER
                        : !now.possibleFromEvents ? Verdict.NEVER_FROM_EVENTS : Verdict.CAN_FIRE;
        boolean relies = now.possibleFromEvents && !now.possibleUnfolded;
        return new Result(indicator.id(), verdict, relies, findings);
    }

    /**
     * Whether something can satisfy an expression: anything at all (observed-data included), an
     * event the mapping makes, and such an event with no spelling folded.
     */
    private record Outcome(
            boolean possibleAtAll, boolean possibleFromEvents, boolean possibleUnfolded) {
        static final Outcome YES = new Outcome(true, true, true);

        Outcome and(Outcome o) {
            return new Outcome(
                    possibleAtAll && o.possibleAtAll,
                    possibleFromEvents && o.possibleFromEvents,
                    possibleUnfolded && o.possibleUnfolded);
        }

        Outcome or(Outcome o) {
            return new Outcome(
                    possibleAtAll || o.possibleAtAll,
                    possibleFromEvents || o.possibleFromEvents,
                    possibleUnfolded || o.possibleUnfolded);
        }
    }

    private Outcome observation(ObservationExpr e, List<Finding> findings) {
        if (e instanceof ObservationExpr.Observe o) {
            return comparison(o.expr(), findings);
        }
        if (e instanceof ObservationExpr.Or or) {
            return fold(or.operands(), findings, false);
        }
        if (e instanceof ObservationExpr.And and) {
            return fold(and.operands(), findings, true);
        }
        if (e instanceof ObservationExpr.FollowedBy fb) {
            return fold(fb.operands(), findings, true);
        }
        if (e instanceof ObservationExpr.Within w) {
            return observation(w.operand(), findings);
        }
        if (e instanceof ObservationExpr.Repeats r) {
            return observation(r.operand(), findings);
        }
        return observation(((ObservationExpr.StartStop) e).operand(), findings);
    }

    private Outcome fold(List<ObservationExpr> operands, List<Finding> findings, boolean all) {
        Outcome out = null;
        for (ObservationExpr o : operands) {
            Outcome next = observation(o, findings);
            out = out == null ? next : all ? out.and(next) : out.or(next);
        }
        return out;
    }

    private Outcome comparison(ComparisonExpr e, List<Finding> findings) {
        if (e instanceof ComparisonExpr.And and) {
            Outcome out = Outcome.YES;
            for (ComparisonExpr c : and.operands()) {
                out = out.and(comparison(c, findings));
            }
            return out;
        }
        if (e instanceof ComparisonExpr.Or or) {
            Outcome out = null;
            for (ComparisonExpr c : or.operands()) {
                Outcome next = comparison(c, findings);
                out = out == null ? next : out.or(next);
            }
            return out;
        }
        if (e instanceof ComparisonExpr.Exists exists) {
            PathRef path = new PathRef(exists.path());
            Reach reach = reach(path);
            boolean unfolded = noteHashKey(exists.path(), path, e.toString(), findings);
            if (!reach.made) {
                findings.add(notMapped(e.toString(), path));
                return new Outcome(true, false, false);
            }
            return new Outcome(true, true, unfolded);
        }
        return test((ComparisonExpr.Test) e, findings);
    }

    /** What the mapping does to the values of one path. */
    private record Reach(boolean made, boolean lowered, boolean integer) {}

    private Outcome test(ComparisonExpr.Test t, List<Finding> findings) {
        String text = t.toString();
        PathRef path = new PathRef(t.path());
        Reach reach = reach(path);
        boolean unfolded = noteHashKey(t.path(), path, text, findings);
        boolean fromEvents = reach.made;
        if (!reach.made) {
            findings.add(notMapped(text, path));
        }
        if (t.negated() || (t.op() != Op.EQ && t.op() != Op.IN)) {
            if (t.op() == Op.ISSUBSET && !t.negated() && ipValue(path) != null) {
                Ip.Net net = Ip.parse(((Constant.StringValue) t.value()).value());
                if (net != null && net.v6() != ipValue(path).equals("ipv6-addr")) {
                    findings.add(
                            new Finding(
                                    Kind.NEVER_TRUE,
                                    text,
                                    "a "
                                            + path.type
                                            + " value never lies in "
                                            + (net.v6() ? "an IPv6" : "an IPv4")
                                            + " block"));
                    return new Outcome(false, false, false);
                }
            }
            return new Outcome(true, fromEvents, unfolded && fromEvents);
        }
        List<Constant> items =
                t.value() instanceof Constant.SetValue set ? set.items() : List.of(t.value());
        boolean anyAtAll = false;
        boolean anyFromEvents = false;
        boolean anyUnfolded = false;
        List<Finding> itemFindings = new ArrayList<>();
        for (Constant item : items) {
            String never = neverEqual(path, item);
            if (never != null) {
                itemFindings.add(new Finding(Kind.NEVER_TRUE, text, never));
                continue;
            }
            anyAtAll = true;
            String notFromEvents = reach.made ? neverFromEvents(path, reach, item) : null;
            if (notFromEvents != null) {
                itemFindings.add(new Finding(Kind.NOT_MAPPED, text, notFromEvents));
                continue;
            }
            anyFromEvents |= reach.made;
            String folded = folded(path, item);
            if (folded != null) {
                itemFindings.add(new Finding(Kind.NORMALISED, text, folded));
            } else {
                anyUnfolded |= reach.made;
            }
        }
        findings.addAll(itemFindings);
        return new Outcome(anyAtAll, anyFromEvents, anyUnfolded && unfolded);
    }

    /** Why {@code item} never equals a value of {@code path}, or null. */
    private static String neverEqual(PathRef path, Constant item) {
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
    private static String neverFromEvents(PathRef path, Reach reach, Constant item) {
        if (reach.integer && item instanceof Constant.StringValue s) {
            return "the event mapping makes "
                    + path.path
                    + " an integer; the string '"
                    + s.value()
                    + "' never equals it";
        }
        if (reach.lowered
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
    private static String folded(PathRef path, Constant item) {
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
    private static boolean noteHashKey(
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

    private static Finding notMapped(String text, PathRef path) {
        return new Finding(
                Kind.NOT_MAPPED,
                text,
                "no shape of the event mapping makes "
                        + path.path
                        + "; only observed-data can match it");
    }

    /** {@code ipv4-addr} or {@code ipv6-addr} when the path is that type's value, else null. */
    private static String ipValue(PathRef path) {
        boolean value = path.path.steps().size() == 1 && path.lastKey.equals("value");
        return value && (path.type.equals("ipv4-addr") || path.type.equals("ipv6-addr"))
                ? path.type
                : null;
    }

    // ---- what the mapping makes -------------------------------------------------------------

    private Reach reach(PathRef path) {
        List<String> keys = new ArrayList<>();
        for (ObjectPath.Step step : path.path.steps()) {
            if (step instanceof ObjectPath.Key k) {
                keys.add(k.name());
            }
        }
        boolean made = false;
        boolean lowered = true;
        boolean integer = true;
        for (MadeObject m : this.made) {
            if (!m.types.contains(path.type)) {
                continue;
            }
            Reach r = reach(m, keys, 0, 0);
            if (r.made) {
                made = true;
                lowered &= r.lowered;
                integer &= r.integer;
            }
        }
        return made ? new Reach(true, lowered, integer) : new Reach(false, false, false);
    }

    /** Whether {@code m} makes the keys from {@code from} on; {@code depth} bounds ref cycles. */
    private static Reach reach(MadeObject m, List<String> keys, int from, int depth) {
        String first = keys.get(from);
        if (from + 1 < keys.size()
                && (first.endsWith("_ref") || first.endsWith("_refs"))
                && m.refs.containsKey(first)) {
            return depth > 8
                    ? new Reach(false, false, false)
                    : reach(m.refs.get(first), keys, from + 1, depth + 1);
        }
        List<String> rest = keys.subList(from, keys.size());
        for (List<String> p : m.paths) {
            // the pattern may stop inside a made path (EXISTS of a dictionary) or go past it
            // (into a list); either way the value can be there
            int n = Math.min(p.size(), rest.size());
            if (p.subList(0, n).equals(rest.subList(0, n))) {
                return new Reach(true, m.lowered.contains(p), m.integers.contains(p));
            }
        }
        if (m.refs.containsKey(first) && from + 1 == keys.size()) {
            return new Reach(true, false, false); // the reference itself
        }
        return new Reach(false, false, false);
    }
}
