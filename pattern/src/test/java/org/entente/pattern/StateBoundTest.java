package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The memory bound of docs/pattern.md: an indicator's correlation state never exceeds K partial
 * matches per keeping node, so adversarial streams (every observation satisfying every observation
 * expression of a pattern that never completes) cost bounded memory and bounded time per
 * observation; and state expires with WITHIN.
 */
class StateBoundTest {

    private static final String A = "{'type':'domain-name','value':'a.example'}";
    private static final String NEVER = "[domain-name:value = 'never.example']";
    private static final String EVERY = "[domain-name:value = 'a.example']";

    /** Feeds n observations of {@code a}, one second apart; returns nanoseconds per observation. */
    private static double feed(IndicatorMatcher m, long from, int n) {
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertThat(m.match(Fixtures.obs(from + i, from + i, A))).isEmpty();
        }
        return (System.nanoTime() - started) / (double) n;
    }

    private static long bound(String pattern, Limits limits) {
        return Program.compile(StixPattern.parse(pattern), limits).stateBound();
    }

    @Test
    void stateStaysWithinTheBoundWhenCombinationsWouldExplode() {
        // Ten ANDed copies of [a] plus one that never comes: choosing 10 of n observations has
        // C(n, 10) partial matches; the engine keeps at most K per node.
        String pattern = "(" + (EVERY + " AND ").repeat(10) + NEVER + ")";
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        assertThat(m.add(Indicator.of(Fixtures.id(1), pattern)).loaded()).isTrue();
        long bound = bound(pattern, Limits.DEFAULT);
        // K = 16 times: 11 kept leaves of one observation, and the partial ANDs of 2 to 10
        assertThat(bound).isEqualTo(16L * (11 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10));
        double early = feed(m, 0, 2_000);
        assertThat(m.stateRefs()).isPositive().isLessThanOrEqualTo(bound);
        double late = feed(m, 2_000, 2_000);
        assertThat(m.stateRefs()).isLessThanOrEqualTo(bound);
        // flat cost: the second thousand observations cost no more than a few times the first
        assertThat(late).isLessThan(Math.max(early * 4, 200_000));
    }

    @Test
    void repeatsInsideAPairUsesLevelsBoundedByK() {
        String pattern = "(" + EVERY + " REPEATS 20 TIMES) AND " + NEVER;
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        assertThat(m.add(Indicator.of(Fixtures.id(1), pattern)).loaded()).isTrue();
        feed(m, 0, 3_000);
        assertThat(m.stateRefs()).isLessThanOrEqualTo(bound(pattern, Limits.DEFAULT));
    }

    @Test
    void aTopLevelRepeatsKeepsOnlyTheLatestObservations() {
        String pattern = "(" + EVERY + " AND " + NEVER + ") OR " + EVERY + " REPEATS 500 TIMES";
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        m.add(Indicator.of(Fixtures.id(1), pattern));
        feed(m, 0, 499 - 1);
        assertThat(m.stateRefs()).isLessThanOrEqualTo(498 + 16);
        assertThat(m.match(Fixtures.obs(1_000, 1_000, A))).isEmpty();
        assertThat(m.match(Fixtures.obs(1_001, 1_001, A))).hasSize(1);
        assertThat(m.stateRefs()).isZero();
    }

    @Test
    void stateExpiresOnceTheWithinWindowHasPassed() {
        String pattern = "(" + EVERY + " AND " + NEVER + ") WITHIN 10 SECONDS";
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        m.add(Indicator.of(Fixtures.id(1), pattern));
        feed(m, 0, 10);
        assertThat(m.stateRefs()).isPositive();
        // later observations that match nothing still move time on
        m.match(Fixtures.obs(100, 100, "{'type':'domain-name','value':'other.example'}"));
        m.sweep();
        assertThat(m.stateRefs()).isZero();
        // and a new observation of a starts afresh, without the expired ones
        feed(m, 200, 1);
        assertThat(m.stateRefs()).isEqualTo(1);
    }

    @Test
    void refusesAPatternWhoseWorstCaseStateExceedsTheLimit() {
        String pattern = "([a-b:c = 1] AND [a-b:c = 2]) REPEATS 100 TIMES";
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        IndicatorMatcher.Result r = m.add(Indicator.of(Fixtures.id(1), pattern));
        assertThat(r.outcome()).isEqualTo(IndicatorMatcher.Outcome.REJECTED);
        assertThat(r.reason()).contains("this engine allows 65536 per indicator");
        // the same pattern is valid STIX: the checker accepts it
        assertThat(StixPattern.problem(pattern)).isEmpty();
        assertThatThrownBy(() -> Program.compile(StixPattern.parse(pattern), Limits.DEFAULT))
                .isInstanceOf(PatternException.class);
    }

    @Test
    void aLongAdversarialStreamFinishesQuickly() {
        String pattern =
                "([domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'a.example']"
                        + " FOLLOWEDBY [domain-name:value = 'a.example'] FOLLOWEDBY "
                        + NEVER
                        + ") REPEATS 3 TIMES";
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        assertThat(m.add(Indicator.of(Fixtures.id(1), pattern)).loaded()).isTrue();
        long started = System.nanoTime();
        feed(m, 0, 5_000);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(Duration.ofSeconds(20));
        assertThat(m.stateRefs()).isLessThanOrEqualTo(bound(pattern, Limits.DEFAULT));
    }
}
