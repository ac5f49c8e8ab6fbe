package org.entente.server.federation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.Collection;
import org.entente.server.db.Database;
import org.entente.server.policy.Disclosures;
import org.entente.server.policy.FeedbackScope;
import org.entente.server.policy.Policy;
import org.entente.server.policy.ReadScope;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.Page;
import org.entente.server.store.StoredObject;
import org.entente.server.store.VersionFilter;
import org.entente.stix.Timestamps;

/**
 * Pushes to a peer what our agreements share with its organisation, and our sightings of what it
 * sent us where an area asks for feedback.
 *
 * <p>What goes is decided by the one policy every way out uses: the page is read through {@link
 * Disclosures} as the peer's principal, which records each object in the ledger. Each envelope's
 * status resource is followed to completion; objects the peer refused are retried with backoff. The
 * push cursor (our date_added) moves once the peer's answer for a page is recorded; a page sent
 * whose answer was lost (the node died) is first checked against the peer's manifest, so what the
 * peer already holds is not sent again.
 */
final class Push {
    /** Attempts at an object the peer refused, the first included, before giving up. */
    static final int MAX_ATTEMPTS = 5;

    private final Database db;
    private final PeerDao peers;
    private final Policy policy;
    private final Disclosures disclosures;
    private final FederationSettings settings;
    private final Clock clock;

    Push(
            Database db,
            PeerDao peers,
            Policy policy,
            Disclosures disclosures,
            FederationSettings settings,
            Clock clock) {
        this.db = db;
        this.peers = peers;
        this.policy = policy;
        this.disclosures = disclosures;
        this.settings = settings;
        this.clock = clock;
    }

    /** What the peer answered for the objects sent. */
    private static final class Answer {
        final List<StoredObject> accepted = new ArrayList<>();
        final Map<StoredObject, String> refused = new HashMap<>();
    }

    void run(
            Peer peer,
            NodePrincipal principal,
            PeerCollection pc,
            Collection local,
            PeerClient client,
            long maxContentLength,
            Tally tally,
            List<PeerDao.Event> events) {
        retry(peer, principal, pc, local, client, maxContentLength, tally, events);
        long after = pc.pushAfter();
        boolean pending = pc.pushPending().isPresent();
        for (int pages = 0; pages < settings.maxPagesPerRun(); pages++) {
            ReadScope scope = policy.read(principal, local);
            if (!(scope instanceof ReadScope.Shared)) {
                return; // nothing of this collection goes to them; not an event, the usual case
            }
            // not what came from the peer's own organisation: it holds that already
            ObjectQuery page =
                    ObjectQuery.all(local.id(), settings.pageSize())
                            .after(after)
                            .notFrom(peer.organisationId());
            // which objects the page holds, without reading or disclosing them yet
            Page<StoredObject> manifest = disclosures.manifest(scope, page);
            if (manifest.items().isEmpty()) {
                return;
            }
            long upTo = manifest.last();
            Set<String> ids = new LinkedHashSet<>();
            manifest.items().forEach(o -> ids.add(o.id()));
            if (pending && pc.canRead()) {
                // the answer for this page may have been lost: skip what the peer holds
                Set<String> held;
                try {
                    held = client.held(pc.remoteId(), List.copyOf(ids));
                } catch (PeerFailure e) {
                    held = Set.of(); // send it all again: the peer answers "already held"
                }
                for (StoredObject o : manifest.items()) {
                    if (held.contains(o.id() + "|" + o.version())) {
                        ids.remove(o.id());
                    }
                }
            }
            Answer answer = new Answer();
            if (!ids.isEmpty()) {
                peers.pushPending(peer.id(), pc.remoteId(), upTo);
                ObjectQuery send =
                        page.upTo(upTo)
                                .limit(manifest.items().size())
                                .ids(pending ? ids : Set.of());
                // read through the one way out: the ledger records each object here
                Page<StoredObject> out = disclosures.readObjects(principal, scope, send);
                answer = post(client, pc, out.items(), maxContentLength);
            }
            long from = after;
            Answer a = answer;
            long now = micros();
            db.inTransaction(
                    () -> {
                        peers.advancePush(
                                peer.id(),
                                pc.remoteId(),
                                from,
                                upTo,
                                a.accepted.size(),
                                a.refused.size());
                        for (Map.Entry<StoredObject, String> r : a.refused.entrySet()) {
                            peers.pushFailed(
                                    peer.id(),
                                    pc.remoteId(),
                                    r.getKey().id(),
                                    r.getKey().version(),
                                    r.getValue(),
                                    1,
                                    OptionalLong.of(now + retryDelay(1).toNanos() / 1000),
                                    now);
                        }
                    });
            tally.sent += a.accepted.size();
            tally.rejected += a.refused.size();
            rejected(peer, pc, a, events);
            after = upTo;
            pending = false;
            if (!manifest.more()) {
                return;
            }
        }
    }

    /** Sends again, once due, what the peer refused before. */
    private void retry(
            Peer peer,
            NodePrincipal principal,
            PeerCollection pc,
            Collection local,
            PeerClient client,
            long maxContentLength,
            Tally tally,
            List<PeerDao.Event> events) {
        long now = micros();
        List<PeerDao.PushFailure> due = peers.dueFailures(peer.id(), pc.remoteId(), now, 100);
        if (due.isEmpty()) {
            return;
        }
        ReadScope scope = policy.read(principal, local);
        List<StoredObject> again = new ArrayList<>();
        Map<String, PeerDao.PushFailure> byKey = new HashMap<>();
        List<PeerDao.PushFailure> gone = new ArrayList<>();
        for (PeerDao.PushFailure f : due) {
            ObjectQuery q =
                    ObjectQuery.object(
                                    local.id(),
                                    f.stixId(),
                                    new VersionFilter(
                                            false,
                                            false,
                                            false,
                                            List.of(Timestamps.sortKey(f.version()))))
                            .limit(1)
                            .notFrom(peer.organisationId());
            List<StoredObject> found =
                    scope instanceof ReadScope.Shared
                            ? disclosures.readObjects(principal, scope, q).items()
                            : List.of();
            if (found.isEmpty()) {
                gone.add(f);
            } else {
                again.addAll(found);
                byKey.put(f.stixId() + "|" + f.version(), f);
            }
        }
        Answer a = post(client, pc, again, maxContentLength);
        long at = micros();
        db.inTransaction(
                () -> {
                    for (PeerDao.PushFailure f : gone) {
                        // no longer ours to send (the agreement changed, the object was deleted)
                        peers.pushSucceeded(peer.id(), pc.remoteId(), f.stixId(), f.version());
                    }
                    for (StoredObject o : a.accepted) {
                        peers.pushSucceeded(peer.id(), pc.remoteId(), o.id(), o.version());
                    }
                    for (Map.Entry<StoredObject, String> r : a.refused.entrySet()) {
                        PeerDao.PushFailure f =
                                byKey.get(r.getKey().id() + "|" + r.getKey().version());
                        int attempts = f == null ? MAX_ATTEMPTS : f.attempts() + 1;
                        peers.pushFailed(
                                peer.id(),
                                pc.remoteId(),
                                r.getKey().id(),
                                r.getKey().version(),
                                r.getValue(),
                                attempts,
                                attempts >= MAX_ATTEMPTS
                                        ? OptionalLong.empty()
                                        : OptionalLong.of(
                                                at + retryDelay(attempts).toNanos() / 1000),
                                at);
                    }
                    peers.countSent(peer.id(), a.accepted.size(), 0);
                });
        tally.sent += a.accepted.size();
        rejected(peer, pc, a, events);
    }

    /** Our sightings of what the peer sent us, where an area of ours asks for feedback. */
    void feedback(
            Peer peer,
            NodePrincipal principal,
            PeerCollection pc,
            Collection local,
            PeerClient client,
            long maxContentLength,
            Tally tally,
            List<PeerDao.Event> events) {
        long after = pc.feedbackAfter();
        for (int pages = 0; pages < settings.maxPagesPerRun(); pages++) {
            Optional<FeedbackScope> scope = policy.feedback(principal, local);
            if (scope.isEmpty()) {
                return;
            }
            Disclosures.FeedbackPage page =
                    disclosures.feedback(
                            principal,
                            scope.get(),
                            ObjectQuery.all(local.id(), settings.pageSize()).after(after));
            Answer a = post(client, pc, page.items(), maxContentLength);
            long from = after;
            long upTo = page.readUpTo();
            if (upTo != from) {
                db.inTransaction(
                        () ->
                                peers.advanceFeedback(
                                        peer.id(), pc.remoteId(), from, upTo, a.accepted.size()));
            }
            tally.sent += a.accepted.size();
            tally.feedback += a.accepted.size();
            tally.rejected += a.refused.size();
            rejected(peer, pc, a, events);
            after = upTo;
            if (!page.more()) {
                return;
            }
        }
    }

    private void rejected(Peer peer, PeerCollection pc, Answer a, List<PeerDao.Event> events) {
        long at = micros();
        for (Map.Entry<StoredObject, String> r : a.refused.entrySet()) {
            events.add(
                    new PeerDao.Event(
                            peer.id(),
                            at,
                            PeerDao.Event.Kind.REJECTED,
                            Optional.of(pc.remoteId()),
                            Optional.of(r.getKey().id()),
                            "the peer refused " + r.getKey().id() + ": " + r.getValue()));
        }
    }

    /**
     * Sends objects in envelopes within the peer's {@code max_content_length} and follows each
     * status resource to completion.
     */
    private Answer post(
            PeerClient client, PeerCollection pc, List<StoredObject> items, long maxContent) {
        Answer answer = new Answer();
        List<StoredObject> batch = new ArrayList<>();
        long size = ENVELOPE_OVERHEAD;
        for (StoredObject o : items) {
            long bytes = o.body().length + 1L;
            if (bytes + ENVELOPE_OVERHEAD > maxContent) {
                answer.refused.put(
                        o,
                        "not sent: "
                                + o.body().length
                                + " bytes, more than the peer's max_content_length "
                                + maxContent);
                continue;
            }
            if (size + bytes > maxContent && !batch.isEmpty()) {
                send(client, pc, batch, answer);
                batch.clear();
                size = ENVELOPE_OVERHEAD;
            }
            batch.add(o);
            size += bytes;
        }
        if (!batch.isEmpty()) {
            send(client, pc, batch, answer);
        }
        return answer;
    }

    private static final long ENVELOPE_OVERHEAD = "{\"objects\":[]}".length();

    private void send(
            PeerClient client, PeerCollection pc, List<StoredObject> batch, Answer answer) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes("{\"objects\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(batch.get(i).body());
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        PeerClient.RemoteStatus status =
                follow(client, client.post(pc.remoteId(), out.toByteArray()));
        Map<String, String> failed = new HashMap<>();
        for (PeerClient.StatusLine l : status.failures()) {
            failed.put(key(l.id(), l.version()), l.message().orElse("refused, no reason given"));
        }
        Set<String> pendingKeys = new HashSet<>();
        if (!status.complete()) {
            for (PeerClient.StatusLine l : status.pendings()) {
                pendingKeys.add(key(l.id(), l.version()));
            }
        }
        for (StoredObject o : batch) {
            String k = key(o.id(), o.version());
            if (failed.containsKey(k)) {
                answer.refused.put(o, failed.get(k));
            } else if (pendingKeys.contains(k)) {
                answer.refused.put(
                        o,
                        "still pending at the peer after "
                                + settings.statusTimeout().toSeconds()
                                + " s");
            } else {
                answer.accepted.add(o);
            }
        }
    }

    /** Polls a pending status resource until it is complete or the status timeout passes. */
    private PeerClient.RemoteStatus follow(PeerClient client, PeerClient.RemoteStatus status) {
        long deadline = System.nanoTime() + settings.statusTimeout().toNanos();
        long pause = 100;
        PeerClient.RemoteStatus s = status;
        while (!s.complete() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return s;
            }
            pause = Math.min(2_000, pause * 2);
            s = client.status(s.id());
        }
        return s;
    }

    private static String key(String id, String version) {
        return id
                + "|"
                + (Timestamps.problem(version) == null ? Timestamps.sortKey(version) : version);
    }

    /** After the n-th refusal: 1, 4, 16, 64 minutes. */
    static Duration retryDelay(int attempts) {
        return Duration.ofMinutes(1L << (2 * Math.min(attempts - 1, 3)));
    }

    private long micros() {
        var t = clock.instant();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
