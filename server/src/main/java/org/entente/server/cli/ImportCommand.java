package org.entente.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.entente.pattern.IndicatorLint;
import org.entente.server.Node;
import org.entente.server.NodeSetup;
import org.entente.server.collection.Collection;
import org.entente.server.ingest.Ingest;
import org.entente.server.store.Payload;
import org.entente.server.store.PostStatus;
import org.entente.server.store.PreparedObject;
import org.entente.server.store.StatusDetail;
import org.entente.stix.StixJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Import STIX objects into a collection: a bundle, a TAXII envelope, a JSON array or"
                    + " JSON lines; '.gz' files are read through gunzip; '-' reads standard input.",
            "Streams: the file is never held in memory. Every object is validated; the summary"
                    + " lists what was rejected and why.",
            "Exit status: 0 all imported, 3 some objects rejected, 1 the import failed."
        })
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the file to import, or -")
    String file;

    @Option(
            names = {"-c", "--collection"},
            required = true,
            description = "collection id or alias, e.g. threat-intel")
    String collection;

    @Option(names = "--show", defaultValue = "20", description = "rejections to list (default 20)")
    int show;

    @Mixin NodeOptions node;

    /**
     * An import has one writer and nothing else to read for, so unless the operator sets the pool's
     * size, two connections share SQLite's page-cache budget ({@code ENTENTE_SQLITE_CACHE_MB}) in
     * place of {@code serve}'s sixteen: the writer's cache holds 32 MB of the indexes a large
     * import inserts into at random places, not 4 MB (docs/benchmarks.md, "Session 29").
     */
    static final Map<String, Object> DEFAULTS = Map.of("entente.database-pool-size", 2);

    @Override
    public Integer call() throws Exception {
        try (Node n = node.open(DEFAULTS);
                Payload payload = Inputs.payload(file)) {
            Collection target = n.catalog().require(collection);
            String admin = n.principalUseCases().named(NodeSetup.ADMIN).orElseThrow().id();
            Progress progress = new Progress(System.err, System.console() != null);
            Lint lint = new Lint();
            n.ingest().observe(lint);
            long start = System.nanoTime();
            PostStatus status =
                    n.ingest()
                            .add(
                                    target,
                                    admin,
                                    n.policy().operatorWrite(),
                                    payload,
                                    Ingest.Shape.ANY,
                                    progress);
            progress.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            report(status, seconds);
            lint.report(show);
            return status.failureCount() == 0 ? 0 : 3;
        }
    }

    private void report(PostStatus status, double seconds) {
        long held = status.heldCount();
        System.err.printf(
                Locale.ROOT,
                "Read %,d objects for %s in %.1f s: %,d stored, %,d already held, %,d refused.%n",
                status.totalCount(),
                collection,
                seconds,
                status.successCount() - held,
                held,
                status.failureCount());
        if (status.failureCount() == 0) {
            return;
        }
        int listed = 0;
        System.err.println("Refused:");
        for (StatusDetail f : status.failures()) {
            if (listed++ < show) {
                System.err.println("  " + f.id() + ": " + f.message().orElse(""));
            }
        }
        if (status.failureCount() > show) {
            System.err.printf("  ... and %,d more%n", status.failureCount() - show);
        }
    }

    /**
     * The indicators stored that can never fire under the node's event mapping, and why (issue 9,
     * item 5): said at once, not found out the day a match was due.
     */
    private static final class Lint implements Ingest.Observer {
        private final IndicatorLint lint = IndicatorLint.defaults();
        private final List<String> dead = new ArrayList<>();
        private long indicators;
        private long deadCount;

        @Override
        public void stored(Collection collection, List<PreparedObject> objects) {
            for (PreparedObject o : objects) {
                if (!o.type().equals("indicator")) {
                    continue;
                }
                indicators++;
                IndicatorLint.Result r = lint.check(StixJson.parse(o.body()));
                if (r.canFire()) {
                    continue;
                }
                deadCount++;
                if (dead.size() < 1000) {
                    List<String> why = new ArrayList<>();
                    for (IndicatorLint.Finding f : r.findings()) {
                        if (f.kind() != IndicatorLint.Kind.NORMALISED) {
                            why.add(
                                    (f.comparison().isEmpty() ? "" : f.comparison() + ": ")
                                            + f.reason());
                        }
                    }
                    dead.add(
                            o.id()
                                    + ": "
                                    + (r.verdict() == IndicatorLint.Verdict.NEVER_FROM_EVENTS
                                            ? "never fires from events"
                                            : "never fires")
                                    + (why.isEmpty() ? "" : ": " + String.join("; ", why)));
                }
            }
        }

        void report(int show) {
            if (deadCount == 0) {
                return;
            }
            System.err.printf(
                    Locale.ROOT,
                    "%,d of the %,d indicators stored can never fire under this node's event"
                            + " mapping:%n",
                    deadCount,
                    indicators);
            dead.stream().limit(show).forEach(d -> System.err.println("  " + d));
            if (deadCount > show) {
                System.err.printf(Locale.ROOT, "  ... and %,d more%n", deadCount - show);
            }
        }
    }
}
