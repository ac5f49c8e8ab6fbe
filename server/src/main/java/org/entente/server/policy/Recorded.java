package org.entente.server.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.entente.server.agreement.Agreement;
import org.entente.server.org.Organisation;

/**
 * The agreements recorded on the node as of one generation of the agreement tables ({@link
 * org.entente.server.agreement.AgreementDao#generation}), and the read scopes made from them: what
 * {@link Policy} keeps between requests instead of loading agreements, parties and areas every time
 * (docs/adr/0016).
 *
 * <p>A scope depends on the tables and on the clock: an agreement starts and stops being in force
 * at its effective and expiry times with no change to any table. So scopes are kept per {@link
 * InForce} period, a span of time in which no agreement recorded here starts or expires, and a
 * clock outside the period makes a new one: an agreement that expires stops sharing on the first
 * request after its expiry, as when every request read the tables.
 */
final class Recorded {
    final long generation;
    final List<Agreement> agreements;
    private volatile InForce inForce;

    Recorded(long generation, List<Agreement> agreements) {
        this.generation = generation;
        this.agreements = List.copyOf(agreements);
    }

    /** What is in force at {@code now}, with the scopes already made for that period. */
    InForce at(Instant now) {
        InForce f = inForce;
        if (f == null || !f.holds(now)) {
            f = InForce.at(agreements, now);
            inForce = f; // a race leaves one of two equal periods: either is right
        }
        return f;
    }

    /**
     * The agreements in force throughout {@code [from, until)}, in the order they were recorded;
     * the read scopes made of them, by recipient and area.
     */
    static final class InForce {
        final Instant from;
        final Instant until;
        final List<Agreement> agreements;

        /*
         * Keyed by the whole organisation record (a renamed recipient is worded anew) and the
         * area: at most organisations x areas entries, dropped with the generation.
         */
        private final ConcurrentHashMap<Key, ReadScope> scopes = new ConcurrentHashMap<>();

        /* The same scopes held at the generation, for reads that did not ask it (ADR 0035). */
        private final ConcurrentHashMap<Key, ReadScope> kept = new ConcurrentHashMap<>();

        private record Key(Organisation recipient, String area) {}

        private InForce(Instant from, Instant until, List<Agreement> agreements) {
            this.from = from;
            this.until = until;
            this.agreements = List.copyOf(agreements);
        }

        /**
         * The period around {@code now} in which no agreement starts, expires or ends: an
         * agreement's standing ({@link Agreement#inForceAt}) changes only at its effective and
         * expiry times.
         */
        static InForce at(List<Agreement> recorded, Instant now) {
            Instant from = Instant.MIN;
            Instant until = Instant.MAX;
            List<Agreement> in = new ArrayList<>();
            for (Agreement a : recorded) {
                if (a.inForceAt(now)) {
                    in.add(a);
                }
                List<Instant> edges = new ArrayList<>(2);
                edges.add(a.effectiveFrom());
                a.expiresAt().ifPresent(edges::add);
                for (Instant edge : edges) {
                    if (!edge.isAfter(now)) {
                        from = edge.isAfter(from) ? edge : from;
                    } else if (edge.isBefore(until)) {
                        until = edge;
                    }
                }
            }
            return new InForce(from, until, in);
        }

        boolean holds(Instant now) {
            return !now.isBefore(from) && now.isBefore(until);
        }

        ReadScope scope(Organisation recipient, String area, Supplier<ReadScope> make) {
            return made(scopes, recipient, area, make);
        }

        /** {@link #scope} held at the generation of the agreements it was made of. */
        ReadScope kept(Organisation recipient, String area, Supplier<ReadScope> make) {
            return made(kept, recipient, area, make);
        }

        private static ReadScope made(
                ConcurrentHashMap<Key, ReadScope> made,
                Organisation recipient,
                String area,
                Supplier<ReadScope> make) {
            Key k = new Key(Objects.requireNonNull(recipient, "recipient"), area);
            ReadScope s = made.get(k);
            if (s == null) {
                s = make.get();
                ReadScope raced = made.putIfAbsent(k, s);
                if (raced != null) {
                    s = raced;
                }
            }
            return s;
        }
    }
}
