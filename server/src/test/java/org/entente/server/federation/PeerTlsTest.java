package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.entente.server.localnode.TlsIdentity;
import org.entente.server.testing.Pki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer's TLS from PEM: what is read, and what is refused with a reason. */
class PeerTlsTest {
    @TempDir Path dir;

    @Test
    void aPinnedCertificateAndAClientCertificateMakeAContextOfTheirOwn() throws Exception {
        TlsIdentity peer = Pki.create(dir, "peer");
        TlsIdentity us = Pki.create(dir, "us");

        SSLContext tls =
                PeerTls.context(
                        Optional.of(peer.certificatePem()),
                        Optional.of(new Peer.ClientCertificate(us.certificatePem(), us.keyPem())));

        assertThat(tls).isNotSameAs(SSLContext.getDefault());
        assertThat(PeerTls.certificates(peer.certificatePem(), "the pinned certificate"))
                .singleElement()
                .satisfies(
                        c ->
                                assertThat(c.getSubjectX500Principal().getName())
                                        .isEqualTo(peer.subject()));
        assertThat(PeerTls.context(Optional.empty(), Optional.empty()))
                .as("nothing pinned, no key: the JDK's own")
                .isSameAs(SSLContext.getDefault());
    }

    @Test
    void anRsaKeyIsReadInPkcs1AsInPkcs8() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.generateKeyPair().getPrivate();
        byte[] pkcs8 = key.getEncoded();
        // PrivateKeyInfo of RSA: 26 bytes of header (version, algorithm), then RSAPrivateKey
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);

        assertThat(PeerTls.privateKey(pem("PRIVATE KEY", pkcs8))).isEqualTo(key);
        assertThat(
                        ((RSAPrivateCrtKey) PeerTls.privateKey(pem("RSA PRIVATE KEY", pkcs1)))
                                .getModulus())
                .isEqualTo(key.getModulus());
    }

    @Test
    void whatIsNotPemIsRefusedSayingWhatWasExpected() {
        assertThatThrownBy(() -> PeerTls.certificates("hello", "the pinned certificate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the pinned certificate ");
        assertThatThrownBy(
                        () ->
                                PeerTls.certificates(
                                        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                                        "the pinned certificate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the pinned certificate is not PEM certificates");
        assertThatThrownBy(() -> PeerTls.privateKey("hello"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the client key is not an unencrypted PEM private key");
        assertThatThrownBy(() -> PeerTls.context(Optional.of("hello"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the pinned certificate ");
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN "
                + kind
                + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END "
                + kind
                + "-----\n";
    }
}
