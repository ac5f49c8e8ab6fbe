package org.entente.server.cli;

import java.time.Clock;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.NodeSetup;
import picocli.CommandLine.Option;

/** Options shared by commands that open the node's database without starting it. */
final class NodeOptions {
    @Option(
            names = "--database",
            description =
                    "JDBC URL (default: ENTENTE_DATABASE_URL, else SQLite in ENTENTE_DATA_DIR)")
    String database;

    @Option(
            names = "--data-dir",
            description = "the node's data folder (default: ENTENTE_DATA_DIR, else ./data)")
    java.nio.file.Path dataDir;

    Node open() {
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        if (dataDir != null) {
            env.put("ENTENTE_DATA_DIR", dataDir.toString());
        }
        NodeSettings settings = NodeSettings.fromEnvironment(env);
        if (database != null) {
            settings = settings.withDatabaseUrl(database);
        }
        Node node = new Node(settings, Clock.systemUTC());
        NodeSetup.ensure(node)
                .newAdminToken()
                .ifPresent(
                        token ->
                                System.err.println(
                                        "This was the node's first start. Admin token (shown"
                                                + " once, keep it safe): "
                                                + token));
        return node;
    }
}
