package org.entente.server.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.NodeSetup;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import picocli.CommandLine.Option;

/**
 * Options shared by commands that open the node's database without starting it, and the settings
 * they run with: these options over the same {@code entente.*} settings {@code serve} binds
 * (environment variables, system properties, configuration files), bound the same way ({@link
 * NodeSettings#bind}).
 */
final class NodeOptions {
    @Option(
            names = "--database",
            description =
                    "JDBC URL (default: ENTENTE_DATABASE_URL, else SQLite in ENTENTE_DATA_DIR)")
    String database;

    @Option(
            names = "--data-dir",
            description = "the node's data folder (default: ENTENTE_DATA_DIR, else ./data)")
    Path dataDir;

    /** The name of the property source that holds what a command is told ({@link #over}). */
    static final String COMMAND_OPTIONS = "command-line options";

    /** The name of the property source of a command's own defaults ({@link #settings(Map)}). */
    static final String COMMAND_DEFAULTS = "the command's defaults";

    private final Supplier<ConfigurableEnvironment> environment;

    /**
     * @param environment the process's environment, as {@link Main} hands it to every command, made
     *     when the command runs
     */
    NodeOptions(Supplier<ConfigurableEnvironment> environment) {
        this.environment = environment;
    }

    /** The settings this command runs with. */
    NodeSettings settings() {
        return settings(Map.of());
    }

    /**
     * The settings this command runs with, where {@code defaults} (properties) stand in for the
     * node's own defaults: anything the operator set, anywhere, wins over them.
     */
    NodeSettings settings(Map<String, Object> defaults) {
        Map<String, Object> given = new LinkedHashMap<>();
        if (dataDir != null) {
            given.put("entente.data-dir", dataDir.toString());
        }
        if (database != null) {
            given.put("entente.database-url", database);
        }
        ConfigurableEnvironment e = withConfigFiles(over(environment.get(), given));
        e.getPropertySources().addLast(new MapPropertySource(COMMAND_DEFAULTS, defaults));
        return NodeSettings.bind(e);
    }

    /**
     * A variable of the command's environment that is no setting of the node (a secret a command
     * takes, such as {@code ENTENTE_PEER_TOKEN}); null when unset.
     */
    String variable(String name) {
        return environment.get().getProperty(name);
    }

    /** The node's parts on its database, set up if this is its first start. */
    Node open() {
        return open(Map.of());
    }

    /** {@link #open()} with defaults of the command's own ({@link #settings(Map)}). */
    Node open(Map<String, Object> defaults) {
        Node node = new Node(settings(defaults), Clock.systemUTC());
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

    /**
     * A copy of {@code environment} with {@code options} first: what a command is told wins over
     * what its environment says; the environment itself is left as it was.
     */
    static ConfigurableEnvironment over(
            ConfigurableEnvironment environment, Map<String, Object> options) {
        StandardEnvironment copy = new StandardEnvironment();
        MutablePropertySources sources = copy.getPropertySources();
        sources.forEach(s -> sources.remove(s.getName()));
        sources.addLast(new MapPropertySource(COMMAND_OPTIONS, options));
        environment.getPropertySources().forEach(sources::addLast);
        return copy;
    }

    /**
     * The environment with the configuration files {@code serve} reads ({@code
     * application.properties} beside the node, {@code config/}, {@code SPRING_CONFIG_LOCATION}),
     * below everything else, as Spring Boot ranks them.
     */
    static ConfigurableEnvironment withConfigFiles(ConfigurableEnvironment environment) {
        ConfigDataEnvironmentPostProcessor.applyTo(environment);
        return environment;
    }
}
