package org.entente.server.federation;

import org.entente.server.agreement.Agreements;
import org.entente.server.org.Organisations;

/** A peer's health as the API and the command line show it, read in one place. */
final class PeerStatuses {
    /** The latest events shown with a peer's health. */
    static final int EVENTS_SHOWN = 50;

    private final Runs runs;
    private final PeerCollectionDao cursors;
    private final PushFailureDao failures;
    private final Organisations organisations;
    private final Agreements agreements;

    PeerStatuses(
            Runs runs,
            PeerCollectionDao cursors,
            PushFailureDao failures,
            Organisations organisations,
            Agreements agreements) {
        this.runs = runs;
        this.cursors = cursors;
        this.failures = failures;
        this.organisations = organisations;
        this.agreements = agreements;
    }

    Federation.Status of(Peer peer) {
        return new Federation.Status(
                peer,
                organisations.require(peer.organisationId()),
                peer.agreementId().flatMap(agreements::find),
                runs.health(peer),
                cursors.collections(peer.id()),
                runs.events(peer, EVENTS_SHOWN),
                failures.list(peer.id()),
                runs.holder(peer));
    }

    java.util.List<Refusals> refusals(long sinceMicros, int top) {
        return runs.refusals(sinceMicros, top);
    }
}
