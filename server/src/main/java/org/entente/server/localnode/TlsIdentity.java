package org.entente.server.localnode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A local node's TLS identity as {@link LocalPki} issued it: the PKCS#12 keystore the node serves
 * with, and what others need of it (its certificate as PEM to pin, its key as PKCS#8 PEM for a
 * client certificate). The PEM forms are kept because peers are told of a certificate as PEM, the
 * way an operator pastes it.
 *
 * @param keystore the PKCS#12 file, entry {@code node}
 * @param password the keystore's and the key's password
 * @param certificatePem the certificate, PEM
 * @param keyPem the private key, PKCS#8 PEM
 * @param subject the certificate's subject, RFC 2253
 */
public record TlsIdentity(
        Path keystore, String password, String certificatePem, String keyPem, String subject) {
    public TlsIdentity {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(keyPem, "keyPem");
        Objects.requireNonNull(subject, "subject");
    }

    /** The certificate, parsed. */
    public Certificate certificate() {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(
                                    certificatePem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalStateException("the certificate of " + keystore + " is not X.509", e);
        }
    }

    /** A TLS context that trusts exactly this certificate: a client pinning this node. */
    public SSLContext trustingOnlyThis() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("pinned", certificate());
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
