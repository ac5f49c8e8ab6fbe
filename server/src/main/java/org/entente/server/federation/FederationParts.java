package org.entente.server.federation;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.entente.server.agreement.Agreements;
import org.entente.server.auth.Principals;
import org.entente.server.collection.Catalog;
import org.entente.server.db.Database;
import org.entente.server.ingest.Ingest;
import org.entente.server.org.Organisations;
import org.entente.server.policy.Disclosures;
import org.entente.server.policy.Policy;
import org.entente.server.store.WriteRefusalDao;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Federation's parts and who gets which, imported by the node's {@code NodeParts}: the DAOs of the
 * peers' tables, the parts of a run (pull, push and the answers to it, the peers' side kept between
 * runs) and the use cases on top ({@link Federation}). It takes from the node its database, its
 * policy and ways in and out, the use cases of organisations, agreements, principals and the
 * catalog, and the {@link FederationSettings}, {@link Secrets}, {@link LeaseOwner} and {@link
 * Transport} the node gives it.
 */
@Configuration(proxyBeanMethods = false)
public class FederationParts {

    @Bean
    PeerDao peerDao(Database db, Secrets secrets) {
        return new PeerDao(db, secrets);
    }

    @Bean
    PeerCollectionDao peerCollectionDao(Database db) {
        return new PeerCollectionDao(db);
    }

    @Bean
    PushFailureDao pushFailureDao(Database db) {
        return new PushFailureDao(db);
    }

    @Bean
    PeerEventDao peerEventDao(Database db) {
        return new PeerEventDao(db);
    }

    @Bean
    FederationMetrics federationMetrics(MeterRegistry meters, PeerDao peers, Clock clock) {
        return new FederationMetrics(meters, peers, clock);
    }

    @Bean
    Remotes remotes(
            PeerCollectionDao cursors,
            Catalog catalog,
            Transport transport,
            FederationSettings settings,
            Clock clock) {
        return new Remotes(cursors, catalog, transport, settings, clock);
    }

    @Bean
    Runs runs(PeerDao peers, PeerEventDao events, FederationSettings settings, Clock clock) {
        return new Runs(peers, events, settings, clock);
    }

    @Bean
    Pull pull(
            Database db,
            PeerCollectionDao cursors,
            PeerDao peers,
            Policy policy,
            Ingest ingest,
            FederationSettings settings) {
        return new Pull(db, cursors, peers, policy, ingest, settings);
    }

    @Bean
    Answers answers(
            Database db,
            PushFailureDao failures,
            PeerDao peers,
            Disclosures disclosures,
            FederationSettings settings,
            Clock clock) {
        return new Answers(db, failures, peers, disclosures, new Sender(settings), clock);
    }

    @Bean
    Push push(
            Database db,
            PeerCollectionDao cursors,
            Answers answers,
            Policy policy,
            Disclosures disclosures,
            FederationSettings settings) {
        return new Push(db, cursors, answers, policy, disclosures, settings);
    }

    @Bean
    Sync sync(
            Runs runs, Principals principals, Remotes remotes, Pull pull, Push push, Clock clock) {
        return new Sync(runs, principals, remotes, pull, push, clock);
    }

    @Bean
    PeerRegistry peerRegistry(
            Database db,
            PeerDao peers,
            Organisations organisations,
            Agreements agreements,
            Principals principals,
            Clock clock) {
        return new PeerRegistry(db, peers, organisations, agreements, principals, clock);
    }

    @Bean
    PeerStatuses peerStatuses(
            Runs runs,
            PeerCollectionDao cursors,
            PushFailureDao failures,
            Organisations organisations,
            Agreements agreements) {
        return new PeerStatuses(runs, cursors, failures, organisations, agreements);
    }

    @Bean
    PeerCheck peerCheck(Remotes remotes, Catalog catalog, Principals principals, Policy policy) {
        return new PeerCheck(remotes, catalog, principals, policy);
    }

    @Bean
    Federation federation(
            PeerRegistry registry,
            PeerStatuses statuses,
            PeerCheck check,
            Sync sync,
            FederationMetrics metrics,
            LeaseOwner owner,
            WriteRefusalDao writeRefusals) {
        return new Federation(registry, statuses, check, sync, metrics, owner, writeRefusals);
    }
}
