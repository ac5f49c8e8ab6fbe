package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Patterns of one observation expression without a qualifier share one root node ({@code
 * ProgramBuilder}): each still matches only its own observations, also beside patterns that qualify
 * the same expression and so have roots and state of their own.
 */
class OneObservationProgramTest {

    private static Observation ip(long seconds, String value) {
        return Fixtures.obs(seconds, seconds, "{'type':'ipv4-addr','value':'" + value + "'}");
    }

    private static List<String> ids(List<Match> matches) {
        return matches.stream().map(Match::indicatorId).sorted().toList();
    }

    @Test
    void oneObservationPatternsMatchApartFromQualifiedOnes() {
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        m.add(Fixtures.indicator(Fixtures.id(1), "[ipv4-addr:value = '198.51.100.1']"));
        m.add(Fixtures.indicator(Fixtures.id(2), "[ipv4-addr:value = '198.51.100.2']"));
        m.add(
                Fixtures.indicator(
                        Fixtures.id(3),
                        "[ipv4-addr:value = '198.51.100.1'] START t'2024-03-01T10:00:30Z'"
                                + " STOP t'2024-03-01T10:01:00Z'"));
        m.add(
                Fixtures.indicator(
                        Fixtures.id(4), "[ipv4-addr:value = '198.51.100.1'] REPEATS 2 TIMES"));

        assertThat(ids(m.match(ip(10, "198.51.100.1")))).containsExactly(Fixtures.id(1));
        assertThat(ids(m.match(ip(40, "198.51.100.1"))))
                .containsExactly(Fixtures.id(1), Fixtures.id(3), Fixtures.id(4));
        assertThat(ids(m.match(ip(50, "198.51.100.2")))).containsExactly(Fixtures.id(2));
    }

    @Test
    void oneObservationProgramsKeepNoState() {
        for (String pattern :
                List.of(
                        "[ipv4-addr:value = '198.51.100.1']",
                        "[domain-name:value = 'a.example']")) {
            Program p = Program.compile(StixPattern.parse(pattern), Limits.DEFAULT);
            assertThat(p.singleLeaf()).isTrue();
            assertThat(p.stateless()).isTrue();
            assertThat(p.stateBound()).isZero();
        }
        Program qualified =
                Program.compile(
                        StixPattern.parse("[ipv4-addr:value = '198.51.100.1'] REPEATS 2 TIMES"),
                        Limits.DEFAULT);
        assertThat(qualified.singleLeaf()).isFalse();
        assertThat(qualified.stateless()).isFalse();
    }
}
