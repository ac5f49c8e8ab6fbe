package org.entente.server.cli;

import java.util.Locale;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "peer",
        mixinStandardHelpOptions = true,
        description = "Connect partners' nodes: pull what they open to us, push what we share.",
        subcommands = {
            PeerAddCommand.class,
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
