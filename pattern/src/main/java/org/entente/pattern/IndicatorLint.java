package org.entente.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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

    private final MappingReach mapped;
    private final Limits limits;

    public IndicatorLint(EventMapping mapping, Limits limits) {
        this.mapped = new MappingReach(Objects.requireNonNull(mapping, "mapping").made());
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
            MappingReach.Reach reach = mapped.reach(path);
            boolean unfolded = LintChecks.noteHashKey(exists.path(), path, e.toString(), findings);
            if (!reach.made()) {
                findings.add(LintChecks.notMapped(e.toString(), path));
                return new Outcome(true, false, false);
            }
            return new Outcome(true, true, unfolded);
        }
        return test((ComparisonExpr.Test) e, findings);
    }

    private Outcome test(ComparisonExpr.Test t, List<Finding> findings) {
        String text = t.toString();
        PathRef path = new PathRef(t.path());
        MappingReach.Reach reach = mapped.reach(path);
        boolean unfolded = LintChecks.noteHashKey(t.path(), path, text, findings);
        boolean fromEvents = reach.made();
        if (!reach.made()) {
            findings.add(LintChecks.notMapped(text, path));
        }
        if (t.negated() || (t.op() != Op.EQ && t.op() != Op.IN)) {
            if (t.op() == Op.ISSUBSET && !t.negated() && LintChecks.ipValue(path) != null) {
                Ip.Net net = Ip.parse(((Constant.StringValue) t.value()).value());
                if (net != null && net.v6() != LintChecks.ipValue(path).equals("ipv6-addr")) {
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
            String never = LintChecks.neverEqual(path, item);
            if (never != null) {
                itemFindings.add(new Finding(Kind.NEVER_TRUE, text, never));
                continue;
            }
            anyAtAll = true;
            String notFromEvents =
                    reach.made() ? LintChecks.neverFromEvents(path, reach, item) : null;
            if (notFromEvents != null) {
                itemFindings.add(new Finding(Kind.NOT_MAPPED, text, notFromEvents));
                continue;
            }
            anyFromEvents |= reach.made();
            String folded = LintChecks.folded(path, item);
            if (folded != null) {
                itemFindings.add(new Finding(Kind.NORMALISED, text, folded));
            } else {
                anyUnfolded |= reach.made();
            }
        }
        findings.addAll(itemFindings);
        return new Outcome(anyAtAll, anyFromEvents, anyUnfolded && unfolded);
    }
}
