package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.pattern.Theories.between;
import static org.entente.pattern.Theories.frequency;
import static org.entente.pattern.Theories.list;
import static org.entente.pattern.Theories.theory;
import static org.entente.pattern.Theories.weight;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.entente.stix.Timestamps;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The correlation of observation expressions (AND, OR, FOLLOWEDBY, WITHIN, REPEATS, START/STOP)
 * against an exhaustive search: on short random streams, with enough room for partial matches, the
 * incremental evaluation reports a match at exactly the observations where some set of observations
 * since the last match, including the newest, satisfies the pattern as section 9.5 defines it. With
 * the default (small) room it may miss matches but never invents one.
 */
class CorrelationProperties {

    private static final Limits ROOMY =
            Limits.DEFAULT.withMaxPartials(1_000_000).withMaxStateRefs(Long.MAX_VALUE);

    /** One observation of a stream: its times and which leaves it satisfies. */
    record Step(long first, long last, boolean[] hits) {
        @Override
        public String toString() {
            return "Step[" + first + ".." + last + " " + java.util.Arrays.toString(hits) + "]";
        }
    }

    @Test
    void incrementalCorrelationEqualsExhaustiveSearchOnPointEvents() {
        AtomicInteger cases = new AtomicInteger();
        AtomicInteger withMatches = new AtomicInteger();
        theory(1000)
                .forAll(trees(), streams(false))
                .checkAssert(
                        (tree, stream) -> {
                            Program program = Program.compile(StixPattern.of(tree), ROOMY);
                            List<Integer> actual = run(program, stream, tree);
                            List<Integer> expected = exhaustive(tree, stream);
                            assertThat(actual).as(tree.toString()).isEqualTo(expected);
                            cases.incrementAndGet();
                            if (!expected.isEmpty()) {
                                withMatches.incrementAndGet();
                            }
                        });
        // the comparison means something only if matches are common
        assertThat(withMatches.get() * 100.0 / cases.get())
                .as("percentage of cases with some match")
                .isGreaterThan(25);
    }

    @Test
    void withLittleRoomOrLongObservationsEveryReportedMatchIsReal() {
        theory(1000)
                .forAll(trees(), streams(true), between(1, 4))
                .checkAssert(
                        (tree, stream, k) -> {
                            Program program =
                                    Program.compile(
                                            StixPattern.of(tree),
                                            Limits.DEFAULT
                                                    .withMaxPartials(k)
                                                    .withMaxStateRefs(Long.MAX_VALUE));
                            run(program, stream, tree); // asserts each witness inside
                        });
    }

    /** Feeds the stream; returns the indexes where a match completed, checking each witness. */
    private static List<Integer> run(Program program, List<Step> stream, ObservationExpr tree) {
        Program.State state = program.stateless() ? null : program.newState();
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < stream.size(); t++) {
            Step s = stream.get(t);
            boolean any = false;
            for (boolean h : s.hits) {
                any |= h;
            }
            if (!any) {
                continue;
            }
            Partial p =
                    program.offer(state, new MatchedObservation(t, null, s.first, s.last), s.hits);
            if (p != null) {
                int mask = 0;
                for (long seq : p.seqs) {
                    mask |= 1 << seq;
                }
                assertThat(mask & (1 << t))
                        .as("the newest observation completes the match")
                        .isNotZero();
                assertThat(sat(tree, mask, stream, new int[] {0}))
                        .as("witness %s of %s", p, tree)
                        .isTrue();
                out.add(t);
            }
        }
        return out;
    }

    /** Section 9.5's semantics by brute force, with each match consuming the stream so far. */
    private static List<Integer> exhaustive(ObservationExpr tree, List<Step> stream) {
        List<Integer> out = new ArrayList<>();
        int from = 0;
        for (int t = 0; t < stream.size(); t++) {
            int window = ((1 << (t + 1)) - 1) & ~((1 << from) - 1);
            boolean found = false;
            for (int s = window; s > 0 && !found; s = (s - 1) & window) {
                if ((s & (1 << t)) != 0 && sat(tree, s, stream, new int[] {0})) {
                    found = true;
                }
            }
            if (found) {
                out.add(t);
                from = t + 1;
            }
        }
        return out;
    }

    /**
     * Whether the observations in {@code set} (a bit mask) together satisfy {@code e}, each used
     * once. {@code leaf} numbers the observation expressions left to right as the program does.
     */
    private static boolean sat(ObservationExpr e, int set, List<Step> stream, int[] leaf) {
        int base = leaf[0];
        boolean result = satAt(e, set, stream, base);
        leaf[0] = base + leaves(e);
        return result;
    }

    private static boolean satAt(ObservationExpr e, int set, List<Step> stream, int base) {
        if (e instanceof ObservationExpr.Observe) {
            return Integer.bitCount(set) == 1
                    && stream.get(Integer.numberOfTrailingZeros(set)).hits[base];
        }
        if (e instanceof ObservationExpr.Or or) {
            int b = base;
            for (ObservationExpr c : or.operands()) {
                if (satAt(c, set, stream, b)) {
                    return true;
                }
                b += leaves(c);
            }
            return false;
        }
        if (e instanceof ObservationExpr.And and) {
            return partition(and.operands(), 0, set, stream, base, Long.MIN_VALUE, false);
        }
        if (e instanceof ObservationExpr.FollowedBy fb) {
            return partition(fb.operands(), 0, set, stream, base, Long.MIN_VALUE, true);
        }
        if (e instanceof ObservationExpr.Within w) {
            return satAt(w.operand(), set, stream, base)
                    && maxLast(set, stream) - minFirst(set, stream)
                            < ProgramBuilder.micros(w.seconds());
        }
        if (e instanceof ObservationExpr.StartStop ss) {
            long start = Observation.micros(ss.start().value());
            long stop = Observation.micros(ss.stop().value());
            for (int i = 0; i < stream.size(); i++) {
                if ((set & (1 << i)) != 0
                        && (stream.get(i).first < start || stream.get(i).last >= stop)) {
                    return false;
                }
            }
            return satAt(ss.operand(), set, stream, base);
        }
        ObservationExpr.Repeats r = (ObservationExpr.Repeats) e;
        List<ObservationExpr> copies = new ArrayList<>();
        for (int i = 0; i < r.times(); i++) {
            copies.add(r.operand());
        }
        return partitionSameLeaves(copies, 0, set, stream, base);
    }

    private static boolean partition(
            List<ObservationExpr> parts,
            int i,
            int set,
            List<Step> stream,
            int base,
            long previousLast,
            boolean ordered) {
        ObservationExpr c = parts.get(i);
        if (i == parts.size() - 1) {
            return set != 0
                    && (!ordered || previousLast <= minFirst(set, stream))
                    && satAt(c, set, stream, base);
        }
        for (int sub = set; sub > 0; sub = (sub - 1) & set) {
            if (ordered && previousLast > minFirst(sub, stream)) {
                continue;
            }
            if (satAt(c, sub, stream, base)
                    && partition(
                            parts,
                            i + 1,
                            set & ~sub,
                            stream,
                            base + leaves(c),
                            ordered ? maxLast(sub, stream) : previousLast,
                            ordered)) {
                return true;
            }
        }
        return false;
    }

    /** REPEATS: every copy uses the same leaf numbers. */
    private static boolean partitionSameLeaves(
            List<ObservationExpr> parts, int i, int set, List<Step> stream, int base) {
        if (i == parts.size() - 1) {
            return set != 0 && satAt(parts.get(i), set, stream, base);
        }
        for (int sub = set; sub > 0; sub = (sub - 1) & set) {
            if (satAt(parts.get(i), sub, stream, base)
                    && partitionSameLeaves(parts, i + 1, set & ~sub, stream, base)) {
                return true;
            }
        }
        return false;
    }

    private static int leaves(ObservationExpr e) {
        return StixPattern.of(e).observationExpressions().size();
    }

    private static long minFirst(int set, List<Step> stream) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < stream.size(); i++) {
            if ((set & (1 << i)) != 0) {
                min = Math.min(min, stream.get(i).first);
            }
        }
        return min;
    }

    private static long maxLast(int set, List<Step> stream) {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < stream.size(); i++) {
            if ((set & (1 << i)) != 0) {
                max = Math.max(max, stream.get(i).last);
            }
        }
        return max;
    }

    // ---- generators -------------------------------------------------------------------------

    private static final long SECOND = 1_000_000L;
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    private static Gen<ObservationExpr> trees() {
        return tree(3).assuming(t -> leaves(t) <= 4 && StixPattern.required(t) <= 6);
    }

    private static Gen<ObservationExpr> tree(int depth) {
        Gen<ObservationExpr> leaf =
                between(0, 9)
                        .map(
                                i ->
                                        new ObservationExpr.Observe(
                                                new ComparisonExpr.Test(
                                                        new ObjectPath(
                                                                "x-t",
                                                                List.of(new ObjectPath.Key("f"))),
                                                        Op.EQ,
                                                        false,
                                                        new Constant.IntValue(i))));
        if (depth == 0) {
            return leaf;
        }
        Gen<ObservationExpr> inner = tree(depth - 1);
        Gen<List<ObservationExpr>> two = list(inner, 2, 3);
        return frequency(
                List.of(
                        weight(3, leaf),
                        weight(2, two.map(ObservationExpr.And::new)),
                        weight(1, two.map(ObservationExpr.Or::new)),
                        weight(2, two.map(ObservationExpr.FollowedBy::new)),
                        weight(
                                2,
                                inner.zip(
                                        between(1, 40),
                                        (e, s) ->
                                                new ObservationExpr.Within(
                                                        e, BigDecimal.valueOf(s)))),
                        weight(1, inner.zip(between(2, 3), ObservationExpr.Repeats::new)),
                        weight(
                                1,
                                inner.zip(
                                        between(0, 40),
                                        between(1, 60),
                                        (e, start, len) ->
                                                new ObservationExpr.StartStop(
                                                        e, stamp(start), stamp(start + len))))));
    }

    private static Constant.TimestampValue stamp(int seconds) {
        String text = Timestamps.formatMillis(T0.plusSeconds(seconds));
        return new Constant.TimestampValue(Timestamps.toInstant(text), text);
    }

    /** Streams of point events, or (with {@code intervals}) of observations lasting up to 30 s. */
    private static Gen<List<Step>> streams(boolean intervals) {
        Gen<int[]> step =
                between(0, 12)
                        .zip(
                                between(0, intervals ? 30 : 0),
                                between(1, 15),
                                (gap, length, bits) -> new int[] {gap, length, bits});
        long base = Observation.micros(T0);
        return list(step, 1, 7)
                .map(
                        raw -> {
                            List<Step> out = new ArrayList<>();
                            long t = base;
                            for (int[] r : raw) {
                                t += r[0] * SECOND;
                                boolean[] hits = new boolean[4];
                                for (int b = 0; b < 4; b++) {
                                    hits[b] = (r[2] & (1 << b)) != 0;
                                }
                                out.add(new Step(t, t + r[1] * SECOND, hits));
                            }
                            return out;
                        });
    }
}
