package org.entente.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.entente.server.agreement.AgreementDao;
import org.entente.server.agreement.Agreements;
import org.entente.server.auth.Passwords;
import org.entente.server.auth.PrincipalDao;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Tokens;
import org.entente.server.collection.Catalog;
import org.entente.server.collection.CollectionDao;
import org.entente.server.db.Database;
import org.entente.server.detection.Detection;
import org.entente.server.federation.Federation;
import org.entente.server.federation.Transport;
import org.entente.server.ingest.Deletions;
import org.entente.server.ingest.Ingest;
import org.entente.server.ledger.Ledger;
import org.entente.server.org.OrganisationDao;
import org.entente.server.org.Organisations;
import org.entente.server.policy.Disclosures;
import org.entente.server.policy.Policy;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.StatusDao;
import org.entente.stix.Validator;
import org.springframework.beans.BeansException;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The node's parts, as {@link NodeParts} wires them, in one handle: the command line and tools open
 * one of their own (no web stack; each part made when first used, the database at once), the
 * server's is a view of its application (every part made at its start). The use cases are what
 * adapters call; the DAOs are here for tests and tools that look inside.
 */
public final class Node implements AutoCloseable {
    private final ApplicationContext parts;
    private final boolean owned;

    private Node(ApplicationContext parts, boolean owned) {
        this.parts = parts;
        this.owned = owned;
    }

    /** The parts in a context of their own, with meters kept in memory and peers over the JDK. */
    public Node(NodeSettings settings, Clock clock) {
        this(settings, clock, new SimpleMeterRegistry(), Transport.JDK);
    }

    /**
     * The parts in a context of their own, which {@link #close} closes.
     *
     * @param transport makes the HTTP clients that talk to peers
     */
    public Node(NodeSettings settings, Clock clock, MeterRegistry meters, Transport transport) {
        this(start(settings, clock, meters, transport), true);
    }

    /** The parts of an application that imports {@link NodeParts}; closing leaves it running. */
    static Node of(ApplicationContext application) {
        return new Node(application, false);
    }

    private static ApplicationContext start(
            NodeSettings settings, Clock clock, MeterRegistry meters, Transport transport) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(NodeSettings.class, () -> settings);
        context.registerBean(Clock.class, () -> clock);
        context.registerBean(MeterRegistry.class, () -> meters);
        context.registerBean(Transport.class, () -> transport);
        context.register(NodeParts.class);
        // a command makes only the parts it uses (an 'org list' never compiles a pattern); the
        // database is opened, and migrated, at once
        context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor());
        try {
            context.refresh();
            context.getBean(Database.class);
        } catch (BeansException e) {
            context.close();
            throw unwrapped(e);
        }
        return context;
    }

    /** What the part itself said (the database is unreachable...), not the wiring's words. */
    private static RuntimeException unwrapped(BeansException e) {
        Throwable t = e;
        while (t instanceof BeansException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t.getMessage(), t);
    }

    /** Any part, by its type. */
    public <T> T part(Class<T> type) {
        try {
            return parts.getBean(type);
        } catch (BeansException e) {
            throw unwrapped(e);
        }
    }

    public NodeSettings settings() {
        return part(NodeSettings.class);
    }

    public Clock clock() {
        return part(Clock.class);
    }

    public Database database() {
        return part(Database.class);
    }

    public Validator validator() {
        return part(Validator.class);
    }

    public Policy policy() {
        return part(Policy.class);
    }

    public Disclosures disclosures() {
        return part(Disclosures.class);
    }

    public Ingest ingest() {
        return part(Ingest.class);
    }

    public Ledger ledger() {
        return part(Ledger.class);
    }

    /** The detection engine; {@link Detection#start} sets it going. */
    public Detection detection() {
        return part(Detection.class);
    }

    // ---- the use cases

    /** API roots, collections and the statuses of what was posted. */
    public Catalog catalog() {
        return part(Catalog.class);
    }

    /** The organisations' use cases (record, change, list). */
    public Organisations organisationUseCases() {
        return part(Organisations.class);
    }

    /** The principals' use cases (record, disable, enable, passwords, grants). */
    public Principals principalUseCases() {
        return part(Principals.class);
    }

    /** The tokens' use cases (create, issue, revoke) and their resolution on requests. */
    public Tokens tokens() {
        return part(Tokens.class);
    }

    /** HTTP Basic passwords: hashing, and checking with a short memory of what passed. */
    public Passwords passwords() {
        return part(Passwords.class);
    }

    /** The agreements' use cases (create, amend, lifecycle, and reading them). */
    public Agreements agreementUseCases() {
        return part(Agreements.class);
    }

    /** Deleting objects as the policy allows. */
    public Deletions deletions() {
        return part(Deletions.class);
    }

    /** Peers and the sync with them. */
    public Federation federation() {
        return part(Federation.class);
    }

    // ---- the DAOs, for tests and tools that look inside

    public CollectionDao collections() {
        return part(CollectionDao.class);
    }

    public ObjectDao objects() {
        return part(ObjectDao.class);
    }

    public StatusDao statuses() {
        return part(StatusDao.class);
    }

    public PrincipalDao principals() {
        return part(PrincipalDao.class);
    }

    public OrganisationDao organisations() {
        return part(OrganisationDao.class);
    }

    public AgreementDao agreements() {
        return part(AgreementDao.class);
    }

    /** Closes the parts (the database last) when this handle opened them. */
    @Override
    public void close() {
        if (owned && parts instanceof AnnotationConfigApplicationContext context) {
            context.close();
        }
    }
}
