package org.entente.stix;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Runs a property over generated values with QuickTheories, the way this project's property tests
 * behave: every run draws a seed and prints it first, and a failure names it, so that the case can
 * be replayed exactly with {@code -DQT_SEED=N} (QuickTheories' own property, the one the pattern
 * module's properties replay with too); at least the number of tries asked for is run, and counted;
 * a failure is shrunk for up to {@link #SHRINK_SECONDS} seconds (jqwik, which these tests used
 * before, shrank for 10).
 *
 * <p>Shared with the other modules' tests through this module's test jar.
 */
public final class PropertyCheck {
    /** The system property that replays a seed: QuickTheories reads the same one. */
    public static final String SEED = "QT_SEED";

    /** How long a failure is shrunk, at most; {@code -Dentente.shrink-seconds=N} changes it. */
    public static final long SHRINK_SECONDS = Long.getLong("entente.shrink-seconds", 60);

    /**
     * QuickTheories first tries a value at the generators' shrink targets, minima and maxima, and
     * skips a value it has already tried: these extra tries make sure the random ones number at
     * least {@code tries}.
     */
    private static final int BOUNDARY_TRIES = 3;

    /** Draws per value before a filtered generator ({@code assuming}) gives up. */
    private static final int GENERATE_ATTEMPTS = 10_000;

    private final String name;
    private final long seed;
    private final AtomicInteger tried = new AtomicInteger();
    private final Map<String, Map<String, Integer>> labels = new TreeMap<>();

    private PropertyCheck(String name, long seed) {
        this.name = name;
        this.seed = seed;
    }

    /** A check named for its messages, with the seed of {@code -DQT_SEED} or a fresh one. */
    public static PropertyCheck named(String name) {
        String fixed = System.getProperty(SEED);
        long seed =
                fixed == null || fixed.isBlank()
                        ? new SecureRandom().nextLong()
                        : Long.parseLong(fixed.trim());
        PropertyCheck check = new PropertyCheck(name, seed);
        System.out.println(name + ": seed " + seed + " (replay with -D" + SEED + "=" + seed + ")");
        return check;
    }

    public long seed() {
        return seed;
    }

    /** How many values the property was tried on before any failure. */
    public int tried() {
        return tried.get();
    }

    /** Counts a value under a label, for the summary (and {@link #share}). */
    public synchronized void collect(String label, String value) {
        labels.computeIfAbsent(label, k -> new TreeMap<>()).merge(value, 1, Integer::sum);
    }

    /** The share of the values counted under {@code label} that were {@code value}, 0 to 1. */
    public synchronized double share(String label, String value) {
        Map<String, Integer> counts = labels.getOrDefault(label, Map.of());
        int all = counts.values().stream().mapToInt(Integer::intValue).sum();
        return all == 0 ? 0 : counts.getOrDefault(value, 0) / (double) all;
    }

    /**
     * Tries {@code property} on at least {@code tries} values of {@code values}; a failure is
     * shrunk and reported with the smallest value found and the seed.
     */
    public <T> void forAll(int tries, Gen<T> values, Consumer<T> property) {
        // 0: no failure yet; else the System.nanoTime() at which shrinking stops
        AtomicLong shrinkUntil = new AtomicLong();
        Consumer<T> bounded =
                value -> {
                    long until = shrinkUntil.get();
                    if (until != 0 && System.nanoTime() - until > 0) {
                        // the shrinking time is spent: passing every further candidate keeps the
                        // smallest failure found so far as the one reported
                        return;
                    }
                    if (until == 0) {
                        tried.incrementAndGet();
                    }
                    try {
                        property.accept(value);
                    } catch (Throwable failure) {
                        shrinkUntil.compareAndSet(
                                0,
                                System.nanoTime() + Duration.ofSeconds(SHRINK_SECONDS).toNanos());
                        throw failure;
                    }
                };
        try {
            QuickTheory.qt()
                    .withFixedSeed(seed)
                    .withExamples(tries + BOUNDARY_TRIES)
                    .withShrinkCycles(tries * 100)
                    .withGenerateAttempts(GENERATE_ATTEMPTS)
                    .forAll(values)
                    .checkAssert(bounded);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(
                    name + " failed with seed " + seed + "; replay it with -D" + SEED + "=" + seed,
                    e);
        } finally {
            System.out.println(summary());
        }
        if (tried.get() < tries) {
            throw new AssertionError(
                    name
                            + " was tried on "
                            + tried.get()
                            + " values, fewer than the "
                            + tries
                            + " asked for (seed "
                            + seed
                            + ")");
        }
    }

    /** Fails, naming the seed, unless {@code condition} holds (a check of the whole run). */
    public void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(
                    name + ": " + what + " (seed " + seed + "; " + summary() + ")");
        }
    }

    private synchronized String summary() {
        StringBuilder out = new StringBuilder(name + ": tried " + tried.get() + " values");
        labels.forEach(
                (label, counts) -> {
                    int all = counts.values().stream().mapToInt(Integer::intValue).sum();
                    out.append("; ").append(label).append(':');
                    counts.forEach(
                            (value, n) ->
                                    out.append(' ')
                                            .append(value)
                                            .append(' ')
                                            .append(Math.round(100.0 * n / all))
                                            .append('%'));
                });
        return out.toString();
    }
}
