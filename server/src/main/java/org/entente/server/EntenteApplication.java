package org.entente.server;

import java.time.Clock;
import org.entente.server.auth.PrincipalDao;
import org.entente.server.auth.Tokens;
import org.entente.server.collection.CollectionDao;
import org.entente.server.ingest.Ingest;
import org.entente.server.ledger.Ledger;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.StatusDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The node as a Spring Boot application; {@code entente serve} starts it. */
@SpringBootApplication
@EnableConfigurationProperties({
    NodeSettings.class,
    org.entente.server.detection.DetectionSettings.class
})
public class EntenteApplication {
    private static final Logger LOG = LoggerFactory.getLogger(EntenteApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(EntenteApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    Node node(
            NodeSettings settings,
            Clock clock,
            io.micrometer.core.instrument.MeterRegistry meters) {
        return new Node(settings, clock, meters);
    }

    /** Exposed so that Actuator reports database health and pool metrics. */
    @Bean
    javax.sql.DataSource dataSource(Node node) {
        return node.database().dataSource();
    }

    @Bean
    org.entente.server.db.Database database(Node node) {
        return node.database();
    }

    @Bean
    CollectionDao collectionDao(Node node) {
        return node.collections();
    }

    @Bean
    ObjectDao objectDao(Node node) {
        return node.objects();
    }

    @Bean
    StatusDao statusDao(Node node) {
        return node.statuses();
    }

    @Bean
    PrincipalDao principalDao(Node node) {
        return node.principals();
    }

    @Bean
    Tokens tokens(Node node) {
        return node.tokens();
    }

    @Bean
    org.entente.server.auth.Passwords passwords(Node node) {
        return node.passwords();
    }

    @Bean
    org.entente.server.auth.Principals principalUseCases(Node node) {
        return node.principalUseCases();
    }

    @Bean
    org.entente.server.org.OrganisationDao organisationDao(Node node) {
        return node.organisations();
    }

    @Bean
    org.entente.server.org.Organisations organisationUseCases(Node node) {
        return node.organisationUseCases();
    }

    @Bean
    org.entente.server.agreement.AgreementDao agreementDao(Node node) {
        return node.agreements();
    }

    @Bean
    org.entente.server.policy.Policy policy(Node node) {
        return node.policy();
    }

    @Bean
    org.entente.server.policy.Disclosures disclosures(Node node) {
        return node.disclosures();
    }

    @Bean
    org.entente.server.agreement.Agreements agreementUseCases(Node node) {
        return node.agreementUseCases();
    }

    @Bean
    org.entente.server.detection.Detection detection(Node node) {
        return node.detection();
    }

    @Bean
    org.entente.server.policy.Administration administration(Node node) {
        return new org.entente.server.policy.Administration(node.policy());
    }

    @Bean
    Ingest ingest(Node node) {
        return node.ingest();
    }

    @Bean
    Ledger ledger(Node node) {
        return node.ledger();
    }

    @Bean
    org.entente.server.federation.Federation federation(Node node) {
        return node.federation();
    }

    /** Syncs with the peers on their schedule once the node is set up (see {@link #setup}). */
    @Bean(destroyMethod = "close")
    org.entente.server.federation.Scheduler scheduler(Node node, Clock clock) {
        java.util.Random random = new java.security.SecureRandom();
        return new org.entente.server.federation.Scheduler(
                node.federation(), node.settings().federation(), clock, random::nextDouble);
    }

    /** Stores sightings when their window has ended; closed before the node, so none is lost. */
    @Bean(destroyMethod = "close")
    org.entente.server.detection.SightingsFlusher sightingsFlusher(Node node) {
        return new org.entente.server.detection.SightingsFlusher(node.detection(), 10);
    }

    /**
     * First start: creates the API root, collections and admin, and prints the admin token once.
     */
    @Bean
    ApplicationRunner setup(
            Node node,
            org.entente.server.detection.DetectionSettings detectionSettings,
            org.entente.server.federation.Scheduler scheduler,
            org.entente.server.detection.SightingsFlusher sightings) {
        return args -> {
            NodeSetup.Outcome outcome = NodeSetup.ensure(node);
            if (node.settings().federation().enabled()) {
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
            node.detection().start(detectionSettings);
            sightings.start();
            LOG.info(
                    "Entente node ready: API root /taxii2/{}/ on {}",
                    node.settings().apiRoot(),
                    node.database().dialect());
        };
    }
}
