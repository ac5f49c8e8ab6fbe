package org.entente.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.ledger.ExchangeRow;
import org.entente.server.ledger.Ledger;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's flows: per partner agency or constituent and area of cooperation, the object
 * versions sent and received in the last 30 and 90 days, from the ledger's exchange report (the
 * same figures as {@code entente ledger report} over those days). Shown to the ledger's readers
 * only ({@link Intelligence#LEDGER_READERS}), as the ledger's pages are.
 *
 * <p>A count reads every entry of 90 days and every version their listings name once, the last 30
 * days' marked in the same read ({@link Ledger#reportTotals(long, long, long)}; seconds once
 * partners have paged a large collection a few times), so it is never made on a request's thread
 * (ADR 0028, as ADR 0018 for what is withheld). One figure is kept per node, labelled with the
 * ledger's head it was counted at. A view shows it with its time and starts a count on this class's
 * one worker when the ledger has grown since, but not sooner after the last count ended than {@link
 * #PAUSE} times that count's duration (so counting takes at most a tenth of one core however often
 * the dashboard is viewed), or when the figure is older than {@link #MAX_AGE} (the windows move
 * with no new entry). A failed count is tried again only after {@link #MAX_AGE}.
 */
final class DashboardFlows implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardFlows.class);

    static final Duration SHORT = Duration.ofDays(30);
    static final Duration LONG = Duration.ofDays(90);

    /**
     * After a count, the ledger's growth starts the next one after this many times its duration.
     */
    static final int PAUSE = 9;

    /**
     * How old a figure may be before a view starts counting again, though the ledger has not grown.
     */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    /** One organisation and area: what went each way in the two windows. */
    record Flow(
            String organisation,
            String area,
            ExchangeRow.Flow lastShort,
            ExchangeRow.Flow lastLong) {
        Flow {
            Objects.requireNonNull(organisation, "organisation");
            Objects.requireNonNull(area, "area");
            Objects.requireNonNull(lastShort, "lastShort");
            Objects.requireNonNull(lastLong, "lastLong");
        }
    }

    /** The rows, busiest first, and a chart of the long window per organisation. */
    record Flows(List<Flow> rows, ReportChart chart) {
        Flows {
            rows = List.copyOf(rows);
            Objects.requireNonNull(chart, "chart");
        }
    }

    /**
     * A count: the ledger's head before it read, when it started and how long it took; the flows,
     * or the id of the error it failed with.
     */
    record Figures(
            long head, Instant at, Duration took, Optional<Flows> flows, Optional<String> failure) {
        Figures {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(took, "took");
            Objects.requireNonNull(flows, "flows");
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * What a view shows.
     *
     * @param figures the last count, if any has ended
     * @param counting whether a count is running now (a newer figure is coming)
     * @param ageMinutes how old the figures are, in whole minutes
     */
    record View(Optional<Figures> figures, boolean counting, long ageMinutes) {
        View {
            Objects.requireNonNull(figures, "figures");
        }
    }

    /** What a count reads of the ledger; the node's {@link Ledger}, or a test's stand-in. */
    interface Source {
        long head();

        /** {@link Ledger#reportTotals(long, long, long)}. */
        Ledger.RecentTotals reportTotals(long fromMicros, long recentFromMicros, long toMicros);

        static Source of(Ledger ledger) {
            Objects.requireNonNull(ledger, "ledger");
            return new Source() {
                @Override
                public long head() {
                    return ledger.head().seq();
                }

                @Override
                public Ledger.RecentTotals reportTotals(
                        long fromMicros, long recentFromMicros, long toMicros) {
                    return ledger.reportTotals(fromMicros, recentFromMicros, toMicros);
                }
            };
        }
    }

    private final Source ledger;
    private final Organisations organisations;
    private final Principals principals;
    private final Clock clock;
    private final BackgroundCount worker = new BackgroundCount("entente-dashboard-flows");
    private volatile Figures kept;

    DashboardFlows(Ledger ledger, Organisations organisations, Principals principals, Clock clock) {
        this(Source.of(ledger), organisations, principals, clock);
    }

    DashboardFlows(Source ledger, Organisations organisations, Principals principals, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.organisations = Objects.requireNonNull(organisations, "organisations");
        this.principals = Objects.requireNonNull(principals, "principals");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Empty for a person who may not read the ledger: the section is not shown at all. Else the
     * kept figure, a count started if due.
     */
    Optional<View> of(SignIns.Person person) {
        NodePrincipal viewer = principals.require(person.principalId());
        if (Collections.disjoint(viewer.roles(), Intelligence.LEDGER_READERS)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Figures f = kept;
        if (due(f, ledger.head(), now)) {
            worker.start(this::count);
        }
        return Optional.of(
                new View(
                        Optional.ofNullable(f),
                        worker.running(),
                        f == null ? 0 : Math.max(0, Duration.between(f.at(), now).toMinutes())));
    }

    /** Whether a view at {@code now}, the ledger's head at {@code head}, starts a count. */
    static boolean due(Figures f, long head, Instant now) {
        if (f == null || !now.isBefore(f.at().plus(MAX_AGE))) {
            return true;
        }
        Instant ended = f.at().plus(f.took());
        return f.failure().isEmpty()
                && f.head() != head
                && !now.isBefore(ended.plus(f.took().multipliedBy(PAUSE)));
    }

    private void count() {
        Instant at = clock.instant();
        long started = System.nanoTime();
        long head = -1;
        Optional<Flows> flows = Optional.empty();
        Optional<String> failure = Optional.empty();
        try {
            head = ledger.head();
            flows = Optional.of(flows(at));
        } catch (RuntimeException | Error e) {
            // an Error too (an exhausted stack, a class that fails to link): kept as a failure, so
            // that views wait MAX_AGE before counting again rather than each starting a count
            String errorId = UUID.randomUUID().toString();
            LOG.error("counting the dashboard's flows failed, error {}", errorId, e);
            failure = Optional.of(errorId);
            if (e instanceof Error error) {
                throw error; // kept first (finally)
            }
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            kept = new Figures(head, at, took, flows, failure);
        }
    }

    private Flows flows(Instant now) {
        Map<String, String> names = new HashMap<>();
        for (Organisation o : organisations.list()) {
            names.put(o.id(), o.name());
        }
        Ledger.RecentTotals report =
                ledger.reportTotals(micros(now.minus(LONG)), micros(now.minus(SHORT)), micros(now));
        Map<List<String>, ExchangeRow.Flow> lastShort = perNameAndArea(report.recent(), names);
        Map<List<String>, ExchangeRow.Flow> lastLong = perNameAndArea(report.period(), names);
        List<Flow> rows = new ArrayList<>();
        Map<String, ExchangeRow.Flow> perOrganisation = new TreeMap<>();
        for (Map.Entry<List<String>, ExchangeRow.Flow> e : lastLong.entrySet()) {
            String organisation = e.getKey().get(0);
            rows.add(
                    new Flow(
                            organisation,
                            e.getKey().get(1),
                            lastShort.getOrDefault(e.getKey(), ExchangeRow.Flow.NONE),
                            e.getValue()));
            perOrganisation.merge(organisation, e.getValue(), LedgerPages::plus);
        }
        rows.sort(
                (a, b) ->
                        Long.compare(
                                b.lastLong().sentObjects() + b.lastLong().receivedObjects(),
                                a.lastLong().sentObjects() + a.lastLong().receivedObjects()));
        return new Flows(rows, ReportChart.of(perOrganisation));
    }

    /** A report's rows summed over their quarters per (name, area). */
    private static Map<List<String>, ExchangeRow.Flow> perNameAndArea(
            List<ExchangeRow> report, Map<String, String> names) {
        Map<List<String>, ExchangeRow.Flow> out = new LinkedHashMap<>();
        for (ExchangeRow r : report) {
            List<String> key =
                    List.of(names.getOrDefault(r.orgId(), r.orgId()), r.area().orElse(""));
            out.merge(key, r.total(), LedgerPages::plus);
        }
        return out;
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    @Override
    public void close() {
        worker.close();
    }
}
