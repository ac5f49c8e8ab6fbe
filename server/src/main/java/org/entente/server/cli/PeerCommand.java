package org.entente.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.entente.server.Node;
import org.entente.server.federation.Federation;
import org.entente.server.federation.Peer;
import org.entente.server.federation.PeerCollection;
import org.entente.server.federation.PeerEvent;
import org.entente.server.federation.PeerHealth;
import org.entente.server.federation.RunReport;
import org.entente.server.org.Organisation;
import org.entente.stix.Timestamps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "peer",
        mixinStandardHelpOptions = true,
        description = "Connect partners' nodes: pull what they open to us, push what we share.",
        subcommands = {
            PeerCommand.Add.class,
            PeerCommand.ListPeers.class,
            PeerCommand.Test.class,
            PeerCommand.Sync.class,
            PeerCommand.Status.class,
            PeerCommand.Disable.class,
            PeerCommand.Enable.class,
            PeerCommand.Remove.class
        })
final class PeerCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

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
    static final class Add implements Callable<Integer> {
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

        @Option(names = "--client-key", description = "PEM: its PKCS#8 private key")
        Path clientKey;

        @Option(names = "--no-pull", description = "do not pull from the peer")
        boolean noPull;

        @Option(names = "--no-push", description = "do not push to the peer")
        boolean noPush;

        @Mixin NodeOptions node;

        @Override
        public Integer call() throws IOException {
            String token =
                    tokenFile != null ? read(tokenFile) : System.getenv("ENTENTE_PEER_TOKEN");
            Peer.Credentials credentials;
            if (user != null) {
                String password =
                        passwordFile != null
                                ? read(passwordFile)
                                : Optional.ofNullable(System.getenv("ENTENTE_PEER_PASSWORD"))
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
                                                                        Files.readString(
                                                                                clientCert),
                                                                        Files.readString(
                                                                                clientKey))),
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
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the peers.")
    static final class ListPeers implements Callable<Integer> {
        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                for (Peer p : n.federation().list()) {
                    String org =
                            n.organisationUseCases()
                                    .find(p.organisationId())
                                    .map(Organisation::name)
                                    .orElse(p.organisationId());
                    System.out.printf(
                            "%-16s %-8s %s  %s%s%s%n",
                            p.name(),
                            p.enabled() ? "enabled" : "disabled",
                            p.url(),
                            org,
                            p.pull() ? "" : ", no pull",
                            p.push() ? "" : ", no push");
                }
                return 0;
            }
        }
    }

    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description =
                    "Check a peer: reachable, TLS as pinned, credentials accepted, which collections"
                            + " it opens to us and what flows through each. Exit 1 if a check"
                            + " fails.")
    static final class Test implements Callable<Integer> {
        @Parameters(paramLabel = "PEER", description = "name or id")
        String peer;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                Federation.TestReport r = n.federation().test(n.federation().require(peer));
                for (Federation.Check c : r.checks()) {
                    System.out.printf(
                            "%-4s %-12s %s%n", c.ok() ? "ok" : "FAIL", c.name(), c.detail());
                }
                for (Federation.Opened o : r.opened()) {
                    System.out.printf(
                            "     collection %s (%s%s): %s%s%n",
                            o.alias().orElse(o.remoteId()),
                            o.canRead() ? "read" : "",
                            o.canWrite() ? (o.canRead() ? ", write" : "write") : "",
                            o.local().map(l -> "ours " + l + ": ").orElse(""),
                            o.ourSide());
                }
                return r.ok() ? 0 : 1;
            }
        }
    }

    @Command(
            name = "sync",
            mixinStandardHelpOptions = true,
            description =
                    "Sync with a peer now, in this process, and print what moved. Exit 1 if it"
                            + " failed. A running node's own schedule waits meanwhile.")
    static final class Sync implements Callable<Integer> {
        @Parameters(paramLabel = "PEER", description = "name or id")
        String peer;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                RunReport r = n.federation().syncOnce(n.federation().require(peer));
                print(r);
                return r.outcome() == RunReport.Outcome.OK ? 0 : 1;
            }
        }
    }

    static void print(RunReport r) {
        System.out.println(
                r.peer()
                        + ": "
                        + r.outcome().name().toLowerCase(Locale.ROOT)
                        + r.failure().map(f -> " - " + f).orElse(""));
        for (RunReport.CollectionRun c : r.collections()) {
            System.out.printf(
                    "  %-18s -> %-16s pulled %d new, %d held, %d refused%s; sent %d (%d as"
                            + " feedback), %d refused by the peer%s%s%n",
                    c.remote(),
                    c.local().orElse("-"),
                    c.stored(),
                    c.held(),
                    c.refused(),
                    c.caughtUp() ? " (up to date)" : "",
                    c.sent(),
                    c.feedback(),
                    c.rejected(),
                    c.stopped().map(s -> "; " + s).orElse(""),
                    c.error().map(e -> "; ERROR " + e).orElse(""));
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "A peer's health: last success, lag, counts, latest errors and why.")
    static final class Status implements Callable<Integer> {
        @Parameters(paramLabel = "PEER", description = "name or id")
        String peer;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                Federation.Status s = n.federation().status(n.federation().require(peer));
                PeerHealth h = s.health();
                System.out.println(
                        s.peer().name() + " (" + s.organisation().name() + ") " + s.peer().url());
                System.out.println("  last success   " + time(h.lastSuccessAt()));
                System.out.println("  caught up at   " + time(h.caughtUpAt()));
                System.out.println("  newest seen    " + time(h.newestSeen()));
                System.out.printf(
                        "  received %d, refused %d, sent %d, refused by the peer %d; %d failures in"
                                + " a row%n",
                        h.received(), h.refused(), h.sent(), h.rejected(), h.failures());
                for (PeerCollection c : s.collections()) {
                    System.out.printf(
                            "  collection %s -> %s: pulled up to %s%n",
                            c.label(),
                            c.localCollection().orElse("(not mapped)"),
                            c.pull().after().orElse("(start)"));
                }
                for (PeerEvent e : s.events()) {
                    System.out.printf(
                            "  %s %-8s %s%n",
                            Timestamps.formatMicros(e.at()),
                            e.kind().name().toLowerCase(Locale.ROOT),
                            e.message());
                }
                return 0;
            }
        }

        private static String time(OptionalLong micros) {
            return micros.isPresent() ? Timestamps.formatMicros(micros.getAsLong()) : "never";
        }
    }

    /** Stops or resumes syncing a peer; its cursors and health stay. */
    abstract static class Switch implements Callable<Integer> {
        @Parameters(paramLabel = "PEER", description = "name or id")
        String peer;

        @Mixin NodeOptions node;

        abstract boolean enabled();

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                n.federation().setEnabled(peer, enabled());
                System.err.println("Peer '" + peer + "' " + (enabled() ? "enabled." : "disabled."));
                return 0;
            }
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description =
                    "Stop syncing a peer (a running node stops within seconds); its cursors and"
                            + " health stay.")
    static final class Disable extends Switch {
        @Override
        boolean enabled() {
            return false;
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Sync a disabled peer again, from where it stopped.")
    static final class Enable extends Switch {
        @Override
        boolean enabled() {
            return true;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description =
                    "Forget a peer, its cursors and events. What flowed stays in the ledger; the"
                            + " principal it acted as stays too.")
    static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "PEER", description = "name or id")
        String peer;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                n.federation().remove(peer);
                System.err.println("Removed peer '" + peer + "'.");
                return 0;
            }
        }
    }
}
