package org.entente.server.ledger;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of checking a chain: the whole ledger, one organisation's chain, or an export file.
 *
 * @param chain what was checked, e.g. {@code ledger}, {@code organisation jp-nisc}, or {@code
 *     export of organisation jp-nisc}
 * @param checked entries read and checked (verification stops at the first break of each part it
 *     reads in parallel, so a broken chain may report fewer than it holds)
 * @param broken the first break, if any
 * @param headSeq the last position of the chain as its head records it (for an organisation or an
 *     export, an org_seq)
 * @param headHash the hash at that position; write it down to compare with a later run
 * @param elapsed how long the check took
 */
public record VerifyResult(
        String chain,
        long checked,
        Optional<Break> broken,
        long headSeq,
        String headHash,
        Duration elapsed) {

    /**
     * Where a chain first breaks.
     *
     * @param seq the position in the chain: a global seq for the ledger, an org_seq for an
     *     organisation's chain or an export
     * @param problem one sentence saying what is wrong and what it means
     */
    public record Break(long seq, String problem) {
        public Break {
            Objects.requireNonNull(problem, "problem");
        }
    }

    public VerifyResult {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(broken, "broken");
        Objects.requireNonNull(headHash, "headHash");
        Objects.requireNonNull(elapsed, "elapsed");
        if (checked < 0) {
            throw new IllegalArgumentException("checked must not be negative, not " + checked);
        }
    }

    public boolean intact() {
        return broken.isEmpty();
    }

    public OptionalLong firstBrokenSeq() {
        return broken.map(b -> OptionalLong.of(b.seq())).orElse(OptionalLong.empty());
    }

    public Optional<String> problem() {
        return broken.map(Break::problem);
    }

    /** Entries checked per second. */
    public double rate() {
        long nanos = Math.max(1, elapsed.toNanos());
        return checked * 1e9 / nanos;
    }
}
