package org.entente.server.federation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.Agreements;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.db.Database;
import org.entente.server.error.ApiException;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;

/**
 * The peers this node knows: recording one (with the principal it acts as here, made through {@link
 * Principals} like every principal), finding, enabling and disabling, removing. Each change is one
 * transaction; listeners (the scheduler) hear of peers that come and go.
 */
final class PeerRegistry {
    private final Database db;
    private final PeerDao peers;
    private final Organisations organisations;
    private final Agreements agreements;
    private final Principals principals;
    private final Clock clock;
    private final List<Federation.Listener> listeners = new CopyOnWriteArrayList<>();

    PeerRegistry(
            Database db,
            PeerDao peers,
            Organisations organisations,
            Agreements agreements,
            Principals principals,
            Clock clock) {
        this.db = db;
        this.peers = peers;
        this.organisations = organisations;
        this.agreements = agreements;
        this.principals = principals;
        this.clock = clock;
    }

    void listen(Federation.Listener listener) {
        listeners.add(listener);
    }

    /**
     * Records a peer of an outside organisation, and the principal it acts as unless one of that
     * organisation is named: {@code peer-NAME}, partner or constituent as its organisation is. All
     * is checked before anything is written, and written in one transaction.
     */
    Peer add(Federation.NewPeer n) {
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
                                                .find(a)
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
        Optional<NodePrincipal> named = n.principal().map(name -> principal(name, org));
        String principalName = "peer-" + n.name();
        if (named.isEmpty() && principals.named(principalName).isPresent()) {
            throw ApiException.conflict(
                    "a principal named '"
                            + principalName
                            + "' exists already: name it with --principal, or choose another"
                            + " peer name");
        }
        String id = UUID.randomUUID().toString();
        long now = micros(clock.instant());
        // checked before anything is written; the principal's id is known once it is recorded
        Peer checked = peer(id, n, org, agreement, named.map(NodePrincipal::id).orElse(id), now);
        Peer peer =
                db.inTransaction(
                        () -> {
                            String principal =
                                    named.map(NodePrincipal::id)
                                            .orElseGet(() -> newPrincipal(principalName, org));
                            Peer p =
                                    principal.equals(checked.principalId())
                                            ? checked
                                            : peer(id, n, org, agreement, principal, now);
                            peers.insert(p);
                            return p;
                        });
        listeners.forEach(l -> l.added(peer));
        return peer;
    }

    /** A principal named for a peer: recorded, and acting for the peer's organisation. */
    private NodePrincipal principal(String idOrName, Organisation org) {
        NodePrincipal p =
                principals
                        .find(idOrName)
                        .orElseThrow(
                                () ->
                                        ApiException.invalid(
                                                "there is no principal '" + idOrName + "'"));
        if (!p.organisation().equals(org.orgId())) {
            throw ApiException.invalid(
                    "principal '" + p.name() + "' does not act for " + org.name());
        }
        return p;
    }

    /** The principal a new peer acts as: of its organisation, partner or constituent as it is. */
    private String newPrincipal(String name, Organisation org) {
        Role role = org.kind() == OrgKind.CONSTITUENT ? Role.CONSTITUENT : Role.PARTNER;
        return principals
                .create(
                        new Principals.NewPrincipal(
                                name,
                                Optional.of(org.id()),
                                Set.of(role),
                                Optional.empty(),
                                Optional.empty()))
                .id();
    }

    private static Peer peer(
            String id,
            Federation.NewPeer n,
            Organisation org,
            Optional<Agreement> agreement,
            String principalId,
            long now) {
        try {
            Peer p =
                    new Peer(
                            id,
                            n.name(),
                            org.id(),
                            agreement.map(Agreement::id),
                            principalId,
                            n.url(),
                            n.apiRoot(),
                            n.credentials(),
                            n.trustPem(),
                            n.clientCertificate(),
                            n.pull(),
                            n.push(),
                            true,
                            now);
            PeerTls.context(p.trustPem(), p.clientCertificate());
            return p;
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }

    List<Peer> list() {
        return peers.list();
    }

    Optional<Peer> find(String idOrName) {
        return peers.find(idOrName);
    }

    Peer require(String idOrName) {
        return peers.find(idOrName)
                .orElseThrow(() -> ApiException.notFound("there is no peer '" + idOrName + "'"));
    }

    /** Stops or resumes syncing a peer; its cursors and health stay. */
    Peer setEnabled(String idOrName, boolean enabled) {
        Peer p = require(idOrName);
        db.inTransaction(() -> peers.setEnabled(p.id(), enabled));
        Peer now = require(p.id());
        for (Federation.Listener l : listeners) {
            if (enabled) {
                l.added(now);
            } else {
                l.removed(now);
            }
        }
        return now;
    }

    /** Forgets a peer, its cursors and events; what flowed stays in the ledger. */
    Peer remove(String idOrName) {
        Peer p = require(idOrName);
        listeners.forEach(l -> l.removed(p));
        db.inTransaction(() -> peers.delete(p.id()));
        return p;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
