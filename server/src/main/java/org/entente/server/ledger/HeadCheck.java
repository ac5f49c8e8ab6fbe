package org.entente.server.ledger;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares where each chain ends with what its head row records. A chain read in full can still
 * have lost entries at its end, or gained some beyond it; only the head, moved in the same
 * transaction as every append, tells. Each method adds what it finds to {@code breaks}.
 */
final class HeadCheck {
    private HeadCheck() {}

    /** The global chain, which ends at {@code last} with {@code lastHash}. */
    static void ledger(
            LedgerDao.Head head, long last, String lastHash, List<VerifyResult.Break> breaks) {
        if (head.seq() > last) {
            breaks.add(
                    new VerifyResult.Break(
                            last + 1,
                            "the ledger ends at entry "
                                    + last
                                    + " but its head records entry "
                                    + head.seq()
                                    + ": the last "
                                    + (head.seq() - last == 1
                                            ? "entry was"
                                            : (head.seq() - last) + " entries were")
                                    + " removed"));
        } else if (head.seq() < last) {
            breaks.add(
                    new VerifyResult.Break(
                            head.seq() + 1,
                            (last == head.seq() + 1
                                            ? "entry " + last + " lies"
                                            : "entries "
                                                    + (head.seq() + 1)
                                                    + " to "
                                                    + last
                                                    + " lie")
                                    + " beyond the head (entry "
                                    + head.seq()
                                    + "): added outside the ledger"));
        } else if (!head.hash().equals(lastHash)) {
            breaks.add(
                    new VerifyResult.Break(
                            last,
                            "the last entry ("
                                    + last
                                    + ") does not have the hash the head records: the entry or"
                                    + " the head was rewritten"));
        }
    }

    /**
     * Every organisation's chain as the global scan joined it ({@link OrgRuns#join}), against the
     * organisation heads; {@code last} is the global chain's end.
     */
    static void orgs(
            Map<String, LedgerDao.Head> orgHeads,
            long last,
            Map<OrgKey, OrgRuns.Run> orgs,
            List<VerifyResult.Break> breaks) {
        Map<String, LedgerDao.Head> heads = new HashMap<>(orgHeads);
        for (OrgRuns.Run run : orgs.values()) {
            String org = run.orgId();
            LedgerDao.Head head = heads.remove(org);
            if (head == null) {
                breaks.add(
                        new VerifyResult.Break(
                                run.lastSeq,
                                "organisation "
                                        + org
                                        + " has entries (the last is entry "
                                        + run.lastSeq
                                        + ") but no head: its head row was deleted"));
            } else if (head.seq() > run.lastOrgSeq) {
                breaks.add(
                        new VerifyResult.Break(
                                last + 1,
                                "organisation "
                                        + org
                                        + "'s chain ends at its entry "
                                        + run.lastOrgSeq
                                        + " (ledger entry "
                                        + run.lastSeq
                                        + ") but its head records its entry "
                                        + head.seq()
                                        + ": its last entries were removed"));
            } else if (head.seq() < run.lastOrgSeq) {
                breaks.add(
                        new VerifyResult.Break(
                                run.lastSeq,
                                "organisation "
                                        + org
                                        + "'s chain goes on to its entry "
                                        + run.lastOrgSeq
                                        + " (ledger entry "
                                        + run.lastSeq
                                        + ") beyond its head at its entry "
                                        + head.seq()
                                        + ": entries were added outside the ledger"));
            } else if (!head.hash()
                    .equals(new String(run.lastOrgHash, StandardCharsets.US_ASCII))) {
                breaks.add(
                        new VerifyResult.Break(
                                run.lastSeq,
                                "organisation "
                                        + org
                                        + "'s last entry (ledger entry "
                                        + run.lastSeq
                                        + ") does not have the hash its head records: the entry"
                                        + " or the head was rewritten"));
            }
        }
        for (Map.Entry<String, LedgerDao.Head> orphan : heads.entrySet()) {
            breaks.add(
                    new VerifyResult.Break(
                            last + 1,
                            "organisation "
                                    + orphan.getKey()
                                    + " has a head at its entry "
                                    + orphan.getValue().seq()
                                    + " but no entries: they were removed"));
        }
    }

    /**
     * One organisation's chain, read on its own, which ends at {@code last} with {@code lastHash}.
     */
    static void org(
            Optional<LedgerDao.Head> stored,
            long last,
            String lastHash,
            List<VerifyResult.Break> breaks) {
        LedgerDao.Head head = stored.orElse(LedgerDao.Head.EMPTY);
        if (stored.isEmpty() && last > 0) {
            breaks.add(
                    new VerifyResult.Break(
                            last,
                            "the organisation has entries up to "
                                    + last
                                    + " but no head: the head row was deleted"));
        } else if (head.seq() > last) {
            breaks.add(
                    new VerifyResult.Break(
                            last + 1,
                            "the organisation's chain ends at entry "
                                    + last
                                    + " but its head records entry "
                                    + head.seq()
                                    + ": its last entries were removed"));
        } else if (head.seq() < last) {
            breaks.add(
                    new VerifyResult.Break(
                            head.seq() + 1,
                            "the organisation's entries "
                                    + (head.seq() + 1)
                                    + " to "
                                    + last
                                    + " lie beyond its head: they were added outside the"
                                    + " ledger"));
        } else if (!head.hash().equals(lastHash)) {
            breaks.add(
                    new VerifyResult.Break(
                            last,
                            "the organisation's last entry ("
                                    + last
                                    + ") does not have the hash its head records: the entry"
                                    + " or the head was rewritten"));
        }
    }
}
