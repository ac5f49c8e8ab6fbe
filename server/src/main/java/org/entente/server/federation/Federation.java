package org.entente.server.federation;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSession;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AgreementDao;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.PrincipalDao;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.collection.CollectionDao;
import org.entente.server.db.Database;
import org.entente.server.error.ApiException;
import org.entente.server.ingest.Ingest;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.OrganisationDao;
import org.entente.server.policy.Disclosures;
import org.entente.server.policy.Policy;
import org.entente.server.policy.ReadScope;
import org.entente.server.policy.WriteScope;

/**
 * Federation's use cases: record, list, test and remove peers, sync one now, and report its health.
 * The {@link Scheduler} calls {@link #sync} on its own schedule; the API and the CLI call it on
 * demand. Wired without a web stack, like the rest of {@code Node}.
 */
public final class Federation {
    /** Told when peers come and go (the scheduler). */
    public interface Listener {
        void added(Peer peer);

        void removed(Peer peer);
    }

    /** What a caller gives to record a peer. */
    public record NewPeer(
            String name,
            String organisation,
            Optional<String> agreement,
            Optional<String> principal,
            URI url,
            Optional<String> apiRoot,
            Peer.Credentials credentials,
            Optional<String> trustPem,
            Optional<Peer.ClientCertificate> clientCertificate,
            boolean pull,
            boolean push) {}

    /** A peer with its health, collections, latest events and refused pushes. */
    public record Status(
            Peer peer,
            Organisation organisation,
            Optional<Agreement> agreement,
            PeerDao.Health health,
            List<PeerCollection> collections,
            List<PeerDao.Event> events,
            List<PeerDao.PushFailure> failures,
            Optional<String> syncingNow) {}

    /** One check of {@code peer test}. */
    public record Check(String name, boolean ok, String detail) {}

    /** A collection the peer opens to us, and what our side makes of it. */
    public record Opened(
            String remoteId,
            Optional<String> alias,
            Optional<String> title,
            boolean canRead,
            boolean canWrite,
            Optional<String> local,
            String ourSide) {}

    public record TestReport(String peer, boolean ok, List<Check> checks, List<Opened> opened) {}

    private final Database db;
    private final PeerDao peers;
    private final PrincipalDao principals;
    private final OrganisationDao organisations;
    private final AgreementDao agreements;
    private final CollectionDao collections;
    private final Policy policy;
    private final Sync sync;
    private final FederationMetrics metrics;
    private final FederationSettings settings;
    private final String apiRoot;
    private final Clock clock;

    /**
     * Who this node is when it holds a peer's lease: the same across restarts (host and data
     * folder), so that a node killed during a run takes its lease back at once when it comes up.
     */
    private final String owner;

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public Federation(
            Database db,
            PeerDao peers,
            PrincipalDao principals,
            OrganisationDao organisations,
            AgreementDao agreements,
            CollectionDao collections,
            Policy policy,
            Disclosures disclosures,
            Ingest ingest,
            Transport transport,
            FederationSettings settings,
            String apiRoot,
            Clock clock,
            MeterRegistry meters,
            String owner) {
        this.owner = owner;
        this.db = db;
        this.peers = peers;
        this.principals = principals;
        this.organisations = organisations;
        this.agreements = agreements;
        this.collections = collections;
        this.policy = policy;
        this.settings = settings;
        this.apiRoot = apiRoot;
        this.clock = clock;
        this.metrics = new FederationMetrics(meters, peers, clock);
        this.sync =
                new Sync(
                        peers,
                        principals,
                        collections,
                        new Pull(db, peers, policy, ingest, settings, clock),
                        new Push(db, peers, policy, disclosures, settings, clock),
                        transport,
                        settings,
                        apiRoot,
                        clock,
                        metrics);
    }

    public FederationSettings settings() {
        return settings;
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** Records a peer; makes a principal for it (of its organisation) unless one is named. */
    public Peer add(NewPeer n) {
        Organisation org =
                organisations
                        .find(n.organisation())
                        .orElseThrow(
                                () ->
                                        ApiException.invalid(
                                                "organisation '"
                                                        + n.organisation()
                                                        + "' is not known: record it first"));
        if (org.kind() == OrgKind.LOCAL) {
            throw ApiException.invalid(
                    "a peer is another organisation's node, not the local agency's");
        }
        Optional<Agreement> agreement =
                n.agreement()
                        .map(
                                a ->
                                        agreements
                                                .byId(a)
                                                .or(
                                                        () ->
                                                                agreements.list().stream()
                                                                        .filter(
                                                                                x ->
                                                                                        x.title()
                                                                                                .equals(
                                                                                                        a))
                                                                        .findFirst())
                                                .orElseThrow(
                                                        () ->
                                                                ApiException.invalid(
                                                                        "there is no agreement '"
                                                                                + a
                                                                                + "'")));
        if (agreement.isPresent() && !agreement.get().parties().contains(org.id())) {
            throw ApiException.invalid(
                    org.name() + " is not a party to '" + agreement.get().title() + "'");
        }
        if (peers.find(n.name()).isPresent()) {
            throw ApiException.conflict("a peer named '" + n.name() + "' exists already");
        }
        Optional<NodePrincipal> named =
                n.principal()
                        .map(
                                name ->
                                        principals
                                                .byId(name)
                                                .or(() -> principals.byName(name))
                                                .orElseThrow(
                                                        () ->
                                                                ApiException.invalid(
                                                                        "there is no principal '"
                                                                                + name
                                                                                + "'")));
        if (named.isPresent() && !named.get().organisation().equals(org.orgId())) {
            throw ApiException.invalid(
                    "principal '" + named.get().name() + "' does not act for " + org.name());
        }
        String principalName = "peer-" + n.name();
        if (named.isEmpty() && principals.byName(principalName).isPresent()) {
            throw ApiException.conflict(
                    "a principal named '"
                            + principalName
                            + "' exists already: name it with --principal, or choose another"
                            + " peer name");
        }
        NodePrincipal principal =
                named.orElseGet(
                        () ->
                                new NodePrincipal(
                                        UUID.randomUUID().toString(),
                                        principalName,
                                        EnumSet.of(
                                                org.kind() == OrgKind.CONSTITUENT
                                                        ? Role.CONSTITUENT
                                                        : Role.PARTNER),
                                        false,
                                        org.orgId()));
        Peer peer;
        try {
            peer =
                    new Peer(
                            UUID.randomUUID().toString(),
                            n.name(),
                            org.id(),
                            agreement.map(Agreement::id),
                            principal.id(),
                            n.url(),
                            n.apiRoot(),
                            n.credentials(),
                            n.trustPem(),
                            n.clientCertificate(),
                            n.pull(),
                            n.push(),
                            true,
                            micros());
            PeerTls.context(peer.trustPem(), peer.clientCertificate());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
        db.inTransaction(
                () -> {
                    if (named.isEmpty()) {
                        principals.insert(principal, micros());
                    }
                    peers.insert(peer);
                });
        metrics.track(peer);
        listeners.forEach(l -> l.added(peer));
        return peer;
    }

    public List<Peer> list() {
        return peers.list();
    }

    public Optional<Peer> find(String idOrName) {
        return peers.find(idOrName);
    }

    public Peer require(String idOrName) {
        return peers.find(idOrName)
                .orElseThrow(() -> ApiException.notFound("there is no peer '" + idOrName + "'"));
    }

    /** Stops or resumes syncing a peer; its cursors and health stay. */
    public Peer setEnabled(String idOrName, boolean enabled) {
        Peer p = require(idOrName);
        db.inTransaction(() -> peers.setEnabled(p.id(), enabled));
        Peer now = require(p.id());
        for (Listener l : listeners) {
            if (enabled) {
                l.added(now);
            } else {
                l.removed(now);
            }
        }
        return now;
    }

    /** Forgets a peer, its cursors and events; what flowed stays in the ledger. */
    public void remove(String idOrName) {
        Peer p = require(idOrName);
        listeners.forEach(l -> l.removed(p));
        sync.forget(p.id());
        db.inTransaction(() -> peers.delete(p.id()));
        metrics.untrack(p);
    }

    /** Starts tracking the metrics of every recorded peer (at the server's start). */
    public void trackAll() {
        peers.list().forEach(metrics::track);
    }

    /** One run with the peer now, in this thread. */
    public RunReport sync(Peer peer) {
        return sync.run(peer, owner);
    }

    /**
     * One run now as a passer-by (the command line): under a lease of its own, so that a node
     * running meanwhile waits for it instead of running beside it.
     */
    public RunReport syncOnce(Peer peer) {
        return sync.run(peer, "once-" + UUID.randomUUID());
    }

    /** This node's name as a lease holder: its host and data folder. */
    public static String owner(java.nio.file.Path dataDir) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        String id = host + ":" + dataDir.toAbsolutePath().normalize();
        return id.length() > 64 ? id.substring(0, 24) + "..." + id.substring(id.length() - 37) : id;
    }

    public Status status(Peer peer) {
        long now = micros();
        return new Status(
                peer,
                organisations.byId(peer.organisationId()).orElseThrow(),
                peer.agreementId().flatMap(agreements::byId),
                peers.health(peer.id()),
                peers.collections(peer.id()),
                peers.events(peer.id(), 50),
                peers.failures(peer.id()),
                peers.leaseHolder(peer.id(), now));
    }

    /**
     * Checks a peer step by step: reachable, TLS as pinned, credentials accepted, the collections
     * it opens to us and what our side of the agreement lets flow through each.
     */
    public TestReport test(Peer peer) {
        List<Check> checks = new ArrayList<>();
        List<Opened> opened = new ArrayList<>();
        PeerClient client;
        try {
            client = sync.freshClient(peer);
        } catch (IllegalArgumentException e) {
            checks.add(new Check("tls", false, e.getMessage()));
            return new TestReport(peer.name(), false, checks, opened);
        }
        try {
            String title = client.discover();
            checks.add(
                    new Check(
                            "reachable",
                            true,
                            peer.url().getAuthority() + " answers as '" + title + "'"));
            client.lastSession().ifPresent(s -> checks.add(tls(peer, s)));
        } catch (PeerFailure f) {
            if (f.kind() == PeerFailure.Kind.UNAUTHENTICATED) {
                checks.add(new Check("reachable", true, peer.url().getAuthority() + " answers"));
                client.lastSession().ifPresent(s -> checks.add(tls(peer, s)));
            } else {
                checks.add(
                        new Check(
                                f.kind() == PeerFailure.Kind.TLS ? "tls" : "reachable",
                                false,
                                f.getMessage()));
                return new TestReport(peer.name(), false, checks, opened);
            }
        }
        try {
            PeerClient.RemoteRoot r = client.apiRoot();
            checks.add(
                    new Check(
                            "credentials",
                            true,
                            "accepted; API root '"
                                    + r.title()
                                    + "' at "
                                    + client.root()
                                    + ", max_content_length "
                                    + r.maxContentLength()));
        } catch (PeerFailure f) {
            checks.add(
                    new Check(
                            f.kind() == PeerFailure.Kind.TLS ? "tls" : "credentials",
                            false,
                            f.getMessage()));
            return new TestReport(peer.name(), false, checks, opened);
        }
        try {
            List<Collection> ours = collections.list(apiRoot);
            NodePrincipal principal = principals.byId(peer.principalId()).orElseThrow();
            for (PeerClient.RemoteCollection c : client.collections()) {
                Optional<Collection> local = Sync.map(c, ours);
                opened.add(
                        new Opened(
                                c.id(),
                                c.alias(),
                                c.title(),
                                c.canRead(),
                                c.canWrite(),
                                local.map(l -> l.alias().orElse(l.id())),
                                local.map(l -> ourSide(principal, l, peer))
                                        .orElse("not mapped to a collection of ours")));
            }
            checks.add(
                    new Check(
                            "collections",
                            !opened.isEmpty(),
                            opened.isEmpty()
                                    ? "the peer opens no collection to us (is its agreement with"
                                            + " us in force?)"
                                    : opened.size() + " opened to us"));
        } catch (PeerFailure f) {
            checks.add(new Check("collections", false, f.getMessage()));
        }
        Optional<String> why =
                principals.byId(peer.principalId()).flatMap(policy::whyNothingInForce);
        checks.add(
                new Check(
                        "agreement",
                        why.isEmpty(),
                        why.orElse("an agreement with the partner is in force on our side")));
        return new TestReport(peer.name(), checks.stream().allMatch(Check::ok), checks, opened);
    }

    private String ourSide(NodePrincipal principal, Collection local, Peer peer) {
        boolean receive = !(policy.write(principal, local) instanceof WriteScope.Nothing);
        boolean share = policy.read(principal, local) instanceof ReadScope.Shared;
        List<String> what = new ArrayList<>();
        if (receive && peer.pull()) {
            what.add("we pull from it");
        }
        if (share && peer.push()) {
            what.add("we push to it");
        }
        if (peer.push() && policy.feedback(principal, local).isPresent()) {
            what.add("our sightings go back to it");
        }
        return what.isEmpty()
                ? "nothing flows: no area of an agreement in force covers "
                        + local.area()
                        + " in a direction this peer is set up for"
                : String.join(", ", what);
    }

    private static Check tls(Peer peer, SSLSession s) {
        String subject = "";
        try {
            if (s.getPeerCertificates().length > 0
                    && s.getPeerCertificates()[0] instanceof X509Certificate x) {
                subject = ", certificate " + x.getSubjectX500Principal().getName();
            }
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            subject = "";
        }
        return new Check(
                "tls",
                true,
                s.getProtocol()
                        + " "
                        + s.getCipherSuite()
                        + subject
                        + (peer.trustPem().isPresent()
                                ? ", trusted as pinned"
                                : ", trusted through the JDK's CAs"));
    }

    private long micros() {
        var t = clock.instant();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** For the scheduler: the peer as recorded now. */
    Optional<Peer> current(String peerId) {
        return peers.find(Objects.requireNonNull(peerId));
    }
}
