package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a dashboard view starts counting the flows again (ADR 0028): no node needed. */
class DashboardFlowsTest {
    private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");

    private static DashboardFlows.Figures counted(long head, Duration took, boolean failed) {
        return new DashboardFlows.Figures(
                head,
                AT,
                took,
                failed
                        ? Optional.empty()
                        : Optional.of(
                                new DashboardFlows.Flows(List.of(), ReportChart.of(Map.of()))),
                failed ? Optional.of("error-id") : Optional.empty());
    }

    @Test
    void theFirstViewCounts() {
        assertThat(DashboardFlows.due(null, 0, AT)).isTrue();
    }

    @Test
    void anUnchangedLedgerIsNotCountedAgainUntilTheFigureIsTenMinutesOld() {
        DashboardFlows.Figures f = counted(7, Duration.ofMillis(5), false);
        assertThat(DashboardFlows.due(f, 7, AT.plusSeconds(1))).isFalse();
        assertThat(DashboardFlows.due(f, 7, AT.plus(DashboardFlows.MAX_AGE).minusMillis(1)))
                .isFalse();
        assertThat(DashboardFlows.due(f, 7, AT.plus(DashboardFlows.MAX_AGE))).isTrue();
    }

    @Test
    void aGrownLedgerIsCountedAgainNineTimesTheLastCountsDurationAfterItEnded() {
        Duration took = Duration.ofSeconds(4);
        DashboardFlows.Figures f = counted(7, took, false);
        Instant ended = AT.plus(took);
        Instant pauseOver = ended.plus(took.multipliedBy(DashboardFlows.PAUSE));
        assertThat(DashboardFlows.due(f, 8, ended)).isFalse();
        assertThat(DashboardFlows.due(f, 8, pauseOver.minusMillis(1))).isFalse();
        assertThat(DashboardFlows.due(f, 8, pauseOver)).isTrue();
        // a quick count is made again at the next view once the ledger has grown
        assertThat(
                        DashboardFlows.due(
                                counted(7, Duration.ofMillis(3), false), 8, AT.plusSeconds(1)))
                .isTrue();
    }

    @Test
    void aFailedCountIsTriedAgainOnlyAfterTenMinutes() {
        DashboardFlows.Figures f = counted(7, Duration.ofMillis(5), true);
        assertThat(DashboardFlows.due(f, 9, AT.plusSeconds(30))).isFalse();
        assertThat(DashboardFlows.due(f, 9, AT.plus(DashboardFlows.MAX_AGE))).isTrue();
    }
}
