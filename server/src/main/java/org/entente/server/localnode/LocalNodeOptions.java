package org.entente.server.localnode;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link LocalNode} is started with. The kit sets what every local node needs (its port,
 * data folder, admin token and keystore); these are what differ between the demo's agencies and a
 * test's peers.
 *
 * @param name what messages call it, e.g. {@code CSA Singapore} or {@code sg}
 * @param home its folder: the log {@code node.log} and the data folder {@code data} go here
 * @param identity the keystore it serves HTTPS with, and that clients pin
 * @param adminToken its {@code ENTENTE_ADMIN_TOKEN}
 * @param javaArguments what follows the JVM's heap options on its command line: system properties,
 *     then the class path and main class (see {@link #javaArguments(String, Map)})
 * @param environment further {@code ENTENTE_*} settings (organisation, country, database); none is
 *     inherited from this process
 */
public record LocalNodeOptions(
        String name,
        Path home,
        TlsIdentity identity,
        String adminToken,
        List<String> javaArguments,
        Map<String, String> environment) {
    public LocalNodeOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(adminToken, "adminToken");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank");
        }
        if (adminToken.isBlank()) {
            throw new IllegalArgumentException("adminToken: must not be blank");
        }
        javaArguments = List.copyOf(javaArguments);
        if (javaArguments.isEmpty()) {
            throw new IllegalArgumentException("javaArguments: must name what to run");
        }
        environment = Map.copyOf(environment);
    }

    /**
     * The arguments that run {@code mainClass} of this JVM's program with these system properties:
     * from the runnable jar when this JVM runs one (then its manifest names the main class), else
     * from this class path (a build, or the tests).
     */
    public static List<String> javaArguments(String mainClass, Map<String, String> properties) {
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("-D" + k + "=" + v));
        String classpath = System.getProperty("java.class.path");
        if (!classpath.contains(File.pathSeparator) && classpath.endsWith(".jar")) {
            args.addAll(List.of("-jar", classpath));
        } else {
            args.addAll(List.of("-cp", classpath, mainClass));
        }
        return args;
    }

    /** The node's data folder. */
    public Path dataDir() {
        return home.resolve("data");
    }

    /** The node's log: its standard output and error, appended across restarts. */
    public Path log() {
        return home.resolve("node.log");
    }
}
