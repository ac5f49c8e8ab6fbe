package org.entente.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.entente.server.EntenteApplication;
import org.entente.server.NodeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Start the node: TAXII 2.1 under /taxii2/, metrics under /actuator/.",
            "Plain HTTP on 127.0.0.1:8080 unless ENTENTE_TLS_KEYSTORE names a PKCS#12 keystore,"
                    + " in which case HTTPS on port 8443 and any address may be used.",
            "Configuration: ENTENTE_DATA_DIR (default ./data), ENTENTE_DATABASE_URL (default SQLite"
                    + " in the data folder), ENTENTE_ADMIN_TOKEN, and the other entente.* settings."
        })
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    private static volatile boolean serving;

    @Option(names = "--port", description = "TCP port (default 8080, or 8443 with TLS)")
    Integer port;

    @Option(names = "--bind", description = "address to listen on (default 127.0.0.1)")
    String bind;

    /**
     * A start that {@code ./entente} records into its class-data archive: it asks itself its first
     * questions, then stops ({@link RecordedStart}).
     */
    boolean record = RecordedStart.requested();

    private final Supplier<ConfigurableEnvironment> environment;
    private volatile ConfigurableApplicationContext application;
    private volatile List<Integer> recordedAnswers = List.of();

    /**
     * @param environment the process's environment, as {@link Main} hands it to every command, made
     *     when the command runs
     */
    ServeCommand(Supplier<ConfigurableEnvironment> environment) {
        this.environment = environment;
    }

    static boolean serving() {
        return serving;
    }

    /** The statuses of what a recorded start asked itself, in order. */
    List<Integer> recordedAnswers() {
        return recordedAnswers;
    }

    /** The running application, once {@link #call} has started it. */
    ConfigurableApplicationContext application() {
        return application;
    }

    @Override
    public Integer call() {
        // bound here as the application will bind them, so that bad settings fail before Tomcat
        ConfigurableEnvironment given = environment.get();
        ConfigurableEnvironment configured =
                NodeOptions.withConfigFiles(NodeOptions.over(given, Map.of()));
        NodeSettings settings = NodeSettings.bind(configured);
        SpringApplication app = new SpringApplication(EntenteApplication.class);
        // Boot looks for the generated wiring beside the main application class, which it would
        // otherwise take to be the class whose main started the JVM: the command line's
        app.setMainApplicationClass(EntenteApplication.class);
        Optional<AotStart.Decision> aot = aot(configured);
        aot.filter(AotStart.Decision::aot).ifPresent(d -> app.addListeners(announce(d)));
        // the application reads the very environment the other commands read
        app.setEnvironment(NodeOptions.over(given, Map.of()));
        serving = true;
        try {
            application = app.run(arguments(settings.tls()).toArray(String[]::new));
        } catch (RuntimeException e) {
            serving = false;
            throw e;
        }
        if (record) {
            recordedAnswers = RecordedStart.ask(application, settings.configuredAdminToken());
            // stopped as SIGTERM stops it; Main then ends the JVM, which writes the archive
            serving = false;
            return SpringApplication.exit(application);
        }
        return 0;
    }

    /**
     * Turns Spring AOT on for this JVM when the launcher asked for it and nothing in {@code
     * configured} would be ignored by the generated wiring ({@link AotStart}); otherwise makes sure
     * it is off, and says why. Empty when it was not asked for (a test, {@code java -jar}).
     */
    private static Optional<AotStart.Decision> aot(ConfigurableEnvironment configured) {
        if (!AotStart.requested()) {
            return Optional.empty();
        }
        AotStart.Decision decision =
                AotStart.decide(
                        configured, AotStart.wiringBuilt(ServeCommand.class.getClassLoader()));
        if (decision.aot()) {
            // read by Spring's AotDetector, JVM-wide: hence only in the launcher's serve
            System.setProperty(AotDetector.AOT_ENABLED, "true");
        } else {
            // set by the operator (ENTENTE_JAVA_OPTS), it would make Boot use the wiring anyway
            System.clearProperty(AotDetector.AOT_ENABLED);
            LOG.warn(
                    "Starting the regular way, not from the build's ahead-of-time wiring (a"
                            + " slower start): {}",
                    decision.reason());
        }
        return Optional.of(decision);
    }

    /** Says that the node starts from the wiring, once logging is set up, before it answers. */
    private static ApplicationListener<ApplicationEvent> announce(AotStart.Decision decision) {
        return e -> {
            if (e instanceof ApplicationPreparedEvent) {
                LOG.info(
                        "Starting from the build's ahead-of-time wiring ({}), {}",
                        AotStart.INITIALIZER,
                        decision.reason());
            }
        };
    }

    /** Spring Boot's server settings for the port, the address and {@code entente.tls}. */
    private List<String> arguments(NodeSettings.TlsSettings tls) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + (port != null ? port : tls.enabled() ? 8443 : 8080));
        if (bind != null) {
            args.add("--server.address=" + bind);
        }
        if (tls.enabled()) {
            args.add("--server.ssl.enabled=true");
            args.add("--server.ssl.key-store=" + tls.keystore());
            args.add("--server.ssl.key-store-type=PKCS12");
            if (!tls.keystorePassword().isEmpty()) {
                args.add("--server.ssl.key-store-password=" + tls.keystorePassword());
            }
            args.add("--server.ssl.enabled-protocols=TLSv1.3,TLSv1.2");
            if (!tls.truststore().isEmpty()) {
                // client certificates are asked for, not required: tokens and Basic still work
                args.add("--server.ssl.client-auth=want");
                args.add("--server.ssl.trust-store=" + tls.truststore());
                args.add("--server.ssl.trust-store-type=PKCS12");
                if (!tls.truststorePassword().isEmpty()) {
                    args.add("--server.ssl.trust-store-password=" + tls.truststorePassword());
                }
            }
        }
        return args;
    }
}
