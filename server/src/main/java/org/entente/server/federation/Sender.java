package org.entente.server.federation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.entente.server.store.Outgoing;
import org.entente.stix.Timestamps;

/**
 * Sends objects to a peer's collection in envelopes within its {@code max_content_length}, follows
 * each status resource to completion, and says what the peer accepted and what it refused and why.
 * What may be sent is decided before: this only carries it.
 */
final class Sender {
    private static final long ENVELOPE_OVERHEAD = "{\"objects\":[]}".length();

    private final FederationSettings settings;

    Sender(FederationSettings settings) {
        this.settings = settings;
    }

    /** What the peer answered for the objects sent. */
    static final class Answer {
        final List<Outgoing> accepted = new ArrayList<>();
        final Map<Outgoing, String> refused = new HashMap<>();
    }

    Answer post(Exchange x, List<Outgoing> items) {
        long maxContent = x.maxContentLength();
        Answer answer = new Answer();
        List<Outgoing> batch = new ArrayList<>();
        long size = ENVELOPE_OVERHEAD;
        for (Outgoing o : items) {
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
                send(x, batch, answer);
                batch.clear();
                size = ENVELOPE_OVERHEAD;
            }
            batch.add(o);
            size += bytes;
        }
        if (!batch.isEmpty()) {
            send(x, batch, answer);
        }
        return answer;
    }

    private void send(Exchange x, List<Outgoing> batch, Answer answer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"objects\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(batch.get(i).body());
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        PeerClient client = x.client();
        PeerClient.RemoteStatus status =
                follow(client, client.post(x.remoteId(), out.toByteArray()));
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
        for (Outgoing o : batch) {
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

    /**
     * Polls a pending status resource until it is complete or the status timeout passes. NB: the
     * pauses wait on the peer, which no clock of ours can hurry.
     */
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
}
