package org.entente.server;

import java.security.SecureRandom;
import java.time.Clock;
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
import org.springframework.core.env.Environment;

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
        SpringApplication.run(EntenteApplication.class, args);
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

    /** Exposed so that Actuator reports database health and pool metrics. */
    @Bean
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
     * First start: creates the API root, collections and admin, and prints the admin token once.
     */
    @Bean
    ApplicationRunner setup(Node node, Scheduler scheduler, SightingsFlusher sightings) {
        return args -> {
            NodeSetup.Outcome outcome = NodeSetup.ensure(node);
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
