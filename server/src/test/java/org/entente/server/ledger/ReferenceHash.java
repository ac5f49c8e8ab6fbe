package org.entente.server.ledger;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The hashes computed the way docs/ledger.md tells a partner to compute them, written apart from
 * the ledger's own code: a test oracle for the documented encoding, and the forger's tool in the
 * tampering tests.
 */
final class ReferenceHash {
    private ReferenceHash() {}

    static String orgHash(LedgerEntry.Draft d, long orgSeq, String orgPrevHash) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            str(out, "entente-ledger/1 org");
            out.writeLong(orgSeq);
            str(out, orgPrevHash);
            out.writeLong(d.at());
            str(out, d.kind().name());
            str(out, d.principalId());
            str(out, d.orgId());
            opt(out, d.agreementId());
            opt(out, d.area());
            str(out, d.rule());
            opt(out, d.objectId());
            opt(out, d.objectVersion());
            opt(out, d.objectType());
            opt(out, d.tlp().map(Enum::name));
            opt(out, d.detail());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha256(bytes.toByteArray());
    }

    static String hash(long seq, String prevHash, String orgHash) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            str(out, "entente-ledger/1 global");
            out.writeLong(seq);
            str(out, prevHash);
            str(out, orgHash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha256(bytes.toByteArray());
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void opt(DataOutputStream out, Optional<String> s) throws IOException {
        if (s.isEmpty()) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            str(out, s.get());
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
