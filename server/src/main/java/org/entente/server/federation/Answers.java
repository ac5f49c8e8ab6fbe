package org.entente.server.federation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.entente.server.db.Database;
import org.entente.server.policy.Disclosures;
import org.entente.server.policy.ReadScope;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.Outgoing;
import org.entente.server.store.VersionFilter;
import org.entente.stix.Timestamps;

/**
 * What peers answer to our pushes: the objects they accepted and refused are counted on the peer,
 * each refusal is kept and the object sent again with backoff (1, 4, 16, 64 minutes) until the peer
 * takes it or {@link #MAX_ATTEMPTS} are spent, and every refusal is told as an event.
 */
final class Answers {
    /** Attempts at an object the peer refused, the first included, before giving up. */
    static final int MAX_ATTEMPTS = 5;

    private final Database db;
    private final PushFailureDao failures;
    private final PeerDao peers;
    private final Disclosures disclosures;
    private final Sender sender;
    private final Clock clock;

    Answers(
            Database db,
            PushFailureDao failures,
            PeerDao peers,
            Disclosures disclosures,
            Sender sender,
            Clock clock) {
        this.db = db;
        this.failures = failures;
        this.peers = peers;
        this.disclosures = disclosures;
        this.sender = sender;
        this.clock = clock;
    }

    /** Sends objects to the exchange's collection at the peer; what it answered. */
    Sender.Answer send(Exchange x, List<Outgoing> objects) {
        return sender.post(x, objects);
    }

    /**
     * Records what the peer answered to objects sent for the first time: the counts, and each
     * refusal to retry; in the caller's transaction, which moves the push cursor over them.
     */
    void record(Exchange x, Sender.Answer a) {
        long now = micros(clock.instant());
        peers.countSent(x.peer().id(), a.accepted.size(), a.refused.size());
        for (Map.Entry<Outgoing, String> r : a.refused.entrySet()) {
            failures.save(
                    new PushFailure(
                            x.peer().id(),
                            x.remoteId(),
                            r.getKey().id(),
                            r.getKey().version(),
                            r.getValue(),
                            1,
                            OptionalLong.of(now + retryDelay(1).toNanos() / 1000)),
                    now);
        }
    }

    /**
     * Counts the sightings the peer accepted as feedback; in the transaction that moves the
     * feedback cursor. Refused feedback is told as an event, not retried.
     */
    void countFeedback(Exchange x, Sender.Answer a) {
        peers.countSent(x.peer().id(), a.accepted.size(), 0);
    }

    /** Tells each refusal as an event of the run. */
    void tell(Exchange x, Sender.Answer a) {
        for (Map.Entry<Outgoing, String> r : a.refused.entrySet()) {
            x.event(
                    PeerEvent.Kind.REJECTED,
                    Optional.of(r.getKey().id()),
                    PeerEvent.rejected(r.getKey().id(), r.getValue()));
        }
    }

    /**
     * Sends again, once due, what the peer refused before, read anew under {@code scope} (asked for
     * only when something is due): an object no longer ours to send (the agreement changed, the
     * object was deleted) is dropped from the retries.
     */
    void retry(Exchange x, Supplier<ReadScope> scope) {
        List<PushFailure> due =
                failures.due(x.peer().id(), x.remoteId(), micros(clock.instant()), 100);
        if (due.isEmpty()) {
            return;
        }
        ReadScope read = scope.get();
        List<Outgoing> again = new ArrayList<>();
        Map<String, PushFailure> byKey = new HashMap<>();
        List<PushFailure> gone = new ArrayList<>();
        for (PushFailure f : due) {
            List<Outgoing> found =
                    read instanceof ReadScope.Shared shared
                            ? disclosures.disclose(x.principal(), shared, query(x, f)).items()
                            : List.of();
            if (found.isEmpty()) {
                gone.add(f);
            } else {
                again.addAll(found);
                byKey.put(f.stixId() + "|" + f.version(), f);
            }
        }
        Sender.Answer a = sender.post(x, again);
        long at = micros(clock.instant());
        db.inTransaction(
                () -> {
                    for (PushFailure f : gone) {
                        failures.succeeded(x.peer().id(), x.remoteId(), f.stixId(), f.version());
                    }
                    for (Outgoing o : a.accepted) {
                        failures.succeeded(x.peer().id(), x.remoteId(), o.id(), o.version());
                    }
                    for (Map.Entry<Outgoing, String> r : a.refused.entrySet()) {
                        PushFailure before =
                                byKey.get(r.getKey().id() + "|" + r.getKey().version());
                        int attempts = before == null ? MAX_ATTEMPTS : before.attempts() + 1;
                        failures.save(
                                new PushFailure(
                                        x.peer().id(),
                                        x.remoteId(),
                                        r.getKey().id(),
                                        r.getKey().version(),
                                        r.getValue(),
                                        attempts,
                                        attempts >= MAX_ATTEMPTS
                                                ? OptionalLong.empty()
                                                : OptionalLong.of(
                                                        at
                                                                + retryDelay(attempts).toNanos()
                                                                        / 1000)),
                                at);
                    }
                    peers.countSent(x.peer().id(), a.accepted.size(), 0);
                });
        x.tally().sent += a.accepted.size();
        tell(x, a);
    }

    /** The version a refusal names, if the peer's organisation did not send it itself. */
    private static ObjectQuery query(Exchange x, PushFailure f) {
        return ObjectQuery.object(
                        x.local().id(),
                        f.stixId(),
                        new VersionFilter(
                                false, false, false, List.of(Timestamps.sortKey(f.version()))))
                .limit(1)
                .notFrom(x.peer().organisationId());
    }

    /** After the n-th refusal: 1, 4, 16, 64 minutes. */
    static Duration retryDelay(int attempts) {
        return Duration.ofMinutes(1L << (2 * Math.min(attempts - 1, 3)));
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
