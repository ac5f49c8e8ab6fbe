package org.entente.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.entente.server.db.Database;
import org.entente.server.detection.Detection;
import org.entente.server.detection.SightingsFlusher;
import org.entente.server.federation.Federation;
import org.entente.server.federation.Scheduler;
import org.entente.server.federation.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * The node as a Spring Boot application; {@code entente serve} starts it. Its parts are {@link
 * NodeParts}, the same the command line loads; what is here belongs to a running server only: the
 * peers' schedule, the sightings' flush, the first start's setup.
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import(NodeParts.class)
public class EntenteApplication {
    private static final Logger LOG = LoggerFactory.getLogger(EntenteApplication.class);

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(EntenteApplication.class);
        if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
            app.setEnvironment(buildEnvironment());
        }
        app.run(args);
    }

    /**
     * The environment Spring AOT evaluates the conditions on at build time ({@code process-aot},
     * docs/adr/0022-spring-aot-for-serve.md): the jar's own configuration and Spring's defaults,
     * never the build machine's environment variables or configuration files. A node started from
     * the generated wiring would otherwise keep a setting the builder's shell happened to have
     * ({@code SPRINGDOC_API_DOCS_ENABLED=false}, say) without being given it, and {@code ./entente}
     * builds in the operator's shell.
     */
    private static ConfigurableEnvironment buildEnvironment() {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.addLast(
                new MapPropertySource(
                        "the build: the jar's configuration only",
                        Map.of("spring.config.location", "optional:classpath:/")));
        return environment;
    }

    /** Bound as every command binds them ({@link NodeSettings#bind}). */
    @Bean
    NodeSettings nodeSettings(Environment environment) {
        return NodeSettings.bind(environment);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Transport transport() {
        return Transport.JDK;
    }

    /** The parts as one handle, as the command line has them (tests and tools look inside). */
    @Bean
    Node node(ApplicationContext application) {
        return Node.of(application);
    }

    /**
     * Exposed so that Actuator reports database health and pool metrics. NB: not closed as a bean
     * of its own: the pool is the {@link Database}'s, closed with it after every part that reads
     * through it; closed here, in this bean's place in the order, it had gone while peer syncs were
     * still running (ShutdownOrderTest).
     */
    @Bean(destroyMethod = "")
    DataSource dataSource(Database database) {
        return database.dataSource();
    }

    /** Syncs with the peers on their schedule once the node is set up (see {@link #setup}). */
    @Bean(destroyMethod = "close")
    Scheduler scheduler(Federation federation, NodeSettings settings, Clock clock) {
        Random random = new SecureRandom();
        return new Scheduler(federation, settings.federation(), clock, random::nextDouble);
    }

    /** Stores sightings when their window has ended; closed before the node, so none is lost. */
    @Bean(destroyMethod = "close")
    SightingsFlusher sightingsFlusher(Detection detection) {
        return new SightingsFlusher(detection, 10);
    }

    /**
     * First start: creates the API root, collections and admin. Made with the node's parts, before
     * the web server opens its port: a request that came in while a runner was still setting the
     * node up was told the configured admin token was unknown.
     */
    @Bean
    NodeSetup.Outcome setup(Node node) {
        return NodeSetup.ensure(node);
    }

    /**
     * Once the node serves: prints a new admin token once, starts federation, detection and the
     * sightings' flushing.
     */
    @Bean
    ApplicationRunner ready(
            Node node, NodeSetup.Outcome outcome, Scheduler scheduler, SightingsFlusher sightings) {
        return args -> {
            NodeSettings settings = node.settings();
            if (settings.federation().enabled()) {
                scheduler.start();
            }
            outcome.newAdminToken()
                    .ifPresent(
                            token -> {
                                // printed, not logged: it must reach the operator once and
                                // nowhere else
                                System.out.println();
                                System.out.println("  Admin token (shown once, keep it safe):");
                                System.out.println("    " + token);
                                System.out.println();
                            });
            node.detection().start();
            sightings.start();
            LOG.info(
                    "Entente node ready: API root /taxii2/{}/ on {}",
                    settings.apiRoot(),
                    node.database().dialect());
        };
    }
}
