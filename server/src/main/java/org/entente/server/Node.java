package org.entente.server;

import java.time.Clock;
import org.entente.server.auth.PrincipalDao;
import org.entente.server.auth.TokenDao;
import org.entente.server.auth.Tokens;
import org.entente.server.collection.CollectionDao;
import org.entente.server.db.Database;
import org.entente.server.ingest.Ingest;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.NodeIdentity;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.StatusDao;
import org.entente.stix.Validator;

/**
 * The node's parts wired together without a web stack: the server exposes them as beans, the CLI
 * uses them directly. One wiring, so both behave the same.
 */
public final class Node implements AutoCloseable {
    private final NodeSettings settings;
    private final Clock clock;
    private final Database database;
    private final CollectionDao collections;
    private final ObjectDao objects;
    private final StatusDao statuses;
    private final PrincipalDao principals;
    private final Tokens tokens;
    private final org.entente.server.auth.Passwords passwords;
    private final org.entente.server.auth.Principals principalUseCases;
    private final org.entente.server.org.OrganisationDao organisations;
    private final org.entente.server.org.Organisations organisationUseCases;
    private final org.entente.server.agreement.AgreementDao agreements;
    private final org.entente.server.policy.Policy policy;
    private final org.entente.server.policy.Disclosures disclosures;
    private final org.entente.server.detection.Detection detection;
    private final org.entente.server.agreement.Agreements agreementUseCases;
    private final Validator validator;
    private final Ingest ingest;
    private final Ledger ledger;
    private final org.entente.server.federation.Federation federation;

    public Node(NodeSettings settings, Clock clock) {
        this(settings, clock, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    public Node(
            NodeSettings settings,
            Clock clock,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this(settings, clock, meters, org.entente.server.federation.Transport.JDK);
    }

    /**
     * @param transport makes the HTTP clients that talk to peers
     */
    public Node(
            NodeSettings settings,
            Clock clock,
            io.micrometer.core.instrument.MeterRegistry meters,
            org.entente.server.federation.Transport transport) {
        this.settings = settings;
        this.clock = clock;
        this.database = Database.open(settings.database());
        this.collections = new CollectionDao(database);
        this.objects = new ObjectDao(database);
        this.statuses = new StatusDao(database);
        this.principals = new PrincipalDao(database);
        this.organisations = new org.entente.server.org.OrganisationDao(database);
        this.organisationUseCases =
                new org.entente.server.org.Organisations(database, organisations, clock);
        this.passwords =
                new org.entente.server.auth.Passwords(
                        principals,
                        settings.auth(),
                        com.github.benmanes.caffeine.cache.Ticker.systemTicker(),
                        meters);
        this.principalUseCases =
                new org.entente.server.auth.Principals(
                        database,
                        principals,
                        organisations,
                        collections,
                        passwords,
                        settings.apiRoot(),
                        clock);
        this.tokens = new Tokens(database, new TokenDao(database), principalUseCases, clock);
        this.agreements = new org.entente.server.agreement.AgreementDao(database);
        this.validator = Validator.withInstalledPatternChecker();
        this.policy =
                new org.entente.server.policy.Policy(
                        organisations, agreements, principals, validator, clock);
        this.ledger =
                new Ledger(database, clock, new NodeIdentity(settings.title(), settings.contact()));
        this.disclosures =
                new org.entente.server.policy.Disclosures(
                        database, objects, organisations, ledger, validator, clock);
        this.agreementUseCases =
                new org.entente.server.agreement.Agreements(
                        database, agreements, organisations, clock);
        this.agreementUseCases.listen(new org.entente.server.policy.AgreementRecorder(ledger));
        this.ingest =
                new Ingest(
                        database,
                        objects,
                        statuses,
                        validator,
                        clock,
                        settings.chunkSize(),
                        meters,
                        ledger,
                        settings.limits());
        this.federation =
                new org.entente.server.federation.Federation(
                        database,
                        new org.entente.server.federation.PeerDao(
                                database,
                                org.entente.server.federation.Secrets.open(
                                        settings.federation().secretsKey(), settings.dataDir())),
                        principals,
                        organisations,
                        agreements,
                        collections,
                        policy,
                        disclosures,
                        ingest,
                        transport,
                        settings.federation(),
                        settings.apiRoot(),
                        clock,
                        meters,
                        org.entente.server.federation.Federation.owner(settings.dataDir()));
        this.detection =
                new org.entente.server.detection.Detection(
                        objects, collections, organisations, ingest, policy, clock, meters);
    }

    /** The detection engine; {@link org.entente.server.detection.Detection#start} sets it going. */
    public org.entente.server.detection.Detection detection() {
        return detection;
    }

    public NodeSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public Database database() {
        return database;
    }

    public CollectionDao collections() {
        return collections;
    }

    public ObjectDao objects() {
        return objects;
    }

    public StatusDao statuses() {
        return statuses;
    }

    public PrincipalDao principals() {
        return principals;
    }

    /** The tokens' use cases (create, issue, revoke) and their resolution on requests. */
    public Tokens tokens() {
        return tokens;
    }

    /** HTTP Basic passwords: hashing, and checking with a short memory of what passed. */
    public org.entente.server.auth.Passwords passwords() {
        return passwords;
    }

    /** The principals' use cases (record, disable, enable, passwords, grants). */
    public org.entente.server.auth.Principals principalUseCases() {
        return principalUseCases;
    }

    /** The organisations' use cases (record, change, list). */
    public org.entente.server.org.Organisations organisationUseCases() {
        return organisationUseCases;
    }

    public org.entente.server.org.OrganisationDao organisations() {
        return organisations;
    }

    public org.entente.server.agreement.AgreementDao agreements() {
        return agreements;
    }

    public org.entente.server.policy.Policy policy() {
        return policy;
    }

    public org.entente.server.policy.Disclosures disclosures() {
        return disclosures;
    }

    /** The agreements' use cases (create, amend, lifecycle). */
    public org.entente.server.agreement.Agreements agreementUseCases() {
        return agreementUseCases;
    }

    public Validator validator() {
        return validator;
    }

    public Ingest ingest() {
        return ingest;
    }

    public Ledger ledger() {
        return ledger;
    }

    /** Peers and the sync with them. */
    public org.entente.server.federation.Federation federation() {
        return federation;
    }

    @Override
    public void close() {
        database.close();
    }
}
