package org.entente.server.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The canonical encoding of entries and their SHA-256 hashes, as docs/ledger.md specifies them for
 * partners who re-implement verification:
 *
 * <pre>
 * u64(n)  = 8 bytes, big-endian two's complement
 * str(s)  = u32 big-endian length of the UTF-8 bytes, then the bytes
 * opt(s)  = 0x00 when absent, else 0x01 followed by str(s)
 *
 * org_hash = SHA-256( str("entente-ledger/1 org") u64(org_seq) str(org_prev_hash) u64(at)
 *                     str(kind) str(principal_id) str(org_id) opt(agreement_id) opt(area)
 *                     str(rule) opt(object_id) opt(object_version) opt(object_type) opt(tlp)
 *                     opt(detail) )
 * hash     = SHA-256( str("entente-ledger/1 global") u64(seq) str(prev_hash) str(org_hash) )
 * </pre>
 *
 * Hashes are written as 64 lower-case hex digits, and enter the next hash in that form. The global
 * hash covers the content through the organisation hash, so a partner who holds only its own
 * entries can still recompute every field of them, global hash included.
 */
final class Hashing {
    /** The previous hash of the first entry of any chain. */
    static final String GENESIS = "0".repeat(64);

    static final byte[] ORG_TAG = "entente-ledger/1 org".getBytes(StandardCharsets.US_ASCII);
    static final byte[] GLOBAL_TAG = "entente-ledger/1 global".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Hashing() {}

    static void requireHex(String field, String value) {
        if (value == null || !isHex(value)) {
            throw new IllegalArgumentException(
                    field + " must be 64 lower-case hex digits, not '" + value + "'");
        }
    }

    static boolean isHex(String value) {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Builds one encoding at a time in a reused buffer and hashes it with a reused digest; one per
     * thread, never shared. Hot in verification, so nothing here allocates per entry.
     */
    static final class Encoder {
        private final MessageDigest sha;
        private final byte[] digest = new byte[32];
        private final byte[] hex = new byte[64];
        private byte[] buf = new byte[1024];
        private int len;

        Encoder() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        Encoder begin(byte[] tag) {
            len = 0;
            str(tag, 0, tag.length);
            return this;
        }

        void u64(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[len++] = (byte) (v >>> shift);
            }
        }

        void str(byte[] b, int off, int n) {
            ensure(4 + n);
            buf[len++] = (byte) (n >>> 24);
            buf[len++] = (byte) (n >>> 16);
            buf[len++] = (byte) (n >>> 8);
            buf[len++] = (byte) n;
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            str(b, 0, b.length);
        }

        void absent() {
            ensure(1);
            buf[len++] = 0;
        }

        void present(byte[] b, int off, int n) {
            ensure(1);
            buf[len++] = 1;
            str(b, off, n);
        }

        void opt(String s) {
            if (s != null) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                present(b, 0, b.length);
            } else {
                absent();
            }
        }

        /**
         * Hashes what was encoded since {@link #begin}; the hex digits stay valid until the next
         * call.
         */
        byte[] hexDigest() {
            sha.update(buf, 0, len);
            try {
                sha.digest(digest, 0, 32);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < 32; i++) {
                hex[2 * i] = HEX[(digest[i] >>> 4) & 0xF];
                hex[2 * i + 1] = HEX[digest[i] & 0xF];
            }
            return hex;
        }

        String hexString() {
            return new String(hexDigest(), StandardCharsets.US_ASCII);
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        /** The organisation-chain hash of a draft at {@code orgSeq}. */
        String orgHash(LedgerEntry.Draft d, long orgSeq, String orgPrevHash) {
            return orgHash(
                    orgSeq,
                    orgPrevHash,
                    d.at(),
                    d.kind().name(),
                    d.principalId(),
                    d.orgId(),
                    d.agreementId().orElse(null),
                    d.area().orElse(null),
                    d.rule(),
                    d.objectId().orElse(null),
                    d.objectVersion().orElse(null),
                    d.objectType().orElse(null),
                    d.tlp().map(Enum::name).orElse(null),
                    d.detail().orElse(null));
        }

        /**
         * The organisation-chain hash of fields as text (null for absent), as they appear in an
         * export; the one place their order is written for values held as strings.
         */
        String orgHash(
                long orgSeq,
                String orgPrevHash,
                long at,
                String kind,
                String principalId,
                String orgId,
                String agreementId,
                String area,
                String rule,
                String objectId,
                String objectVersion,
                String objectType,
                String tlp,
                String detail) {
            begin(ORG_TAG);
            u64(orgSeq);
            str(orgPrevHash);
            u64(at);
            str(kind);
            str(principalId);
            str(orgId);
            opt(agreementId);
            opt(area);
            str(rule);
            opt(objectId);
            opt(objectVersion);
            opt(objectType);
            opt(tlp);
            opt(detail);
            return hexString();
        }

        /** The global-chain hash of the entry at {@code seq}. */
        String hash(long seq, String prevHash, String orgHash) {
            begin(GLOBAL_TAG);
            u64(seq);
            str(prevHash);
            str(orgHash);
            return hexString();
        }
    }
}
