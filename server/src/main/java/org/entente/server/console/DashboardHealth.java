package org.entente.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.federation.Federation;
import org.entente.server.federation.PeerEvent;
import org.entente.server.federation.Refusals;
import org.entente.server.ledger.Ledger;
import org.entente.server.store.RefusedWrites;

/**
 * The dashboard's watch over the node. For those who may read peers ({@link PeerPages#READERS}, as
 * {@code GET /api/v1/federation/health}): each peer's state, last success, failures and lag, the
 * peers page's own rows ({@link PeerPages#list}, whose state and lag are {@link
 * org.entente.server.federation.PeerHealth}'s, as the REST API's); and per peer what was refused
 * each way in the last {@link #REFUSALS}, with the most frequent reasons, and per organisation what
 * it sent to our TAXII server that we refused ({@link Federation#refusedWrites}). For the ledger's
 * readers ({@link Intelligence#LEDGER_READERS}, as the ledger's pages): its head and the last
 * verification started from the console on this node. Every read here is bounded whatever the
 * number of objects: the peers' rows and events (at most 500 kept per peer), the refused writes (at
 * most 500 kept per organisation), two rows of the ledger.
 */
final class DashboardHealth {
    /** The window of the refusals counted. */
    static final Duration REFUSALS = Duration.ofDays(30);

    /** The reasons shown per peer and kind of refusal. */
    static final int REASONS_SHOWN = 5;

    /** One peer's refusals each way; either may be empty (none in the window). */
    record PeerRefusals(
            String peerId,
            String peer,
            String organisation,
            Optional<Refusals> refused,
            Optional<Refusals> rejected) {
        PeerRefusals {
            Objects.requireNonNull(peerId, "peerId");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(organisation, "organisation");
            Objects.requireNonNull(refused, "refused");
            Objects.requireNonNull(rejected, "rejected");
        }

        public long refusedCount() {
            return refused.map(Refusals::count).orElse(0L);
        }

        public long rejectedCount() {
            return rejected.map(Refusals::count).orElse(0L);
        }
    }

    /**
     * The peers' part.
     *
     * @param refusals the peers that refused or were refused anything in the window, by name
     * @param refused all objects peers sent that we refused in the window
     * @param rejected all objects of ours peers refused in the window
     * @param writes the organisations whose writes to our TAXII server we refused anything of in
     *     the window, by name
     * @param written all objects other organisations sent to our TAXII server that we refused in
     *     the window
     */
    record Peers(
            List<PeerPages.Row> rows,
            List<PeerRefusals> refusals,
            long refused,
            long rejected,
            List<RefusedWrites> writes,
            long written) {
        Peers {
            rows = List.copyOf(rows);
            refusals = List.copyOf(refusals);
            writes = List.copyOf(writes);
        }
    }

    /**
     * The ledger's part.
     *
     * @param entries how many entries the global chain holds as its head records it (its last
     *     position; a verification checks that they are all there)
     * @param lastCheck the latest verification of the whole ledger started from the console on this
     *     node that ended, if one is kept ({@link LedgerChecks})
     */
    record LedgerState(
            long entries,
            String headHash,
            Optional<Instant> lastEntry,
            Optional<LedgerChecks.Check> lastCheck) {
        LedgerState {
            Objects.requireNonNull(headHash, "headHash");
            Objects.requireNonNull(lastEntry, "lastEntry");
            Objects.requireNonNull(lastCheck, "lastCheck");
        }
    }

    private final PeerPages peers;
    private final Federation federation;
    private final Ledger ledger;
    private final LedgerChecks checks;
    private final Principals principals;
    private final Clock clock;

    DashboardHealth(
            PeerPages peers,
            Federation federation,
            Ledger ledger,
            LedgerChecks checks,
            Principals principals,
            Clock clock) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.federation = Objects.requireNonNull(federation, "federation");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.checks = Objects.requireNonNull(checks, "checks");
        this.principals = Objects.requireNonNull(principals, "principals");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Empty for a person who may not read peers: the sections are not shown at all. */
    Optional<Peers> peers(SignIns.Person person) {
        NodePrincipal viewer = principals.require(person.principalId());
        if (Collections.disjoint(viewer.roles(), PeerPages.READERS)) {
            return Optional.empty();
        }
        List<PeerPages.Row> rows = peers.list(person);
        long since = Intelligence.micros(clock.instant().minus(REFUSALS));
        Map<String, Refusals> refused = new HashMap<>();
        Map<String, Refusals> rejected = new HashMap<>();
        long refusedAll = 0;
        long rejectedAll = 0;
        for (Refusals r : federation.refusals(since, REASONS_SHOWN)) {
            if (r.kind() == PeerEvent.Kind.REFUSED) {
                refused.put(r.peerId(), r);
                refusedAll += r.count();
            } else {
                rejected.put(r.peerId(), r);
                rejectedAll += r.count();
            }
        }
        List<PeerRefusals> refusals = new ArrayList<>();
        for (PeerPages.Row row : rows) {
            String id = row.peer().id();
            if (refused.containsKey(id) || rejected.containsKey(id)) {
                refusals.add(
                        new PeerRefusals(
                                id,
                                row.peer().name(),
                                row.organisation(),
                                Optional.ofNullable(refused.get(id)),
                                Optional.ofNullable(rejected.get(id))));
            }
        }
        List<RefusedWrites> written = federation.refusedWrites(since, REASONS_SHOWN);
        long writtenAll = written.stream().mapToLong(RefusedWrites::count).sum();
        return Optional.of(new Peers(rows, refusals, refusedAll, rejectedAll, written, writtenAll));
    }

    /** Empty for a person who may not read the ledger. Never starts a verification. */
    Optional<LedgerState> ledger(SignIns.Person person) {
        NodePrincipal viewer = principals.require(person.principalId());
        if (Collections.disjoint(viewer.roles(), Intelligence.LEDGER_READERS)) {
            return Optional.empty();
        }
        Ledger.Head head = ledger.head();
        return Optional.of(
                new LedgerState(
                        head.seq(),
                        head.hash(),
                        head.lastAtMicros().isPresent()
                                ? Optional.of(Intelligence.instant(head.lastAtMicros().getAsLong()))
                                : Optional.empty(),
                        checks.latestWhole()));
    }
}
