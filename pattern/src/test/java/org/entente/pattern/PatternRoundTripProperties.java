package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.entente.stix.Timestamps;

/**
 * Random pattern trees, printed and parsed back, give the same tree: the printer and the parser
 * agree on every construct, every constant and every escape.
 */
class PatternRoundTripProperties {

    @Property(tries = 500)
    void printingThenParsingGivesTheSameTree(@ForAll("observations") ObservationExpr tree) {
        StixPattern parsed = StixPattern.parse(tree.toString());
        assertThat(parsed.root()).isEqualTo(tree);
        assertThat(parsed.toString()).isEqualTo(tree.toString());
    }

    @Property(tries = 300)
    void anyPrefixOfAValidPatternIsRejectedWithAColumnInsideIt(
            @ForAll("observations") ObservationExpr tree, @ForAll double cut) {
        String text = tree.toString();
        String prefix = text.substring(0, (int) (Math.abs(cut) % 1 * text.length()));
        try {
            StixPattern.parse(prefix);
            // some prefixes are themselves valid (a pattern before a qualifier or operator)
        } catch (PatternException e) {
            assertThat(e.column()).isBetween(1, prefix.codePointCount(0, prefix.length()) + 1);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    // ---- generators -------------------------------------------------------------------------

    private static final List<String> TYPES =
            List.of("file", "ipv4-addr", "network-traffic", "x-custom-thing", "x509-certificate");

    @Provide
    Arbitrary<ObservationExpr> observations() {
        return observation(3);
    }

    private Arbitrary<ObservationExpr> observation(int depth) {
        Arbitrary<ObservationExpr> leaf =
                Arbitraries.of(TYPES)
                        .flatMap(t -> comparison(t, 2))
                        .map(ObservationExpr.Observe::new);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<ObservationExpr> inner = observation(depth - 1);
        Arbitrary<List<ObservationExpr>> two = inner.list().ofMinSize(2).ofMaxSize(3);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf),
                net.jqwik.api.Tuple.of(1, two.map(ObservationExpr.And::new)),
                net.jqwik.api.Tuple.of(1, two.map(ObservationExpr.Or::new)),
                net.jqwik.api.Tuple.of(1, two.map(ObservationExpr.FollowedBy::new)),
                net.jqwik.api.Tuple.of(
                        1, Combinators.combine(inner, seconds()).as(ObservationExpr.Within::new)),
                net.jqwik.api.Tuple.of(
                        1,
                        Combinators.combine(inner, Arbitraries.integers().between(1, 9))
                                .as(ObservationExpr.Repeats::new)),
                net.jqwik.api.Tuple.of(
                        1,
                        Combinators.combine(
                                        inner,
                                        timestamp(),
                                        Arbitraries.integers().between(1, 99999))
                                .as(
                                        (e, start, gap) ->
                                                new ObservationExpr.StartStop(
                                                        e,
                                                        start,
                                                        stamp(start.value().plusSeconds(gap))))));
    }

    private Arbitrary<BigDecimal> seconds() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1, 100_000).map(BigDecimal::valueOf),
                Arbitraries.bigDecimals()
                        .between(new BigDecimal("0.001"), new BigDecimal("99999"))
                        .ofScale(3));
    }

    private Arbitrary<ComparisonExpr> comparison(String type, int depth) {
        Arbitrary<ComparisonExpr> test = test(type);
        if (depth == 0) {
            return test;
        }
        Arbitrary<List<ComparisonExpr>> two =
                comparison(type, depth - 1).list().ofMinSize(2).ofMaxSize(3);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, test),
                net.jqwik.api.Tuple.of(1, two.map(ComparisonExpr.And::new)),
                net.jqwik.api.Tuple.of(1, two.map(ComparisonExpr.Or::new)));
    }

    private Arbitrary<ComparisonExpr> test(String type) {
        Arbitrary<ObjectPath> path = path(type);
        Arbitrary<ComparisonExpr> exists = path.map(ComparisonExpr.Exists::new);
        Arbitrary<ComparisonExpr> compare =
                Combinators.combine(path, Arbitraries.of(Op.values()), Arbitraries.of(true, false))
                        .flatAs(
                                (p, op, not) ->
                                        constantFor(op)
                                                .map(c -> new ComparisonExpr.Test(p, op, not, c)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, exists), net.jqwik.api.Tuple.of(6, compare));
    }

    private Arbitrary<ObjectPath> path(String type) {
        Arbitrary<ObjectPath.Step> key =
                Arbitraries.of(
                                "name", "value", "hashes", "SHA-256", "x.y", "it's", "a\\b",
                                "size_2", "_ref")
                        .map(ObjectPath.Key::new);
        Arbitrary<ObjectPath.Step> step =
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, key),
                        net.jqwik.api.Tuple.of(
                                1,
                                Arbitraries.integers().between(0, 20).map(ObjectPath.Index::new)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(new ObjectPath.AnyIndex())));
        return Combinators.combine(key, step.list().ofMaxSize(3))
                .as(
                        (first, rest) -> {
                            List<ObjectPath.Step> steps = new java.util.ArrayList<>();
                            steps.add(first);
                            steps.addAll(rest);
                            return new ObjectPath(type, steps);
                        });
    }

    private Arbitrary<Constant> constantFor(Op op) {
        switch (op) {
            case IN:
                return Arbitraries.oneOf(
                                strings().list().ofMinSize(1).ofMaxSize(4),
                                ints().list().ofMinSize(1).ofMaxSize(4))
                        .map(Constant.SetValue::new);
            case LIKE:
                return strings();
            case MATCHES:
                return Arbitraries.of("^a.b$", "(?i)x", "[a-z]+\\.exe", "\\d{1,3}", "it's", "a|b|c")
                        .map(Constant.StringValue::new);
            case ISSUBSET:
            case ISSUPERSET:
                return Arbitraries.of("10.0.0.0/8", "198.51.100.7", "2001:db8::/32", "::1")
                        .map(Constant.StringValue::new);
            case LT:
            case LE:
            case GT:
            case GE:
                return Arbitraries.oneOf(
                        strings(), ints(), floats(), binaries(), timestamp().map(t -> t));
            default:
                return Arbitraries.oneOf(
                        strings(),
                        ints(),
                        floats(),
                        binaries(),
                        timestamp().map(t -> t),
                        Arbitraries.of(true, false).map(Constant.BoolValue::new));
        }
    }

    private Arbitrary<Constant> strings() {
        return Arbitraries.strings()
                .withChars("ab'\\%_ é\u4e2d")
                .withCharRange('a', 'z')
                .ofMaxLength(10)
                .map(Constant.StringValue::new);
    }

    private Arbitrary<Constant> ints() {
        return Arbitraries.longs()
                .between(-(1L << 53) + 1, (1L << 53) - 1)
                .map(Constant.IntValue::new);
    }

    private Arbitrary<Constant> floats() {
        return Arbitraries.bigDecimals()
                .between(new BigDecimal("-1e9"), new BigDecimal("1e9"))
                .ofScale(4)
                .map(Constant.FloatValue::new);
    }

    private Arbitrary<Constant> binaries() {
        return Combinators.combine(
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(12),
                        Arbitraries.of(true, false))
                .as(Constant.BinaryValue::new);
    }

    private Arbitrary<Constant.TimestampValue> timestamp() {
        return Arbitraries.longs()
                .between(0, 4_000_000_000_000_000L)
                .map(micros -> stamp(Observation.instant(micros)));
    }

    private static Constant.TimestampValue stamp(Instant t) {
        String text = Timestamps.formatMicros(Observation.micros(t));
        return new Constant.TimestampValue(Timestamps.toInstant(text), text);
    }
}
