package org.entente.server.testing;

import java.nio.file.Path;
import java.util.List;
import org.entente.server.localnode.LocalPki;
import org.entente.server.localnode.TlsIdentity;

/**
 * Certificates for tests, issued by the local-node kit ({@link LocalPki}) with one password and a
 * subject naming the test's node, so a test needs only a folder and a name.
 */
public final class Pki {
    public static final String PASSWORD = "changeit";

    private Pki() {}

    /** A new self-signed identity {@code dir/name.p12}, valid for localhost and 127.0.0.1. */
    public static TlsIdentity create(Path dir, String name) {
        return LocalPki.issue(
                dir.resolve(name + ".p12"), "CN=" + name + ",O=Entente test,C=SG", PASSWORD);
    }

    /** A PKCS#12 trust store holding the given certificates (for client-certificate nodes). */
    public static Path trustStore(Path file, List<TlsIdentity> trusted) {
        return LocalPki.trustStore(file, PASSWORD, trusted);
    }
}
