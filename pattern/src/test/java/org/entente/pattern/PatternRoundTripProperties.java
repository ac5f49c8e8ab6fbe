package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.pattern.Theories.between;
import static org.entente.pattern.Theories.frequency;
import static org.entente.pattern.Theories.list;
import static org.entente.pattern.Theories.of;
import static org.entente.pattern.Theories.oneOf;
import static org.entente.pattern.Theories.theory;
import static org.entente.pattern.Theories.weight;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.entente.stix.Timestamps;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Random pattern trees, printed and parsed back, give the same tree: the printer and the parser
 * agree on every construct, every constant and every escape.
 */
class PatternRoundTripProperties {

    @Test
    void printingThenParsingGivesTheSameTree() {
        theory(500)
                .forAll(observation(3))
                .checkAssert(
                        tree -> {
                            StixPattern parsed = StixPattern.parse(tree.toString());
                            assertThat(parsed.root()).isEqualTo(tree);
                            assertThat(parsed.toString()).isEqualTo(tree.toString());
                        });
    }

    @Test
    void anyPrefixOfAValidPatternIsRejectedWithAColumnInsideIt() {
        theory(300)
                .forAll(observation(3), SourceDSL.doubles().between(0, 1))
                .checkAssert(
                        (tree, cut) -> {
                            String text = tree.toString();
                            String prefix = text.substring(0, (int) (cut % 1 * text.length()));
                            try {
                                StixPattern.parse(prefix);
                                // some prefixes are themselves valid (before a qualifier...)
                            } catch (PatternException e) {
                                assertThat(e.column())
                                        .isBetween(
                                                1, prefix.codePointCount(0, prefix.length()) + 1);
                                assertThat(e.getMessage()).isNotBlank();
                            }
                        });
    }

    // ---- generators -------------------------------------------------------------------------

    private static final List<String> TYPES =
            List.of("file", "ipv4-addr", "network-traffic", "x-custom-thing", "x509-certificate");

    private static Gen<ObservationExpr> observation(int depth) {
        Gen<ObservationExpr> leaf =
                of(TYPES).flatMap(t -> comparison(t, 2)).map(ObservationExpr.Observe::new);
        if (depth == 0) {
            return leaf;
        }
        Gen<ObservationExpr> inner = observation(depth - 1);
        Gen<List<ObservationExpr>> two = list(inner, 2, 3);
        return frequency(
                List.of(
                        weight(4, leaf),
                        weight(1, two.map(ObservationExpr.And::new)),
                        weight(1, two.map(ObservationExpr.Or::new)),
                        weight(1, two.map(ObservationExpr.FollowedBy::new)),
                        weight(1, inner.zip(seconds(), ObservationExpr.Within::new)),
                        weight(1, inner.zip(between(1, 9), ObservationExpr.Repeats::new)),
                        weight(
                                1,
                                inner.zip(
                                        timestamp(),
                                        between(1, 99999),
                                        (e, start, gap) ->
                                                new ObservationExpr.StartStop(
                                                        e,
                                                        start,
                                                        stamp(start.value().plusSeconds(gap)))))));
    }

    private static Gen<BigDecimal> seconds() {
        return oneOf(
                between(1, 100_000).map(i -> BigDecimal.valueOf(i)),
                decimals(new BigDecimal("0.001"), new BigDecimal("99999"), 3));
    }

    /** Decimals between {@code min} and {@code max} with exactly {@code scale} digits. */
    private static Gen<BigDecimal> decimals(BigDecimal min, BigDecimal max, int scale) {
        return SourceDSL.longs()
                .between(
                        min.movePointRight(scale).longValueExact(),
                        max.movePointRight(scale).longValueExact())
                .map(unscaled -> BigDecimal.valueOf(unscaled, scale));
    }

    private static Gen<ComparisonExpr> comparison(String type, int depth) {
        Gen<ComparisonExpr> test = test(type);
        if (depth == 0) {
            return test;
        }
        Gen<List<ComparisonExpr>> two = list(comparison(type, depth - 1), 2, 3);
        return frequency(
                List.of(
                        weight(4, test),
                        weight(1, two.map(ComparisonExpr.And::new)),
                        weight(1, two.map(ComparisonExpr.Or::new))));
    }

    private static Gen<ComparisonExpr> test(String type) {
        Gen<ObjectPath> path = path(type);
        Gen<ComparisonExpr> exists = path.map(ComparisonExpr.Exists::new);
        Gen<ComparisonExpr> compare =
                path.zip(of(Op.values()), of(true, false), Triple::new)
                        .flatMap(
                                t ->
                                        constantFor(t.op)
                                                .map(
                                                        c ->
                                                                new ComparisonExpr.Test(
                                                                        t.path, t.op, t.not, c)));
        return frequency(List.of(weight(1, exists), weight(6, compare)));
    }

    private record Triple(ObjectPath path, Op op, boolean not) {}

    private static Gen<ObjectPath> path(String type) {
        Gen<ObjectPath.Step> key =
                of("name", "value", "hashes", "SHA-256", "x.y", "it's", "a\\b", "size_2", "_ref")
                        .map(ObjectPath.Key::new);
        Gen<ObjectPath.Step> step =
                frequency(
                        List.of(
                                weight(4, key),
                                weight(1, between(0, 20).map(ObjectPath.Index::new)),
                                weight(1, Generate.constant(new ObjectPath.AnyIndex()))));
        return key.zip(
                list(step, 0, 3),
                (first, rest) -> {
                    List<ObjectPath.Step> steps = new ArrayList<>();
                    steps.add(first);
                    steps.addAll(rest);
                    return new ObjectPath(type, steps);
                });
    }

    private static Gen<Constant> constantFor(Op op) {
        switch (op) {
            case IN:
                return oneOf(list(strings(), 1, 4), list(ints(), 1, 4)).map(Constant.SetValue::new);
            case LIKE:
                return strings();
            case MATCHES:
                return of("^a.b$", "(?i)x", "[a-z]+\\.exe", "\\d{1,3}", "it's", "a|b|c")
                        .map(Constant.StringValue::new);
            case ISSUBSET:
            case ISSUPERSET:
                return of("10.0.0.0/8", "198.51.100.7", "2001:db8::/32", "::1")
                        .map(Constant.StringValue::new);
            case LT:
            case LE:
            case GT:
            case GE:
                return oneOf(strings(), ints(), floats(), binaries(), timestamp());
            default:
                return oneOf(
                        strings(),
                        ints(),
                        floats(),
                        binaries(),
                        timestamp(),
                        of(true, false).map(Constant.BoolValue::new));
        }
    }

    /** Strings of up to 10 characters: a-z and the ones that need escaping or normalising. */
    private static Gen<Constant> strings() {
        List<Character> chars = new ArrayList<>();
        for (char c : "ab'\\%_ é\u4e2d".toCharArray()) {
            chars.add(c);
        }
        for (char c = 'a'; c <= 'z'; c++) {
            chars.add(c);
        }
        return list(of(chars), 0, 10)
                .map(
                        cs -> {
                            StringBuilder b = new StringBuilder();
                            cs.forEach(b::append);
                            return new Constant.StringValue(b.toString());
                        });
    }

    private static Gen<Constant> ints() {
        return SourceDSL.longs()
                .between(-(1L << 53) + 1, (1L << 53) - 1)
                .map(Constant.IntValue::new);
    }

    private static Gen<Constant> floats() {
        return decimals(new BigDecimal("-1e9"), new BigDecimal("1e9"), 4)
                .map(Constant.FloatValue::new);
    }

    private static Gen<Constant> binaries() {
        Gen<byte[]> bytes =
                list(SourceDSL.integers().between(-128, 127), 0, 12)
                        .map(
                                l -> {
                                    byte[] out = new byte[l.size()];
                                    for (int i = 0; i < out.length; i++) {
                                        out[i] = l.get(i).byteValue();
                                    }
                                    return out;
                                });
        return bytes.zip(of(true, false), Constant.BinaryValue::new);
    }

    private static Gen<Constant.TimestampValue> timestamp() {
        return SourceDSL.longs()
                .between(0, 4_000_000_000_000_000L)
                .map(micros -> stamp(Observation.instant(micros)));
    }

    private static Constant.TimestampValue stamp(Instant t) {
        String text = Timestamps.formatMicros(Observation.micros(t));
        return new Constant.TimestampValue(Timestamps.toInstant(text), text);
    }
}
