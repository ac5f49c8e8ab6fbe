package org.entente.server.federation;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;

/**
 * The TLS a peer asks for: the server certificate (pinned) or CA we trust for it, and our client
 * certificate, from PEM, read by Spring Boot's PEM support (certificates; PKCS#8, PKCS#1 RSA and
 * SEC1 EC keys). A pinned self-signed certificate is a trust anchor of its own, and the JDK's
 * hostname check still applies, so the peer must present exactly that certificate under the name we
 * dial.
 */
public final class PeerTls {
    private PeerTls() {}

    /** The certificates of a PEM text; fails with a message people can act on. */
    public static List<X509Certificate> certificates(String pem, String what) {
        List<X509Certificate> certificates;
        try {
            certificates = PemContent.of(pem).getCertificates();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    what + " is not PEM certificates (-----BEGIN CERTIFICATE-----): " + why(e), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(what + " holds no PEM certificate");
        }
        return certificates;
    }

    /** The private key of a PEM text (unencrypted). */
    public static PrivateKey privateKey(String pem) {
        PrivateKey key;
        try {
            key = PemContent.of(pem).getPrivateKey();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw notAKey(why(e), e);
        }
        if (key == null) {
            throw notAKey("none found", null);
        }
        return key;
    }

    private static IllegalArgumentException notAKey(String why, Throwable cause) {
        return new IllegalArgumentException(
                "the client key is not an unencrypted PEM private key (-----BEGIN PRIVATE"
                        + " KEY-----, or an RSA or EC key): "
                        + why,
                cause);
    }

    /** The TLS context for a peer; the JDK's defaults when it pins nothing and has no key. */
    public static SSLContext context(
            Optional<String> trustPem, Optional<Peer.ClientCertificate> client) {
        if (trustPem.isEmpty() && client.isEmpty()) {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no default TLS context", e);
            }
        }
        PemSslStore keys =
                client.map(
                                c ->
                                        PemSslStore.of(
                                                certificates(
                                                        c.certificatePem(),
                                                        "the client certificate"),
                                                privateKey(c.keyPem())))
                        .orElse(null);
        PemSslStore trust =
                trustPem.map(
                                pem ->
                                        PemSslStore.of(
                                                certificates(pem, "the pinned certificate"), null))
                        .orElse(null);
        try {
            // no trust store: the JDK's CAs; no key store: no client certificate
            return SslBundle.of(new PemSslStoreBundle(keys, trust)).createSslContext();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "the peer's TLS settings are unusable: " + why(e), e);
        }
    }

    private static String why(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
