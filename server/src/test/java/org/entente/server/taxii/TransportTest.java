package org.entente.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Databases;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.Test;

/** HTTPS from a configured keystore; plain HTTP only on loopback. */
class TransportTest {
    @Test
    void servesTaxiiOverHttpsFromAKeystore() throws Exception {
        Path dir = Files.createTempDirectory("entente-tls-");
        Path keystore = dir.resolve("node.p12");
        Process keytool =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString(),
                                "-genkeypair",
                                "-alias",
                                "node",
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                "CN=localhost",
                                "-ext",
                                "SAN=ip:127.0.0.1,dns:localhost",
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                keystore.toString(),
                                "-storepass",
                                "changeit",
                                "-keypass",
                                "changeit")
                        .redirectErrorStream(true)
                        .start();
        assertThat(keytool.waitFor()).isZero();
        try (TestNode node =
                TestNode.start(
                        Dialect.SQLITE,
                        Databases.fresh(Dialect.SQLITE),
                        "server.ssl.enabled=true",
                        "server.ssl.key-store=" + keystore,
                        "server.ssl.key-store-type=PKCS12",
                        "server.ssl.key-store-password=changeit")) {
            URI https = URI.create("https://localhost:" + node.base().getPort() + "/taxii2/api/");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            HttpClient pinned = HttpClient.newBuilder().sslContext(tls).build();
            HttpResponse<String> r =
                    pinned.send(
                            HttpRequest.newBuilder(https)
                                    .header("Authorization", "Bearer " + TestNode.ADMIN_TOKEN)
                                    .header("Accept", "application/taxii+json;version=2.1")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.sslSession()).isPresent();
            assertThat(r.sslSession().get().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            // a client that does not trust the node's certificate is refused
            HttpClient stranger = HttpClient.newHttpClient();
            assertThatThrownBy(
                            () ->
                                    stranger.send(
                                            HttpRequest.newBuilder(https).build(),
                                            HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void refusesPlainHttpOnAnAddressOtherThanLoopback() {
        assertThatThrownBy(
                        () ->
                                TestNode.start(
                                        Dialect.SQLITE,
                                        Databases.fresh(Dialect.SQLITE),
                                        "server.address=0.0.0.0"))
                .hasStackTraceContaining("refusing to serve plain HTTP")
                .hasStackTraceContaining("ENTENTE_TLS_KEYSTORE");
    }

    private static void keytool(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void authenticatesAClientCertificateByItsSubject() throws Exception {
        Path dir = Files.createTempDirectory("entente-mtls-");
        Path server = dir.resolve("server.p12");
        Path client = dir.resolve("client.p12");
        Path trust = dir.resolve("trust.p12");
        Path clientCert = dir.resolve("client.cer");
        keytool(
                "-genkeypair",
                "-alias",
                "node",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                server.toString(),
                "-storepass",
                "changeit");
        keytool(
                "-genkeypair",
                "-alias",
                "client",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=jp-node,O=NISC,C=JP",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                client.toString(),
                "-storepass",
                "changeit");
        keytool(
                "-exportcert",
                "-alias",
                "client",
                "-keystore",
                client.toString(),
                "-storepass",
                "changeit",
                "-file",
                clientCert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "client",
                "-file",
                clientCert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trust.toString(),
                "-storepass",
                "changeit");
        try (TestNode node =
                TestNode.start(
                        Dialect.SQLITE,
                        Databases.fresh(Dialect.SQLITE),
                        "server.ssl.enabled=true",
                        "server.ssl.key-store=" + server,
                        "server.ssl.key-store-type=PKCS12",
                        "server.ssl.key-store-password=changeit",
                        "server.ssl.client-auth=want",
                        "server.ssl.trust-store=" + trust,
                        "server.ssl.trust-store-type=PKCS12",
                        "server.ssl.trust-store-password=changeit")) {
            var principal =
                    new org.entente.server.auth.NodePrincipal(
                            java.util.UUID.randomUUID().toString(),
                            "cert-user",
                            java.util.Set.of(org.entente.server.auth.Role.ADMIN),
                            false,
                            node.node().organisations().local().orElseThrow().orgId());
            node.node().principals().insert(principal, System.currentTimeMillis() * 1000);
            node.node()
                    .principals()
                    .setCertificateSubject(principal.id(), "CN=jp-node,O=NISC,C=JP");

            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(client)) {
                keys.load(in, "changeit".toCharArray());
            }
            javax.net.ssl.KeyManagerFactory kmf =
                    javax.net.ssl.KeyManagerFactory.getInstance(
                            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "changeit".toCharArray());
            KeyStore serverTrust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(server)) {
                serverTrust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(serverTrust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            URI collections =
                    URI.create(
                            "https://localhost:"
                                    + node.base().getPort()
                                    + "/taxii2/api/collections/");
            HttpResponse<String> withCert =
                    HttpClient.newBuilder()
                            .sslContext(tls)
                            .build()
                            .send(
                                    HttpRequest.newBuilder(collections)
                                            .header("Accept", "application/taxii+json;version=2.1")
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(withCert.statusCode()).as(withCert.body()).isEqualTo(200);
            assertThat(withCert.body()).contains("threat-intel");

            // a certificate nobody is recorded for is refused
            node.node().principals().setCertificateSubject(principal.id(), "CN=someone-else");
            SSLContext onlyTrust = SSLContext.getInstance("TLS");
            onlyTrust.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            HttpResponse<String> unknown =
                    HttpClient.newBuilder()
                            .sslContext(onlyTrust)
                            .build()
                            .send(
                                    HttpRequest.newBuilder(collections)
                                            .header("Accept", "application/taxii+json;version=2.1")
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(401);
        }
    }
}
