package org.entente.server.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.entente.server.Node;
import org.entente.server.NodeSetup;
import org.entente.server.collection.Collection;
import org.entente.server.ingest.Ingest;
import org.entente.server.store.Payload;
import org.entente.server.store.PostStatus;
import org.entente.server.store.StatusDetail;
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

    @Override
    public Integer call() throws Exception {
        try (Node n = node.open();
                Payload payload = Inputs.payload(file)) {
            Collection target = n.catalog().require(collection);
            String admin = n.principalUseCases().named(NodeSetup.ADMIN).orElseThrow().id();
            Progress progress = new Progress(System.err, System.console() != null);
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
            return status.failureCount() == 0 ? 0 : 3;
        }
    }

    private void report(PostStatus status, double seconds) {
        long held = status.heldCount();
        System.err.printf(
                Locale.ROOT,
                "Imported %,d objects into %s in %.1f s: %,d new, %,d already held, %,d rejected.%n",
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
        System.err.println("Rejected:");
        for (StatusDetail f : status.failures()) {
            if (listed++ < show) {
                System.err.println("  " + f.id() + ": " + f.message().orElse(""));
            }
        }
        if (status.failureCount() > show) {
            System.err.printf("  ... and %,d more%n", status.failureCount() - show);
        }
    }
}
