package org.entente.server.localnode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Issues the certificates of local nodes with the JDK's keytool, as an operator would make one: a
 * self-signed EC certificate for {@code localhost} and {@code 127.0.0.1}, valid for 30 days, in a
 * PKCS#12 keystore. Why keytool and not code: the JDK has no public API to sign a certificate, and
 * the node must not depend on a cryptography library only to run a demo or a test; a node the demo
 * starts then serves exactly the kind of keystore its operator's guide describes.
 */
public final class LocalPki {
    private LocalPki() {}

    /**
     * A new identity in {@code keystore} (its folder is made).
     *
     * @param subject the distinguished name, e.g. {@code CN=localhost,O=CSA Singapore,C=SG}
     */
    public static TlsIdentity issue(Path keystore, String subject, String password) {
        try {
            Files.createDirectories(keystore.toAbsolutePath().getParent());
            keytool(
                    "-genkeypair",
                    "-alias",
                    "node",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    subject,
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity",
                    "30",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    password,
                    "-keypass",
                    password);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, password.toCharArray());
            }
            X509Certificate cert = (X509Certificate) ks.getCertificate("node");
            PrivateKey key = (PrivateKey) ks.getKey("node", password.toCharArray());
            return new TlsIdentity(
                    keystore,
                    password,
                    pem("CERTIFICATE", cert.getEncoded()),
                    pem("PRIVATE KEY", key.getEncoded()),
                    cert.getSubjectX500Principal().getName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 trust store holding the given certificates (for client-certificate nodes). */
    public static Path trustStore(Path file, String password, List<TlsIdentity> trusted) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (TlsIdentity id : trusted) {
                ks.setCertificateEntry("t" + i++, id.certificate());
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN "
                + kind
                + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END "
                + kind
                + "-----\n";
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
