package org.entente.server.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.entente.server.EntenteApplication;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedResource;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;

/**
 * Whether {@code serve} starts from the wiring Spring AOT generated at build time ({@code
 * process-aot}, docs/adr/0022-spring-aot-for-serve.md) or the regular way.
 *
 * <p>The generated wiring is the application context as the build saw it: every
 * auto-configuration's condition was evaluated then, on the build's settings, and is not evaluated
 * again. A Spring setting the operator gives at run time that a condition reads ({@code
 * springdoc.api-docs.enabled}, {@code management.server.port}, {@code spring.jmx.enabled}...) would
 * be accepted and then do nothing, which is worse than a slower start. So the node starts from the
 * generated wiring only when the launcher asks for it ({@value #PROPERTY}) and nothing in its
 * environment sets a Spring property outside {@code entente.*} (no condition reads one of those:
 * {@code NodeSettings} binds them at run time); otherwise it starts the regular way and says why.
 * What counts, source by source:
 *
 * <ul>
 *   <li>a configuration file outside the jar ({@code application.properties} beside the node,
 *       {@code config/}): any key not under {@code entente.};
 *   <li>a system property: any outside {@code entente.} and the JVM's own namespaces ({@link
 *       #JVM_OWN});
 *   <li>an environment variable whose name, read as Spring reads it (its first word, lower case),
 *       starts a property of Spring, Spring Boot or a library on the class path ({@link #ROOTS},
 *       kept equal to their configuration metadata by {@code AotStartTest}), and a variable by
 *       which Spring Boot detects a cloud platform (Kubernetes' {@code
 *       KUBERNETES_SERVICE_HOST}...), on which some conditions depend. Not every variable: the
 *       process always has {@code PATH}, {@code HOME}, {@code LANG}, which Spring also exposes as
 *       properties ({@code path}...) but no condition reads, and falling back on them would mean
 *       never starting from the wiring.
 * </ul>
 *
 * The jar's own {@code application.properties} is not counted: the build read the same file. Nor
 * are the settings {@code serve} passes as arguments (port, address, TLS), which beans read at run
 * time.
 */
final class AotStart {
    /** The system property by which the launcher asks {@code serve} for the generated wiring. */
    static final String PROPERTY = "entente.launcher.aot";

    /** The class Spring AOT generates beside the application's main class. */
    static final String INITIALIZER =
            EntenteApplication.class.getName() + "__ApplicationContextInitializer";

    /**
     * The first words of the properties that Spring, Spring Boot and the libraries on the class
     * path describe in their configuration metadata ({@code META-INF/spring-configuration-
     * metadata.json}); a variable that starts with one of them, as {@code SPRING_}, {@code SERVER_}
     * or {@code DEBUG} do, may set a property a condition reads.
     */
    static final Set<String> ROOTS =
            Set.of(
                    "spring",
                    "server",
                    "management",
                    "springdoc",
                    "logging",
                    "info",
                    "debug",
                    "trace");

    /** The JVM's own system properties: no Spring condition reads any of them. */
    static final List<String> JVM_OWN =
            List.of(
                    "java.",
                    "javax.",
                    "jdk.",
                    "sun.",
                    "com.sun.",
                    "user.",
                    "os.",
                    "file.",
                    "line.",
                    "path.",
                    "native.encoding",
                    "stdout.encoding",
                    "stderr.encoding",
                    // the JDK's networking properties (a proxy for federation, say)
                    "http.",
                    "https.",
                    "ftp.",
                    "socksProxy",
                    "socksNonProxyHosts");

    /** The outcome: the generated wiring, or the regular start and why. */
    record Decision(boolean aot, String reason) {
        static Decision regular(String reason) {
            return new Decision(false, reason);
        }
    }

    private AotStart() {}

    /**
     * Whether the launcher asked for the generated wiring ({@code -Dentente.launcher.aot=true}).
     */
    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * How {@code serve} starts on {@code environment}, the environment it runs on, configuration
     * files included ({@link NodeOptions#withConfigFiles}), when asked for the wiring.
     */
    static Decision decide(ConfigurableEnvironment environment, boolean wiringBuilt) {
        if (!wiringBuilt) {
            return Decision.regular(
                    "this build has no ahead-of-time wiring (" + INITIALIZER + " is absent)");
        }
        return obstacle(environment)
                .map(Decision::regular)
                .orElseGet(() -> new Decision(true, "asked for by " + PROPERTY));
    }

    /** Whether the build generated the wiring: a build without {@code process-aot} did not. */
    static boolean wiringBuilt(ClassLoader classes) {
        return ClassUtils.isPresent(INITIALIZER, classes);
    }

    /** The first setting in {@code environment} that the generated wiring would ignore. */
    static Optional<String> obstacle(ConfigurableEnvironment environment) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            String name = source.getName();
            for (String key : enumerable.getPropertyNames()) {
                Optional<String> found =
                        switch (name) {
                            case StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME ->
                                    systemProperty(key);
                            case StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME ->
                                    variable(key);
                            default -> otherSource(enumerable, key);
                        };
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        CloudPlatform platform = CloudPlatform.getActive(environment);
        if (platform != null && platform != CloudPlatform.NONE) {
            return Optional.of(
                    "the environment variables say the node runs on "
                            + platform
                            + ", on which some of Spring Boot's conditions depend");
        }
        return Optional.empty();
    }

    private static Optional<String> systemProperty(String key) {
        if (key.startsWith("entente.") || JVM_OWN.stream().anyMatch(key::startsWith)) {
            return Optional.empty();
        }
        return Optional.of(
                "system property "
                        + key
                        + " (a -D on the JVM's command line, ENTENTE_JAVA_OPTS) is a Spring"
                        + " setting outside entente.*");
    }

    private static Optional<String> variable(String name) {
        String root = name.toLowerCase(Locale.ROOT).split("[._\\-\\[]", 2)[0];
        if (root.equals("entente") || !ROOTS.contains(root)) {
            return Optional.empty();
        }
        return Optional.of(
                "environment variable "
                        + name
                        + " sets a Spring setting outside entente.* ("
                        + root
                        + ".*)");
    }

    /**
     * A key of a configuration file, or of a source nobody here expected; the jar's own
     * configuration file is the build's, and the options {@code serve} was given are its own.
     */
    private static Optional<String> otherSource(EnumerablePropertySource<?> source, String key) {
        if (key.startsWith("entente.") || source.getName().equals(NodeOptions.COMMAND_OPTIONS)) {
            return Optional.empty();
        }
        String where = source.getName();
        if (source instanceof OriginTrackedMapPropertySource tracked) {
            Origin origin = tracked.getOrigin(key);
            if (origin instanceof TextResourceOrigin text) {
                Resource file = text.getResource();
                if (file instanceof OriginTrackedResource wrapped) {
                    file = wrapped.getResource();
                }
                if (file instanceof ClassPathResource) {
                    return Optional.empty();
                }
                where = String.valueOf(file);
            }
        }
        return Optional.of(key + " in " + where + " is a Spring setting outside entente.*");
    }
}
