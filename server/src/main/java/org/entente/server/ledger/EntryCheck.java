package org.entente.server.ledger;

/**
 * The check of one entry read by {@link RangeScan}: its link to its predecessor and its own two
 * hashes, recomputed from the fields in place. Apart from the walk so that what makes an entry
 * valid reads in one place; the encoding must stay that of {@link Hashing.Encoder#orgHash} and
 * {@link Hashing.Encoder#hash}, which write the entries (docs/ledger.md).
 */
final class EntryCheck {
    private EntryCheck() {}

    /** Checks an entry's link to its predecessor and its own two hashes; what is wrong, or null. */
    static String check(
            RangeScan.Mode mode, ScanRow row, Hashing.Encoder encoder, RangeScan.Cursor prev) {
        long pos = mode == RangeScan.Mode.GLOBAL ? row.seq : row.orgSeq;
        String entry = mode == RangeScan.Mode.GLOBAL ? "entry " : "the organisation's entry ";
        int link = mode == RangeScan.Mode.GLOBAL ? ScanRow.PREV_HASH : ScanRow.ORG_PREV_HASH;
        if (prev.hash != null && !row.equalsField(link, prev.hash, prev.hashAt, 64)) {
            return pos == 1
                    ? entry
                            + "1 does not start the chain: its previous hash is not 64 zeros"
                            + " (it was rewritten)"
                    : entry
                            + pos
                            + " does not follow entry "
                            + (pos - 1)
                            + ": its previous hash is not that entry's hash (entry "
                            + (pos - 1)
                            + " was rewritten, or entries were removed, inserted or reordered)";
        }
        if (mode == RangeScan.Mode.ORG && pos > 1 && prev.hash != null && row.seq <= prev.seq) {
            return entry
                    + pos
                    + " has ledger position "
                    + row.seq
                    + ", not after its previous entry's "
                    + prev.seq
                    + ": entries were reordered";
        }
        if (!row.matches(ScanRow.ORG_HASH, orgHash(encoder, row))) {
            return entry
                    + pos
                    + " was changed after it was written: its fields do not match its hash";
        }
        if (!row.matches(ScanRow.HASH, globalHash(encoder, row))) {
            return entry
                    + pos
                    + " was changed after it was written: its position or links do not match"
                    + " its hash";
        }
        return null;
    }

    private static byte[] orgHash(Hashing.Encoder e, ScanRow r) {
        e.begin(Hashing.ORG_TAG);
        e.u64(r.orgSeq);
        r.str(e, ScanRow.ORG_PREV_HASH);
        e.u64(r.at);
        r.str(e, ScanRow.KIND);
        r.str(e, ScanRow.PRINCIPAL);
        r.str(e, ScanRow.ORG);
        r.opt(e, ScanRow.AGREEMENT);
        r.opt(e, ScanRow.AREA);
        r.str(e, ScanRow.RULE);
        r.opt(e, ScanRow.OBJECT_ID);
        r.opt(e, ScanRow.OBJECT_VERSION);
        r.opt(e, ScanRow.OBJECT_TYPE);
        r.opt(e, ScanRow.TLP);
        r.opt(e, ScanRow.DETAIL);
        return e.hexDigest();
    }

    private static byte[] globalHash(Hashing.Encoder e, ScanRow r) {
        e.begin(Hashing.GLOBAL_TAG);
        e.u64(r.seq);
        r.str(e, ScanRow.PREV_HASH);
        r.str(e, ScanRow.ORG_HASH);
        return e.hexDigest();
    }
}
