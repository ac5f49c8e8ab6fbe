package org.entente.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.NodeSetup;
import org.entente.server.db.Dialect;
import org.entente.server.ingest.Committer;
import org.entente.server.ingest.Ingest;
import org.entente.server.store.RequestLimits;
import org.entente.server.store.WriteRefusalDao;

/**
 * A node's parts without a web server (no loops of the running server: schedule, search indexer),
 * on a fresh database of either dialect, set up as on a first start; and its ingest as a POST runs
 * it, for tests that drive the use cases directly.
 */
public final class PlainNode {
    private PlainNode() {}

    /** A set-up node on a fresh database; the caller closes it. */
    public static Node fresh(Dialect dialect) throws IOException {
        Node n =
                new Node(
                        NodeSettings.forDatabase(
                                Files.createTempDirectory("entente-plain-"),
                                Databases.fresh(dialect),
                                Databases.user(dialect),
                                Databases.password(dialect)),
                        Clock.systemUTC());
        NodeSetup.ensure(n);
        return n;
    }

    /** The node's ingest, writing {@code chunkSize} objects per transaction. */
    public static Ingest ingest(Node n, int chunkSize) {
        return new Ingest(
                new Committer(
                        n.database(),
                        n.objects(),
                        n.statuses(),
                        new WriteRefusalDao(n.database()),
                        n.ledger(),
                        Clock.systemUTC(),
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                n.objects(),
                n.validator(),
                chunkSize,
                RequestLimits.DEFAULTS);
    }
}
