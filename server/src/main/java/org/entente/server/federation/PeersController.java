package org.entente.server.federation;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.error.ApiException;
import org.entente.server.policy.Administration;
import org.entente.server.store.RefusalReason;
import org.entente.stix.Timestamps;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST API: peers, their test, "sync now", and their health. Admins change; others may look. */
@RestController
@RequestMapping("/api/v1")
class PeersController {
    private final Federation federation;
    private final Scheduler scheduler;
    private final Administration admin;
    private final Clock clock;

    PeersController(Federation federation, Scheduler scheduler, Administration admin, Clock clock) {
        this.federation = federation;
        this.scheduler = scheduler;
        this.admin = admin;
        this.clock = clock;
    }

    /** The most frequent reasons given per peer, kind or organisation. */
    static final int REASONS = 5;

    /** The longest window {@code GET /federation/refusals} counts over, in days. */
    static final int MAX_DAYS = 365;

    record ReasonResource(String reason, long count) {
        static List<ReasonResource> of(List<RefusalReason> reasons) {
            return reasons.stream().map(x -> new ReasonResource(x.text(), x.count())).toList();
        }
    }

    /** Objects refused with one peer one way: {@code refused} by us, or {@code rejected} by it. */
    record PeerRefusalsResource(
            String peer, String peerId, String kind, long count, List<ReasonResource> reasons) {}

    /** Objects an organisation sent to our TAXII server that we refused. */
    record WriteRefusalsResource(
            String organisation, String organisationId, long count, List<ReasonResource> reasons) {}

    record RefusalsResource(
            String since, List<PeerRefusalsResource> peers, List<WriteRefusalsResource> writes) {}

    /** What a caller sends to record a peer. Secrets go in, never come out. */
    record PeerRequest(
            String name,
            String organisation,
            String agreement,
            String principal,
            String url,
            String apiRoot,
            String token,
            String username,
            String password,
            String trustPem,
            String clientCertificatePem,
            String clientKeyPem,
            Boolean pull,
            Boolean push) {
        Federation.NewPeer peer() {
            if (name == null || organisation == null || url == null) {
                throw ApiException.invalid("a peer needs a name, an organisation and a url");
            }
            if (token != null && (username != null || password != null)) {
                throw ApiException.invalid("give a token or a username and password, not both");
            }
            if ((clientCertificatePem == null) != (clientKeyPem == null)) {
                throw ApiException.invalid(
                        "a client certificate needs both client_certificate_pem and"
                                + " client_key_pem");
            }
            try {
                Peer.Credentials credentials =
                        token != null
                                ? new Peer.Credentials.Token(token)
                                : username != null
                                        ? new Peer.Credentials.Basic(
                                                username, password == null ? "" : password)
                                        : new Peer.Credentials.None();
                return new Federation.NewPeer(
                        name,
                        organisation,
                        Optional.ofNullable(agreement),
                        Optional.ofNullable(principal),
                        URI.create(url),
                        Optional.ofNullable(apiRoot),
                        credentials,
                        Optional.ofNullable(trustPem),
                        clientCertificatePem == null
                                ? Optional.empty()
                                : Optional.of(
                                        new Peer.ClientCertificate(
                                                clientCertificatePem, clientKeyPem)),
                        pull == null || pull,
                        push == null || push);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(e.getMessage());
            }
        }
    }

    /** A peer as the API shows it: how we reach it, never the secrets. */
    record PeerResource(
            String id,
            String name,
            String organisationId,
            String agreementId,
            String principalId,
            String url,
            String apiRoot,
            String auth,
            boolean pinned,
            boolean clientCertificate,
            boolean pull,
            boolean push,
            boolean enabled) {
        static PeerResource of(Peer p) {
            return new PeerResource(
                    p.id(),
                    p.name(),
                    p.organisationId(),
                    p.agreementId().orElse(null),
                    p.principalId(),
                    p.url().toString(),
                    p.apiRoot().orElse(null),
                    p.credentials() instanceof Peer.Credentials.Token
                            ? "token"
                            : p.credentials() instanceof Peer.Credentials.Basic
                                    ? "basic"
                                    : "certificate",
                    p.trustPem().isPresent(),
                    p.clientCertificate().isPresent(),
                    p.pull(),
                    p.push(),
                    p.enabled());
        }
    }

    record CollectionHealth(
            String remoteId,
            String remoteAlias,
            String local,
            boolean canRead,
            boolean canWrite,
            String pulledUpTo,
            String pushedUpTo) {}

    record EventResource(
            String at, String kind, String collection, String objectId, String message) {}

    record PushFailureResource(
            String collection,
            String objectId,
            String version,
            String message,
            int attempts,
            String nextAttempt) {}

    /** A peer's health: when it last worked, how far behind we are, what went wrong and why. */
    record HealthResource(
            String peer,
            String id,
            String organisation,
            String agreement,
            String state,
            String lastAttempt,
            String lastSuccess,
            String caughtUpAt,
            String newestSeen,
            Double lagSeconds,
            long objectsReceived,
            long objectsRefused,
            long objectsSent,
            long objectsRejected,
            int consecutiveFailures,
            String nextRun,
            String syncingNow,
            List<CollectionHealth> collections,
            List<EventResource> events,
            List<PushFailureResource> pushFailures) {}

    @GetMapping("/peers")
    List<PeerResource> list(NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON, Role.AUDITOR);
        return federation.list().stream().map(PeerResource::of).toList();
    }

    @PostMapping("/peers")
    ResponseEntity<PeerResource> add(@RequestBody PeerRequest request, NodePrincipal principal) {
        admin.require(principal, Role.ADMIN);
        Peer p = federation.add(request.peer());
        return ResponseEntity.status(HttpStatus.CREATED).body(PeerResource.of(p));
    }

    @GetMapping("/peers/{id}")
    HealthResource one(@PathVariable String id, NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON, Role.AUDITOR);
        return health(federation.require(id), scheduler.nextRuns());
    }

    @DeleteMapping("/peers/{id}")
    ResponseEntity<Void> remove(@PathVariable String id, NodePrincipal principal) {
        admin.require(principal, Role.ADMIN);
        federation.remove(id);
        return ResponseEntity.noContent().build();
    }

    /** Stops syncing a peer, or resumes; cursors and health stay. */
    @PostMapping("/peers/{id}/{state:disable|enable}")
    PeerResource state(
            @PathVariable String id, @PathVariable String state, NodePrincipal principal) {
        admin.require(principal, Role.ADMIN);
        return PeerResource.of(federation.setEnabled(id, state.equals("enable")));
    }

    @PostMapping("/peers/{id}/test")
    Federation.TestReport test(@PathVariable String id, NodePrincipal principal) {
        admin.require(principal, Role.ADMIN);
        return federation.test(federation.require(id));
    }

    @PostMapping("/peers/{id}/sync")
    RunReport sync(@PathVariable String id, NodePrincipal principal) {
        admin.require(principal, Role.ADMIN);
        return scheduler.syncNow(federation.require(id));
    }

    @GetMapping("/federation/health")
    List<HealthResource> all(NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON, Role.AUDITOR);
        Map<String, Instant> next = scheduler.nextRuns();
        return federation.list().stream().map(p -> health(p, next)).toList();
    }

    /**
     * What was refused over the last {@code days} days (30 unless said, at most {@link #MAX_DAYS}):
     * with each peer each way, from its events; and of what other organisations sent to our TAXII
     * server. The dashboard's counts, for the same readers as the peers' health.
     */
    @GetMapping("/federation/refusals")
    RefusalsResource refusals(
            @RequestParam(name = "days", defaultValue = "30") String days,
            NodePrincipal principal) {
        admin.require(principal, Role.ADMIN, Role.LIAISON, Role.AUDITOR);
        int n;
        try {
            n = Integer.parseInt(days);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_DAYS) {
            throw ApiException.invalid(
                    "days must be a whole number from 1 to " + MAX_DAYS + ", not '" + days + "'");
        }
        Instant since = clock.instant().minus(java.time.Duration.ofDays(n));
        long sinceMicros = since.getEpochSecond() * 1_000_000L + since.getNano() / 1_000;
        Map<String, String> names = new java.util.HashMap<>();
        for (Peer p : federation.list()) {
            names.put(p.id(), p.name());
        }
        List<PeerRefusalsResource> peers =
                federation.refusals(sinceMicros, REASONS).stream()
                        .map(
                                r ->
                                        new PeerRefusalsResource(
                                                names.getOrDefault(r.peerId(), r.peerId()),
                                                r.peerId(),
                                                r.kind().name().toLowerCase(Locale.ROOT),
                                                r.count(),
                                                ReasonResource.of(r.reasons())))
                        .toList();
        List<WriteRefusalsResource> writes =
                federation.refusedWrites(sinceMicros, REASONS).stream()
                        .map(
                                w ->
                                        new WriteRefusalsResource(
                                                w.organisation(),
                                                w.organisationId(),
                                                w.count(),
                                                ReasonResource.of(w.reasons())))
                        .toList();
        return new RefusalsResource(Timestamps.formatMicros(sinceMicros), peers, writes);
    }

    private HealthResource health(Peer p, Map<String, Instant> nextRuns) {
        Federation.Status s = federation.status(p);
        PeerHealth h = s.health();
        long now = clock.millis() * 1000;
        OptionalLong lag = h.lagMicros(now);
        return new HealthResource(
                p.name(),
                p.id(),
                s.organisation().name(),
                s.agreement()
                        .map(a -> a.title() + " (" + a.statusAt(clock.instant()).key() + ")")
                        .orElse(null),
                h.state(p.enabled()).api(),
                time(h.lastAttemptAt()),
                time(h.lastSuccessAt()),
                time(h.caughtUpAt()),
                time(h.newestSeen()),
                lag.isPresent() ? lag.getAsLong() / 1e6 : null,
                h.received(),
                h.refused(),
                h.sent(),
                h.rejected(),
                h.failures(),
                Optional.ofNullable(nextRuns.get(p.id()))
                        .map(i -> Timestamps.formatMillis(i))
                        .orElse(null),
                s.syncingNow().orElse(null),
                s.collections().stream()
                        .map(
                                c ->
                                        new CollectionHealth(
                                                c.remoteId(),
                                                c.remoteAlias().orElse(null),
                                                c.localCollection().orElse(null),
                                                c.canRead(),
                                                c.canWrite(),
                                                c.pull().after().orElse(null),
                                                c.pushAfter() == 0
                                                        ? null
                                                        : Timestamps.formatMicros(c.pushAfter())))
                        .toList(),
                s.events().stream()
                        .map(
                                e ->
                                        new EventResource(
                                                Timestamps.formatMicros(e.at()),
                                                e.kind().name().toLowerCase(Locale.ROOT),
                                                e.remoteId().orElse(null),
                                                e.objectId().orElse(null),
                                                e.message()))
                        .toList(),
                s.failures().stream()
                        .map(
                                f ->
                                        new PushFailureResource(
                                                f.remoteId(),
                                                f.stixId(),
                                                f.version(),
                                                f.message(),
                                                f.attempts(),
                                                time(f.nextAttemptAt())))
                        .toList());
    }

    private static String time(OptionalLong micros) {
        return micros.isPresent() ? Timestamps.formatMicros(micros.getAsLong()) : null;
    }
}
