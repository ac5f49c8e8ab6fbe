package org.entente.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestClockTest {
    @Test
    void runsWithTheSystemClockUntilMovedForward() {
        TestClock clock = TestClock.inMemory();
        Instant before = Instant.now();
        Instant read = clock.instant();
        assertThat(read).isBetween(before, Instant.now());
        clock.advance(Duration.ofDays(2));
        assertThat(clock.instant()).isAfterOrEqualTo(before.plus(Duration.ofDays(2)));
        assertThat(clock.offset()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void neverMovesBack() {
        TestClock clock = TestClock.inMemory();
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only moves forward");
    }

    /** What a node process reads: the same file, mapped by another clock. */
    @Test
    void aClockOnTheSameFileReadsAMoveAtOnce() throws Exception {
        Path file = Files.createTempDirectory("entente-clock-").resolve("clock");
        TestClock test = TestClock.sharedThrough(file);
        TestClock node = TestClock.sharedThrough(file);
        assertThat(node.offset()).isZero();
        test.advance(Duration.ofHours(1));
        assertThat(node.offset()).isEqualTo(Duration.ofHours(1));
        assertThat(node.instant()).isAfterOrEqualTo(Instant.now().plus(Duration.ofMinutes(59)));
        // a restarted node maps the file again and keeps the time it had
        assertThat(TestClock.sharedThrough(file).offset()).isEqualTo(Duration.ofHours(1));
    }
}
