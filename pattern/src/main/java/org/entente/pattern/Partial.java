package org.entente.pattern;

import java.util.Arrays;
import java.util.List;

/**
 * A partial match: a set of observations satisfying one node of a {@link Program}, sorted by seq,
 * with their time span. Its own class because the nodes build it, the program keeps it in an
 * indicator's state and the matcher reports the one that completes a pattern.
 */
final class Partial {
    final long[] seqs;
    final MatchedObservation[] obs;
    final long first;
    final long last;

    Partial(MatchedObservation[] obs) {
        this.obs = obs;
        seqs = new long[obs.length];
        long f = Long.MAX_VALUE;
        long l = Long.MIN_VALUE;
        for (int i = 0; i < obs.length; i++) {
            seqs[i] = obs[i].seq();
            f = Math.min(f, obs[i].firstMicros());
            l = Math.max(l, obs[i].lastMicros());
        }
        first = f;
        last = l;
    }

    static Partial of(MatchedObservation o) {
        return new Partial(new MatchedObservation[] {o});
    }

    /** The union of two partial matches, or null if they share an observation. */
    static Partial join(Partial a, Partial b) {
        MatchedObservation[] out = new MatchedObservation[a.obs.length + b.obs.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.seqs.length && j < b.seqs.length) {
            if (a.seqs[i] == b.seqs[j]) {
                return null;
            }
            out[n++] = a.seqs[i] < b.seqs[j] ? a.obs[i++] : b.obs[j++];
        }
        while (i < a.seqs.length) {
            out[n++] = a.obs[i++];
        }
        while (j < b.seqs.length) {
            out[n++] = b.obs[j++];
        }
        return new Partial(out);
    }

    List<MatchedObservation> observations() {
        return List.of(obs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Partial p && Arrays.equals(p.seqs, seqs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(seqs);
    }

    @Override
    public String toString() {
        return Arrays.toString(seqs);
    }
}
