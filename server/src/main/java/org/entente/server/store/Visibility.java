package org.entente.server.store;

import java.util.Objects;

/**
 * Which stored object versions a read may return. Every read of {@link ObjectDao} takes one, so a
 * read that forgets the sharing rules does not compile; only the policy creates them (an ArchUnit
 * rule of the build holds every other package to that), and the store applies them without deciding
 * anything.
 *
 * <p>Three kinds, so that "everything" and "nothing" are never confused with a condition: {@link
 * All} (the node's own machinery), {@link Where} (a condition on the objects table, such as the
 * agreements of a partner compiled to SQL), {@link None}.
 */
public sealed interface Visibility permits Visibility.All, Visibility.Where, Visibility.None {

    /** Every stored version, for the node's own machinery (detection, ingest checks). */
    static Visibility all() {
        return All.INSTANCE;
    }

    /** The versions that satisfy {@code condition}. */
    static Visibility where(Condition condition) {
        return new Where(condition);
    }

    /** No version at all. */
    static Visibility none() {
        return None.INSTANCE;
    }

    /** See {@link #all()}. */
    final class All implements Visibility {
        private static final All INSTANCE = new All();

        private All() {}

        @Override
        public String toString() {
            return "Visibility.all";
        }
    }

    /** See {@link #where}. */
    final class Where implements Visibility {
        private final Condition condition;

        private Where(Condition condition) {
            this.condition = Objects.requireNonNull(condition, "condition");
        }

        public Condition condition() {
            return condition;
        }

        @Override
        public String toString() {
            return "Visibility.where(" + condition.sql() + ")";
        }
    }

    /** See {@link #none()}. */
    final class None implements Visibility {
        private static final None INSTANCE = new None();

        private None() {}

        @Override
        public String toString() {
            return "Visibility.none";
        }
    }
}
