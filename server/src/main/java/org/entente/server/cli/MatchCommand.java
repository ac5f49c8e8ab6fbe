package org.entente.server.cli;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.entente.pattern.EventMapping;
import org.entente.server.Node;
import org.entente.server.collection.Collection;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.Page;
import org.entente.server.store.StoredBody;
import org.entente.server.store.VersionFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "match",
        mixinStandardHelpOptions = true,
        description = {
            "Match indicators against events: JSON lines of DNS queries, proxy requests, flows,"
                    + " file hashes (or STIX observed-data) in, matches (JSON lines) or a bundle of"
                    + " sightings out. Progress and a summary go to standard error.",
            "Indicators come from a file (bundle, array or JSON lines; .gz too) or from a"
                    + " collection of the node (its latest indicators).",
            "Example: entente match --indicators threat-intel --events dns.jsonl --sightings"
        })
final class MatchCommand implements Callable<Integer> {
    @Option(names = "--indicators", required = true, paramLabel = "FILE|COLLECTION")
    String indicators;

    @Option(
            names = "--events",
            required = true,
            paramLabel = "FILE|-",
            description = "JSON lines; - for standard input")
    String events;

    @Option(
            names = "--sightings",
            description = "write a bundle of sightings instead of match lines")
    boolean sightings;

    @Option(
            names = "--window",
            defaultValue = "1h",
            description = "sighting window, e.g. 15m, 1h, 1d (default 1h)")
    String window;

    @Option(
            names = {"-o", "--out"},
            defaultValue = "-",
            description = "output file, or - (default)")
    String out;

    @Option(names = "--mapping", description = "an event mapping (JSON) instead of the defaults")
    String mapping;

    @Option(names = "--threads", description = "worker threads (default: the processors)")
    Integer threads;

    @Mixin NodeOptions node;

    @Override
    public Integer call() throws Exception {
        Path indicatorFile = Path.of(indicators);
        Path temporary = null;
        if (!Files.isRegularFile(indicatorFile)) {
            temporary = fromCollection(indicators);
            indicatorFile = temporary;
        }
        boolean terminal = System.console() != null;
        RunListener listener =
                new RunListener() {
                    @Override
                    public void indicatorRejected(String id, String reason) {
                        System.err.println("  indicator " + id + " not matched: " + reason);
                    }

                    @Override
                    public void eventRejected(long line, String reason) {
                        System.err.println("  event line " + line + ": " + reason);
                    }

                    @Override
                    public void progress(RunSummary s) {
                        if (terminal) {
                            System.err.printf(
                                    Locale.ROOT,
                                    "\r%,d events, %,d matches, %,.0f events/s ",
                                    s.eventsRead(),
                                    s.matches(),
                                    s.eventsPerSecond());
                        }
                    }
                };
        MatchRunner.Builder builder =
                MatchRunner.builder()
                        .clock(Clock.systemUTC())
                        .output(
                                sightings
                                        ? MatchRunner.Output.SIGHTINGS
                                        : MatchRunner.Output.MATCHES)
                        .sightingWindow(TokenCommand.Create.duration(window))
                        .listener(listener)
                        .progressEvery(1_000_000);
        if (threads != null) {
            builder.threads(threads);
        }
        if (mapping != null) {
            try (InputStream m = Files.newInputStream(Inputs.existing(mapping))) {
                builder.mapping(EventMapping.load(m));
            }
        }
        OutputStream target = out.equals("-") ? System.out : Files.newOutputStream(Path.of(out));
        RunSummary summary;
        try (InputStream ind = Inputs.open(indicatorFile.toString());
                InputStream ev = Inputs.open(events);
                OutputStream o = new BufferedOutputStream(target, 1 << 16)) {
            summary = builder.build().run(ind, ev, o);
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
        if (terminal) {
            System.err.println();
        }
        System.err.printf(
                Locale.ROOT,
                "%,d indicators loaded (%,d not matchable) in %.1f s; %,d events (%,d unreadable, %,d of no known shape, %,d blank lines skipped) in %.1f s = %,.0f events/s; %,d matched, %,d matches%s.%n",
                summary.indicatorsLoaded(),
                summary.indicatorsRejected(),
                summary.loading().toMillis() / 1000.0,
                summary.eventsRead(),
                summary.eventsRejected(),
                summary.eventsUnmapped(),
                summary.blankLines(),
                summary.elapsed().toMillis() / 1000.0,
                summary.eventsPerSecond(),
                summary.eventsMatched(),
                summary.matches(),
                sightings ? ", " + summary.sightings() + " sightings" : "");
        for (Map.Entry<String, Integer> r : summary.rejectionsByReason().entrySet()) {
            System.err.printf("  %,d indicators: %s%n", r.getValue(), r.getKey());
        }
        return 0;
    }

    /** The latest indicators of a collection, as JSON lines in a temporary file. */
    private Path fromCollection(String key) throws Exception {
        try (Node n = node.open()) {
            Collection c =
                    n.catalog()
                            .find(n.settings().apiRoot(), key)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "'"
                                                            + key
                                                            + "' is neither a file nor a collection of this node"));
            Path file = Files.createTempFile("entente-indicators-", ".jsonl");
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                ObjectQuery q =
                        ObjectQuery.all(c.id(), 10_000)
                                .types(Set.of("indicator"))
                                .versions(VersionFilter.LAST);
                while (true) {
                    Page<StoredBody> page = n.disclosures().operatorBodies(q);
                    for (StoredBody b : page.items()) {
                        o.write(b.body());
                        o.write('\n');
                    }
                    if (!page.more()) {
                        break;
                    }
                    q = q.after(page.last());
                }
            }
            return file;
        }
    }
}
