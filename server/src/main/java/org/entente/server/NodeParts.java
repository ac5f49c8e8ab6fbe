package org.entente.server;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.entente.server.agreement.AgreementDao;
import org.entente.server.agreement.Agreements;
import org.entente.server.auth.Passwords;
import org.entente.server.auth.PrincipalDao;
import org.entente.server.auth.Principals;
import org.entente.server.auth.TokenDao;
import org.entente.server.auth.Tokens;
import org.entente.server.collection.Catalog;
import org.entente.server.collection.CollectionDao;
import org.entente.server.console.ConsoleParts;
import org.entente.server.db.Database;
import org.entente.server.detection.Detection;
import org.entente.server.federation.FederationParts;
import org.entente.server.federation.FederationSettings;
import org.entente.server.federation.LeaseOwner;
import org.entente.server.federation.Secrets;
import org.entente.server.ingest.Committer;
import org.entente.server.ingest.Deletions;
import org.entente.server.ingest.Ingest;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.NodeIdentity;
import org.entente.server.org.OrganisationDao;
import org.entente.server.org.Organisations;
import org.entente.server.policy.Administration;
import org.entente.server.policy.AgreementRecorder;
import org.entente.server.policy.Disclosures;
import org.entente.server.policy.DryRun;
import org.entente.server.policy.Policy;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.StatusDao;
import org.entente.server.store.TallyDao;
import org.entente.server.store.WriteRefusalDao;
import org.entente.stix.Validator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The node's parts and who gets which: the one place they are wired (docs/adr/0010). The server
 * imports this into its web application; every other command and the tools load it alone, in a
 * context without a web stack ({@link Node}). Either way it needs four things from its host: the
 * {@link NodeSettings}, the {@link Clock}, a {@link MeterRegistry} and the {@code Transport} that
 * reaches peers.
 */
@Configuration(proxyBeanMethods = false)
@Import({FederationParts.class, ConsoleParts.class})
public class NodeParts {

    // ---- the database and its DAOs

    @Bean
    Database database(NodeSettings settings) {
        return Database.open(settings.database());
    }

    @Bean
    CollectionDao collectionDao(Database db) {
        return new CollectionDao(db);
    }

    @Bean
    ObjectDao objectDao(Database db) {
        return new ObjectDao(db);
    }

    @Bean
    StatusDao statusDao(Database db) {
        return new StatusDao(db);
    }

    @Bean
    WriteRefusalDao writeRefusalDao(Database db) {
        return new WriteRefusalDao(db);
    }

    @Bean
    PrincipalDao principalDao(Database db) {
        return new PrincipalDao(db);
    }

    @Bean
    TokenDao tokenDao(Database db) {
        return new TokenDao(db);
    }

    @Bean
    OrganisationDao organisationDao(Database db) {
        return new OrganisationDao(db);
    }

    @Bean
    AgreementDao agreementDao(Database db) {
        return new AgreementDao(db);
    }

    // ---- the policy, the ledger and the ways in and out

    @Bean
    Validator validator() {
        return Validator.withInstalledPatternChecker();
    }

    @Bean
    Policy policy(
            OrganisationDao organisations,
            AgreementDao agreements,
            PrincipalDao principals,
            Validator validator,
            Clock clock) {
        return new Policy(organisations, agreements, principals, validator, clock);
    }

    @Bean
    Administration administration(Policy policy) {
        return new Administration(policy);
    }

    @Bean
    Ledger ledger(Database db, NodeSettings settings, Clock clock) {
        return new Ledger(db, clock, new NodeIdentity(settings.title(), settings.contact()));
    }

    @Bean
    Disclosures disclosures(
            Database db,
            ObjectDao objects,
            OrganisationDao organisations,
            Ledger ledger,
            Validator validator,
            Clock clock) {
        return new Disclosures(objects, organisations, ledger, validator, clock);
    }

    @Bean
    Committer committer(
            Database db,
            ObjectDao objects,
            StatusDao statuses,
            WriteRefusalDao refusals,
            Ledger ledger,
            Clock clock,
            MeterRegistry meters) {
        return new Committer(db, objects, statuses, refusals, ledger, clock, meters);
    }

    @Bean
    Ingest ingest(
            Committer committer, ObjectDao objects, Validator validator, NodeSettings settings) {
        return new Ingest(committer, objects, validator, settings.chunkSize(), settings.limits());
    }

    @Bean
    Deletions deletions(Database db, ObjectDao objects, Policy policy) {
        return new Deletions(db, objects, policy);
    }

    // ---- the use cases the adapters share

    @Bean
    Catalog catalog(
            CollectionDao collections, StatusDao statuses, NodeSettings settings, Clock clock) {
        return new Catalog(collections, statuses, settings.apiRoot(), clock);
    }

    @Bean
    Organisations organisations(Database db, OrganisationDao organisations, Clock clock) {
        return new Organisations(db, organisations, clock);
    }

    @Bean
    Passwords passwords(PrincipalDao principals, NodeSettings settings, MeterRegistry meters) {
        return new Passwords(principals, settings.auth(), Ticker.systemTicker(), meters);
    }

    @Bean
    Principals principals(
            Database db,
            PrincipalDao principals,
            OrganisationDao organisations,
            Catalog catalog,
            Passwords passwords,
            Clock clock) {
        return new Principals(db, principals, organisations, catalog, passwords, clock);
    }

    @Bean
    Tokens tokens(Database db, TokenDao tokens, Principals principals, Clock clock) {
        return new Tokens(db, tokens, principals, clock);
    }

    /** Every change of an agreement is recorded in the ledger, in the change's transaction. */
    @Bean
    Agreements agreements(
            Database db,
            AgreementDao agreements,
            OrganisationDao organisations,
            Ledger ledger,
            Clock clock) {
        Agreements use = new Agreements(db, agreements, organisations, clock);
        use.listen(new AgreementRecorder(ledger));
        return use;
    }

    /** What an agreement would share before it is activated or amended (issue 11 item 5). */
    @Bean
    DryRun dryRun(
            Policy policy,
            OrganisationDao organisations,
            Catalog catalog,
            ObjectDao objects,
            Clock clock) {
        return new DryRun(policy, organisations, catalog, new TallyDao(objects), clock);
    }

    @Bean
    Detection detection(
            ObjectDao objects,
            CollectionDao collections,
            OrganisationDao organisations,
            Ingest ingest,
            Policy policy,
            NodeSettings settings,
            Clock clock,
            MeterRegistry meters) {
        return new Detection(
                new Detection.Parts(objects, collections, organisations, ingest, policy),
                settings.detection(),
                clock,
                meters);
    }

    // ---- what federation takes from the node's settings (its parts: FederationParts)

    @Bean
    FederationSettings federationSettings(NodeSettings settings) {
        return settings.federation();
    }

    /** Peer credentials sealed at rest; the key file is read (or made) on first use. */
    @Bean
    Secrets secrets(NodeSettings settings) {
        return Secrets.open(settings.federation().secretsKey(), settings.dataDir());
    }

    @Bean
    LeaseOwner leaseOwner(NodeSettings settings) {
        return LeaseOwner.node(settings.dataDir());
    }
}
