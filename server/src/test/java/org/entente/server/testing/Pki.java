package org.entente.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates for tests, made by the JDK's keytool as an operator would: a PKCS#12 keystore per
 * node (a self-signed certificate for localhost and 127.0.0.1), its certificate as PEM to pin, and
 * its key as PKCS#8 PEM for client certificates.
 */
public final class Pki {
    public static final String PASSWORD = "changeit";

    /** A keystore and what peers need of it. */
    public record Identity(Path keystore, String certificatePem, String keyPem, String subject) {
        /** A TLS context trusting exactly this certificate. */
        public SSLContext trustingOnlyThis() {
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry(
                        "pinned",
                        java.security.cert.CertificateFactory.getInstance("X.509")
                                .generateCertificate(
                                        new java.io.ByteArrayInputStream(
                                                certificatePem.getBytes(
                                                        java.nio.charset.StandardCharsets
                                                                .US_ASCII))));
                TrustManagerFactory tmf =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, tmf.getTrustManagers(), null);
                return tls;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Pki() {}

    /** A new self-signed identity in {@code dir}, valid for localhost and 127.0.0.1. */
    public static Identity create(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve(name + ".p12");
            String subject = "CN=" + name + ",O=Entente test,C=SG";
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
                    PASSWORD,
                    "-keypass",
                    PASSWORD);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            X509Certificate cert = (X509Certificate) ks.getCertificate("node");
            PrivateKey key = (PrivateKey) ks.getKey("node", PASSWORD.toCharArray());
            return new Identity(
                    keystore,
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
    public static Path trustStore(Path file, List<Identity> trusted) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Identity id : trusted) {
                ks.setCertificateEntry(
                        "t" + i++,
                        java.security.cert.CertificateFactory.getInstance("X.509")
                                .generateCertificate(
                                        new java.io.ByteArrayInputStream(
                                                id.certificatePem()
                                                        .getBytes(
                                                                java.nio.charset.StandardCharsets
                                                                        .US_ASCII))));
            }
            try (var out = Files.newOutputStream(file)) {
                ks.store(out, PASSWORD.toCharArray());
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
        String out = new String(p.getInputStream().readAllBytes());
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
