package org.entente.server.federation;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS a peer asks for: the server certificate (pinned) or CA we trust for it, and our client
 * certificate, from PEM. A pinned self-signed certificate is a trust anchor of its own, and the
 * JDK's hostname check still applies, so the peer must present exactly that certificate under the
 * name we dial.
 */
public final class PeerTls {
    private PeerTls() {}

    /** The certificates of a PEM text; fails with a message people can act on. */
    public static List<X509Certificate> certificates(String pem, String what) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c :
                    factory.generateCertificates(
                            new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(what + " holds no PEM certificate");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    what
                            + " is not PEM certificates (-----BEGIN CERTIFICATE-----): "
                            + e.getMessage(),
                    e);
        }
    }

    /** A PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}) of any common algorithm. */
    public static PrivateKey privateKey(String pem) {
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(
                    "the client key must be PKCS#8 PEM (-----BEGIN PRIVATE KEY-----); convert"
                            + " others with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the client key's base64 is damaged", e);
        }
        for (String algorithm : List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm)
                        .generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(
                "the client key is PKCS#8 but of no algorithm this JDK reads (EC, RSA, EdDSA)");
    }

    /** The TLS context for a peer; the JDK's defaults when it pins nothing and has no key. */
    public static SSLContext context(
            Optional<String> trustPem, Optional<Peer.ClientCertificate> client) {
        try {
            TrustManagerFactory tmf = null;
            if (trustPem.isPresent()) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (X509Certificate c : certificates(trustPem.get(), "the pinned certificate")) {
                    trust.setCertificateEntry("pinned-" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (client.isPresent()) {
                char[] none = new char[0];
                KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
                keys.load(null, null);
                List<X509Certificate> chain =
                        certificates(client.get().certificatePem(), "the client certificate");
                keys.setKeyEntry(
                        "client",
                        privateKey(client.get().keyPem()),
                        none,
                        chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, none);
            }
            if (tmf == null && kmf == null) {
                return SSLContext.getDefault();
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(
                    kmf == null ? null : kmf.getKeyManagers(),
                    tmf == null ? null : tmf.getTrustManagers(),
                    null);
            return tls;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("the peer's TLS settings are unusable: " + e, e);
        }
    }
}
