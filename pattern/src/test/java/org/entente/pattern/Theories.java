package org.entente.pattern;

import java.util.ArrayList;
import java.util.List;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * The property tests' settings and a few generator helpers over QuickTheories.
 *
 * <p>Each run draws a fresh seed; a falsified property prints its smallest falsifying example and
 * "Seed was N". To replay it: {@code ./mvnw -pl pattern test -Dtest=TheClass -DQT_SEED=N}.
 * Shrinking is on for every property: QuickTheories shrinks the random draws behind a value, so
 * mapped, zipped and filtered generators shrink too.
 */
final class Theories {
    /** Shrink steps after a failure; enough to reduce a 40-indicator, 30-event case to a few. */
    static final int SHRINK_CYCLES = 10_000;

    /** Draws per example before a filter ({@code assuming}) gives up. */
    static final int GENERATE_ATTEMPTS = 10_000;

    private Theories() {}

    /**
     * A theory that tries {@code examples} generated cases (the jqwik {@code tries} it replaces).
     */
    static QuickTheory theory(int examples) {
        return QuickTheory.qt()
                .withExamples(examples)
                .withShrinkCycles(SHRINK_CYCLES)
                .withGenerateAttempts(GENERATE_ATTEMPTS);
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        List<T> list = new ArrayList<>();
        for (T v : values) {
            list.add(v);
        }
        return Generate.pick(list);
    }

    static <T> Gen<T> of(List<T> values) {
        return Generate.pick(values);
    }

    static Gen<Integer> between(int min, int max) {
        return SourceDSL.integers().between(min, max);
    }

    static <T> Gen<List<T>> list(Gen<T> item, int min, int max) {
        return SourceDSL.lists().of(item).ofSizeBetween(min, max);
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Pair<Integer, Gen<T>>> weighted = new ArrayList<>();
        for (Gen<? extends T> g : gens) {
            weighted.add(Pair.of(1, widen(g)));
        }
        return Generate.frequency(weighted);
    }

    /** One of the generators, chosen with the given weights. */
    static <T> Gen<T> frequency(List<Pair<Integer, Gen<? extends T>>> weighted) {
        List<Pair<Integer, Gen<T>>> out = new ArrayList<>();
        for (Pair<Integer, Gen<? extends T>> p : weighted) {
            out.add(Pair.of(p._1, widen(p._2)));
        }
        return Generate.frequency(out);
    }

    static <T> Pair<Integer, Gen<? extends T>> weight(int weight, Gen<? extends T> gen) {
        return Pair.of(weight, gen);
    }

    private static <T> Gen<T> widen(Gen<? extends T> g) {
        return g.map(v -> v);
    }
}
