package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Indicators added, replaced, revoked and expired change what the matcher finds at once, without a
 * rebuild, also while other threads are matching.
 */
class LiveUpdateTest {

    /** A clock tests can move. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static Observation ip(long seq, String value) {
        return Fixtures.obs(seq, seq, "{'type':'ipv4-addr','value':'" + value + "'}");
    }

    private static List<String> ids(List<Match> matches) {
        return matches.stream().map(Match::indicatorId).toList();
    }

    @Test
    void anAddedIndicatorMatchesFromTheNextObservation() {
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        assertThat(m.match(ip(1, "198.51.100.1"))).isEmpty();
        assertThat(
                        m.add(
                                        Fixtures.indicator(
                                                Fixtures.id(1),
                                                "[ipv4-addr:value = '198.51.100.1']"))
                                .outcome())
                .isEqualTo(IndicatorMatcher.Outcome.ADDED);
        assertThat(ids(m.match(ip(2, "198.51.100.1")))).containsExactly(Fixtures.id(1));
    }

    @Test
    void aNewerVersionReplacesTheOldPatternAndAnOlderOneIsIgnored() {
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        ObjectNode v1 = Fixtures.indicator(Fixtures.id(1), "[ipv4-addr:value = '198.51.100.1']");
        ObjectNode v2 = v1.deepCopy();
        v2.put("modified", "2024-02-01T00:00:00.000Z");
        v2.put("pattern", "[ipv4-addr:value ISSUBSET '203.0.113.0/24']");
        m.add(v1);
        assertThat(m.add(v2).outcome()).isEqualTo(IndicatorMatcher.Outcome.REPLACED);
        assertThat(m.match(ip(1, "198.51.100.1"))).isEmpty();
        assertThat(ids(m.match(ip(2, "203.0.113.77")))).containsExactly(Fixtures.id(1));
        assertThat(m.add(v1).outcome()).isEqualTo(IndicatorMatcher.Outcome.STALE);
        assertThat(m.match(ip(3, "198.51.100.1"))).isEmpty();
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.leafCount()).isEqualTo(1);
    }

    @Test
    void aRevokedVersionRemovesTheIndicatorForGood() {
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        ObjectNode v1 = Fixtures.indicator(Fixtures.id(1), "[ipv4-addr:value = '198.51.100.1']");
        m.add(v1);
        ObjectNode revoked = v1.deepCopy();
        revoked.put("modified", "2024-02-01T00:00:00.000Z");
        revoked.put("revoked", true);
        assertThat(m.add(revoked).outcome()).isEqualTo(IndicatorMatcher.Outcome.REVOKED);
        assertThat(m.match(ip(1, "198.51.100.1"))).isEmpty();
        // the old version arriving again later stays out
        assertThat(m.add(v1).outcome()).isEqualTo(IndicatorMatcher.Outcome.STALE);
        assertThat(m.size()).isZero();
        assertThat(m.leafCount()).isZero();
    }

    @Test
    void anIndicatorStopsMatchingWhenItsValidUntilPasses() {
        MutableClock clock = new MutableClock(Fixtures.T0);
        IndicatorMatcher m = new IndicatorMatcher(clock);
        ObjectNode expiring =
                Fixtures.indicator(Fixtures.id(1), "[ipv4-addr:value = '198.51.100.1']");
        expiring.put("valid_until", "2024-03-01T11:00:00Z");
        ObjectNode lasting =
                Fixtures.indicator(Fixtures.id(2), "[ipv4-addr:value = '198.51.100.1']");
        m.add(expiring);
        m.add(lasting);
        assertThat(ids(m.match(ip(1, "198.51.100.1"))))
                .containsExactly(Fixtures.id(1), Fixtures.id(2));
        clock.advance(Duration.ofHours(1));
        // expired: no longer reported, even before the sweep removes it
        assertThat(ids(m.match(ip(2, "198.51.100.1")))).containsExactly(Fixtures.id(2));
        assertThat(m.expire()).containsExactly(Fixtures.id(1));
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.expire()).isEmpty();
    }

    @Test
    void anIndicatorAlreadyExpiredIsNotLoaded() {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        IndicatorMatcher m = new IndicatorMatcher(clock);
        ObjectNode old = Fixtures.indicator(Fixtures.id(1), "[ipv4-addr:value = '198.51.100.1']");
        old.put("valid_until", "2025-01-01T00:00:00Z");
        IndicatorMatcher.Result r = m.add(old);
        assertThat(r.outcome()).isEqualTo(IndicatorMatcher.Outcome.EXPIRED);
        assertThat(r.reason()).contains("2025-01-01T00:00:00Z");
        assertThat(m.size()).isZero();
    }

    @Test
    void removingAnIndicatorDropsItsIndexEntriesAndItsState() {
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        m.add(
                Indicator.of(
                        Fixtures.id(1),
                        "[ipv4-addr:value = '198.51.100.1'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.2']"));
        m.add(Indicator.of(Fixtures.id(2), "[url:value MATCHES 'evil\\\\.test/']"));
        m.add(Indicator.of(Fixtures.id(3), "[ipv4-addr:value ISSUBSET '10.0.0.0/8']"));
        m.match(ip(1, "198.51.100.1"));
        assertThat(m.stateRefs()).isEqualTo(1);
        assertThat(m.remove(Fixtures.id(1))).isTrue();
        assertThat(m.remove(Fixtures.id(1))).isFalse();
        m.sweep();
        assertThat(m.stateRefs()).isZero();
        assertThat(m.match(ip(2, "198.51.100.2"))).isEmpty();
        assertThat(m.remove(Fixtures.id(3))).isTrue();
        assertThat(m.match(ip(3, "10.1.1.1"))).isEmpty();
        assertThat(ids(m.match(Fixtures.obs(4, 4, "{'type':'url','value':'http://evil.test/x'}"))))
                .containsExactly(Fixtures.id(2));
        assertThat(m.leafCount()).isEqualTo(1);
    }

    @Test
    void probesKeepMatchingCorrectlyWhileIndicatorsChange() throws Exception {
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        // permanent indicators every probe must always find
        m.add(Indicator.of(Fixtures.id(1), "[ipv4-addr:value = '198.51.100.1']"));
        m.add(Indicator.of(Fixtures.id(2), "[ipv4-addr:value ISSUBSET '198.51.100.0/24']"));
        m.add(Indicator.of(Fixtures.id(3), "[url:value LIKE '%evil.test%']"));
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicLong checks = new AtomicLong();
        CountDownLatch started = new CountDownLatch(2);
        Runnable reader =
                () -> {
                    Probe probe = m.newProbe();
                    started.countDown();
                    long seq = 0;
                    while (!stop.get()) {
                        Observation o =
                                Fixtures.obs(
                                        ++seq,
                                        0,
                                        "{'type':'ipv4-addr','value':'198.51.100.1'}",
                                        "{'type':'url','value':'http://www.evil.test/a'}");
                        try {
                            Hits h = probe.find(o);
                            int permanent = 0;
                            for (LeafIndex.Leaf leaf : h.leaves) {
                                String id = leaf.entry.id();
                                if (id.equals(Fixtures.id(1))
                                        || id.equals(Fixtures.id(2))
                                        || id.equals(Fixtures.id(3))) {
                                    permanent++;
                                }
                            }
                            if (permanent != 3) {
                                problems.add(
                                        "found " + permanent + " of the 3 permanent indicators");
                            }
                            checks.incrementAndGet();
                        } catch (RuntimeException e) {
                            problems.add(e.toString());
                        }
                    }
                };
        Thread r1 = new Thread(reader);
        Thread r2 = new Thread(reader);
        r1.start();
        r2.start();
        started.await();
        // churn: thousands of indicators on the same paths come and go
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 500; i++) {
                int n = 1000 + i;
                String p =
                        switch (i % 4) {
                            case 0 -> "[ipv4-addr:value = '198.51.100." + (i % 250) + "']";
                            case 1 -> "[ipv4-addr:value ISSUBSET '198.51." + (i % 250) + ".0/24']";
                            case 2 -> "[url:value LIKE '%evil" + i + ".test%']";
                            default -> "[url:value MATCHES 'www\\\\.evil\\\\.test/" + i + "']";
                        };
                m.add(Indicator.of(Fixtures.id(n), p));
            }
            for (int i = 0; i < 500; i++) {
                m.remove(Fixtures.id(1000 + i));
            }
        }
        stop.set(true);
        r1.join();
        r2.join();
        assertThat(problems).isEmpty();
        assertThat(checks.get()).isPositive();
        assertThat(m.size()).isEqualTo(3);
        assertThat(m.leafCount()).isEqualTo(3);
        assertThat(ids(m.match(ip(1, "198.51.100.1"))))
                .containsExactly(Fixtures.id(1), Fixtures.id(2));
    }
}
