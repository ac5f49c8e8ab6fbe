package org.entente.server.ledger;

import java.util.Arrays;

/**
 * An organisation id as bytes, the key of {@link OrgRuns}. The scan looks up with one reused
 * instance re-pointed at each row's bytes, so that following the organisation chains makes no
 * string and no key per entry; only a new organisation's key is copied.
 */
final class OrgKey {
    byte[] bytes;
    int off;
    int len;
    int hash;

    OrgKey point(byte[] b, int offset, int length) {
        bytes = b;
        off = offset;
        len = length;
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + b[i];
        }
        hash = h;
        return this;
    }

    OrgKey copy() {
        OrgKey k = new OrgKey();
        k.bytes = Arrays.copyOfRange(bytes, off, off + len);
        k.off = 0;
        k.len = len;
        k.hash = hash;
        return k;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrgKey k
                && Arrays.equals(bytes, off, off + len, k.bytes, k.off, k.off + k.len);
    }
}
