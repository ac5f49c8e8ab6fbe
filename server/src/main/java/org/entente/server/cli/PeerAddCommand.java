package org.entente.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.entente.server.Node;
import org.entente.server.federation.Federation;
import org.entente.server.federation.Peer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description = {
            "Record a partner's node. Secrets are read from files (or - for standard input) or"
                    + " from ENTENTE_PEER_TOKEN / ENTENTE_PEER_PASSWORD, never from the command"
                    + " line.",
            "Example: entente peer add --name nisc --org \"NISC Japan\" --url"
                    + " https://taxii.nisc.example:8443/ --token-file nisc.token --trust"
                    + " nisc-cert.pem"
        })
final class PeerAddCommand implements Callable<Integer> {
    @Option(names = "--name", required = true, description = "a short name, e.g. nisc")
    String name;

    @Option(names = "--org", required = true, description = "the partner (name or id)")
    String org;

    @Option(names = "--url", required = true, description = "the node's https base URL")
    String url;

    @Option(
            names = "--api-root",
            description = "API root path or URL (default: the peer's default)")
    String apiRoot;

    @Option(names = "--agreement", description = "the agreement it serves (title or id)")
    String agreement;

    @Option(
            names = "--principal",
            description =
                    "our principal the peer acts as (default: a new one, peer-NAME, of the"
                            + " partner)")
    String principal;

    @Option(names = "--token-file", description = "file holding the token the peer issued us")
    String tokenFile;

    @Option(names = "--user", description = "HTTP Basic user name at the peer")
    String user;

    @Option(names = "--password-file", description = "file holding the Basic password")
    String passwordFile;

    @Option(names = "--trust", description = "PEM: the peer's certificate (pinned) or CA")
    Path trust;

    @Option(names = "--client-cert", description = "PEM: our client certificate chain")
    Path clientCert;

    @Option(
            names = "--client-key",
            description = "PEM: its private key (PKCS#8, RSA or EC), unencrypted")
    Path clientKey;

    @Option(names = "--no-pull", description = "do not pull from the peer")
    boolean noPull;

    @Option(names = "--no-push", description = "do not push to the peer")
    boolean noPush;

    @Mixin NodeOptions node;

    @Override
    public Integer call() throws IOException {
        String token = tokenFile != null ? read(tokenFile) : node.variable("ENTENTE_PEER_TOKEN");
        Peer.Credentials credentials;
        if (user != null) {
            String password =
                    passwordFile != null
                            ? read(passwordFile)
                            : Optional.ofNullable(node.variable("ENTENTE_PEER_PASSWORD"))
                                    .orElseThrow(
                                            () ->
                                                    new IllegalArgumentException(
                                                            "--user needs --password-file or"
                                                                    + " ENTENTE_PEER_PASSWORD"));
            credentials = new Peer.Credentials.Basic(user, password);
        } else if (token != null && !token.isBlank()) {
            credentials = new Peer.Credentials.Token(token);
        } else {
            credentials = new Peer.Credentials.None();
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("--client-cert and --client-key go together");
        }
        try (Node n = node.open()) {
            Peer p =
                    n.federation()
                            .add(
                                    new Federation.NewPeer(
                                            name,
                                            org,
                                            Optional.ofNullable(agreement),
                                            Optional.ofNullable(principal),
                                            URI.create(url),
                                            Optional.ofNullable(apiRoot),
                                            credentials,
                                            trust == null
                                                    ? Optional.empty()
                                                    : Optional.of(Files.readString(trust)),
                                            clientCert == null
                                                    ? Optional.empty()
                                                    : Optional.of(
                                                            new Peer.ClientCertificate(
                                                                    Files.readString(clientCert),
                                                                    Files.readString(clientKey))),
                                            !noPull,
                                            !noPush));
            System.out.println(p.id());
            System.err.println(
                    "Recorded peer '"
                            + p.name()
                            + "' at "
                            + p.url()
                            + "; a running node starts syncing it within seconds. Check it"
                            + " with: entente peer test "
                            + p.name());
            return 0;
        }
    }

    /** A secret from a file, or from standard input for {@code -}. */
    static String read(String file) {
        try {
            if (file.equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
