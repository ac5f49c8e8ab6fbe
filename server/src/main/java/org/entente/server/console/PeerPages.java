package org.entente.server.console;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.error.ApiException;
import org.entente.server.federation.Federation;
import org.entente.server.federation.Peer;
import org.entente.server.federation.PeerEvent;
import org.entente.server.federation.PeerHealth;
import org.entente.server.federation.PushFailure;
import org.entente.server.federation.RunReport;
import org.entente.server.federation.Scheduler;
import org.entente.server.policy.Administration;

/**
 * The peers page's reads and actions (issue 11 item 7), through the use cases the REST API's {@code
 * /api/v1/peers} endpoints call ({@link Federation}, {@link Scheduler#syncNow}) and with their
 * rules: admins, liaison officers and auditors look; only admins test and sync.
 */
final class PeerPages {
    /** The latest problems shown with each peer (the REST API's health lists more). */
    static final int PROBLEMS_SHOWN = 5;

    static final List<Role> READERS = List.of(Role.ADMIN, Role.LIAISON, Role.AUDITOR);

    private final Federation federation;
    private final Scheduler scheduler;
    private final Principals principals;
    private final Administration admin;
    private final Clock clock;

    PeerPages(
            Federation federation,
            Scheduler scheduler,
            Principals principals,
            Administration admin,
            Clock clock) {
        this.federation = Objects.requireNonNull(federation, "federation");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.principals = Objects.requireNonNull(principals, "principals");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A peer as the page shows it: the REST API's health, with times as instants.
     *
     * @param state {@code ok}, {@code failing}, {@code disabled} or {@code notYet} (never run), as
     *     the REST API's health says it
     * @param lagSeconds how far the newest object pulled from it is behind now
     * @param problems the latest events that are not plain flow: errors, refusals, stops
     */
    record Row(
            Peer peer,
            String organisation,
            Optional<String> agreement,
            String state,
            Optional<Instant> lastAttempt,
            Optional<Instant> lastSuccess,
            Optional<Long> lagSeconds,
            PeerHealth health,
            Optional<Instant> nextRun,
            Optional<String> syncingNow,
            List<Problem> problems,
            List<PushFailure> pushFailures) {
        Row {
            Objects.requireNonNull(peer, "peer");
            problems = List.copyOf(problems);
            pushFailures = List.copyOf(pushFailures);
        }
    }

    /** One event of a peer worth a look, its kind as a message key's end. */
    record Problem(Instant at, String kind, String message) {}

    NodePrincipal reader(SignIns.Person person) {
        NodePrincipal p = principals.require(person.principalId());
        admin.require(p, READERS.toArray(Role[]::new));
        return p;
    }

    static boolean mayRead(SignIns.Person person) {
        return READERS.stream().anyMatch(person.roles()::contains);
    }

    /** Admins only, as {@code POST /api/v1/peers/{id}/test} and {@code /sync}. */
    NodePrincipal operator(SignIns.Person person) {
        NodePrincipal p = principals.require(person.principalId());
        admin.require(p, Role.ADMIN);
        return p;
    }

    List<Row> list(SignIns.Person person) {
        reader(person);
        Map<String, Instant> next = scheduler.nextRuns();
        return federation.list().stream()
                .sorted(Comparator.comparing(Peer::name))
                .map(p -> row(p, next))
                .toList();
    }

    Row one(SignIns.Person person, String id) {
        reader(person);
        return row(peer(id), scheduler.nextRuns());
    }

    Federation.TestReport test(SignIns.Person person, String id) {
        operator(person);
        return federation.test(peer(id));
    }

    RunReport sync(SignIns.Person person, String id) {
        operator(person);
        return scheduler.syncNow(peer(id));
    }

    /** A peer by id; anything else, also a name, is not found (the REST API takes names too). */
    private Peer peer(String id) {
        if (id == null || id.length() > 64) {
            throw ApiException.notFound("there is no such peer");
        }
        return federation.list().stream()
                .filter(p -> p.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("there is no such peer"));
    }

    private Row row(Peer p, Map<String, Instant> nextRuns) {
        Federation.Status s = federation.status(p);
        PeerHealth h = s.health();
        OptionalLong lag = h.lagMicros(clock.millis() * 1000);
        List<Problem> problems = new ArrayList<>();
        for (PeerEvent e : s.events()) {
            if (problems.size() == PROBLEMS_SHOWN) {
                break;
            }
            problems.add(
                    new Problem(
                            Intelligence.instant(e.at()),
                            e.kind().name().toLowerCase(java.util.Locale.ROOT),
                            e.message()));
        }
        return new Row(
                p,
                s.organisation().name(),
                s.agreement().map(a -> a.title()),
                h.state(p.enabled()).key(),
                time(h.lastAttemptAt()),
                time(h.lastSuccessAt()),
                lag.isPresent() ? Optional.of(lag.getAsLong() / 1_000_000) : Optional.empty(),
                h,
                Optional.ofNullable(nextRuns.get(p.id())),
                s.syncingNow(),
                problems,
                s.failures());
    }

    private static Optional<Instant> time(OptionalLong micros) {
        return micros.isPresent()
                ? Optional.of(Intelligence.instant(micros.getAsLong()))
                : Optional.empty();
    }
}
