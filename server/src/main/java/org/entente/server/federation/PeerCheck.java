package org.entente.server.federation;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.collection.Catalog;
import org.entente.server.collection.Collection;
import org.entente.server.policy.Policy;
import org.entente.server.policy.ReadScope;
import org.entente.server.policy.WriteScope;

/** {@code peer test}: what an operator checks before trusting a peer to sync. */
final class PeerCheck {
    private final Remotes remotes;
    private final Catalog catalog;
    private final Principals principals;
    private final Policy policy;

    PeerCheck(Remotes remotes, Catalog catalog, Principals principals, Policy policy) {
        this.remotes = remotes;
        this.catalog = catalog;
        this.principals = principals;
        this.policy = policy;
    }

    /**
     * Checks a peer step by step: reachable, TLS as pinned, credentials accepted, the collections
     * it opens to us and what our side of the agreement lets flow through each.
     */
    Federation.TestReport test(Peer peer) {
        List<Federation.Check> checks = new ArrayList<>();
        List<Federation.Opened> opened = new ArrayList<>();
        PeerClient client;
        try {
            client = remotes.freshClient(peer);
        } catch (IllegalArgumentException e) {
            checks.add(new Federation.Check("tls", false, e.getMessage()));
            return new Federation.TestReport(peer.name(), false, checks, opened);
        }
        try {
            String title = client.discover();
            checks.add(
                    new Federation.Check(
                            "reachable",
                            true,
                            peer.url().getAuthority() + " answers as '" + title + "'"));
            client.lastSession().ifPresent(s -> checks.add(tls(peer, s)));
        } catch (PeerFailure f) {
            if (f.kind() == PeerFailure.Kind.UNAUTHENTICATED) {
                checks.add(
                        new Federation.Check(
                                "reachable", true, peer.url().getAuthority() + " answers"));
                client.lastSession().ifPresent(s -> checks.add(tls(peer, s)));
            } else {
                checks.add(
                        new Federation.Check(
                                f.kind() == PeerFailure.Kind.TLS ? "tls" : "reachable",
                                false,
                                f.getMessage()));
                return new Federation.TestReport(peer.name(), false, checks, opened);
            }
        }
        try {
            PeerClient.RemoteRoot r = client.apiRoot();
            checks.add(
                    new Federation.Check(
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
                    new Federation.Check(
                            f.kind() == PeerFailure.Kind.TLS ? "tls" : "credentials",
                            false,
                            f.getMessage()));
            return new Federation.TestReport(peer.name(), false, checks, opened);
        }
        try {
            List<Collection> ours = catalog.list();
            NodePrincipal principal = principals.require(peer.principalId());
            for (PeerClient.RemoteCollection c : client.collections()) {
                Optional<Collection> local = Remotes.map(c, ours);
                opened.add(
                        new Federation.Opened(
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
                    new Federation.Check(
                            "collections",
                            !opened.isEmpty(),
                            opened.isEmpty()
                                    ? "the peer opens no collection to us (is its agreement with"
                                            + " us in force?)"
                                    : opened.size() + " opened to us"));
        } catch (PeerFailure f) {
            checks.add(new Federation.Check("collections", false, f.getMessage()));
        }
        Optional<String> why =
                principals.find(peer.principalId()).flatMap(policy::whyNothingInForce);
        checks.add(
                new Federation.Check(
                        "agreement",
                        why.isEmpty(),
                        why.orElse("an agreement with the partner is in force on our side")));
        return new Federation.TestReport(
                peer.name(), checks.stream().allMatch(Federation.Check::ok), checks, opened);
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

    private static Federation.Check tls(Peer peer, SSLSession s) {
        String subject = "";
        try {
            if (s.getPeerCertificates().length > 0
                    && s.getPeerCertificates()[0] instanceof X509Certificate x) {
                subject = ", certificate " + x.getSubjectX500Principal().getName();
            }
        } catch (SSLPeerUnverifiedException e) {
            subject = "";
        }
        return new Federation.Check(
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
}
