package org.entente.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.entente.server.error.ApiException;
import org.entente.server.ledger.ExchangeRow;
import org.entente.server.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exchange reports asked for in the console, counted off the request thread, one at a time on this
 * node. A report of every organisation over all time reads every listing in the ledger and keeps
 * each distinct version it has seen ({@code ledger.VersionSet}): seconds and tens of MB at millions
 * of versions, about 3 s on SQLite and 30 s on PostgreSQL at 62 million listed versions. Counted on
 * the request, that held a thread and the person's browser for as long, and a proxy in front of the
 * node could give up first; now the page answers at once and follows the count (ADR 0043).
 *
 * <p>One count at a time bounds the memory: a second request for the same report while it is
 * counted follows that count; a request for another is refused and told which one runs. A finished
 * report is kept with the ledger's {@link Ledger.Position} from before its count, and served again
 * while the ledger has not moved from there (nothing appended, so nothing to count again). The
 * latest reports are kept in memory on the node that counted them, so a page that follows a count
 * must reach the same node; on another it is told there is no such report.
 */
final class LedgerReports implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerReports.class);

    /**
     * How many finished reports are kept. Each holds its rows: a few per organisation and quarter.
     */
    static final int KEPT = 8;

    private final Source ledger;
    private final Clock clock;
    private final ExecutorService executor;
    private final Map<String, Count> counts = new LinkedHashMap<>();

    /** What a report is of: one organisation or every one, over a period. */
    record Asked(Optional<String> orgId, LedgerPages.Period period) {
        Asked {
            Objects.requireNonNull(orgId, "orgId");
            Objects.requireNonNull(period, "period");
        }
    }

    /** One count of a report. Mutable only in its outcome, which the worker sets once. */
    public static final class Count {
        private final String id;
        private final Asked asked;
        private final Ledger.Position at;
        private final String by;
        private final Instant started;
        private final CompletableFuture<List<ExchangeRow>> rows = new CompletableFuture<>();
        private volatile Optional<String> failure = Optional.empty();
        private volatile Optional<Instant> ended = Optional.empty();

        Count(String id, Asked asked, Ledger.Position at, String by, Instant started) {
            this.id = Objects.requireNonNull(id, "id");
            this.asked = Objects.requireNonNull(asked, "asked");
            this.at = Objects.requireNonNull(at, "at");
            this.by = Objects.requireNonNull(by, "by");
            this.started = Objects.requireNonNull(started, "started");
        }

        public String id() {
            return id;
        }

        /** What it is a report of. */
        public Asked asked() {
            return asked;
        }

        /** Who asked for it first (their name). */
        public String by() {
            return by;
        }

        public Instant started() {
            return started;
        }

        /** When it ended, if it has. */
        public Optional<Instant> ended() {
            return ended;
        }

        public boolean running() {
            return ended.isEmpty();
        }

        /** The error id of a count that could not run to its end (the node's log has it). */
        public Optional<String> failure() {
            return failure;
        }

        /**
         * The rows, waiting for the count to end. A count that failed throws, naming its error id
         * (the request answers 500, and the log line of its own error id names the count's).
         */
        List<ExchangeRow> awaitRows() {
            try {
                return rows.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw new IllegalStateException(
                        "the exchange report could not be counted (error "
                                + failure.orElse("unknown")
                                + ", in the node's log)",
                        e.getCause());
            }
        }

        /** Seconds since it started, or that it took. */
        public long seconds(Instant now) {
            return Duration.between(started, ended.orElse(now)).toSeconds();
        }
    }

    /** What a count reads of the ledger: the node's {@link Ledger}, or a test's stand-in. */
    interface Source {
        Ledger.Position position();

        List<ExchangeRow> report(Asked asked);

        static Source of(Ledger ledger) {
            Objects.requireNonNull(ledger, "ledger");
            return new Source() {
                @Override
                public Ledger.Position position() {
                    return ledger.position();
                }

                @Override
                public List<ExchangeRow> report(Asked asked) {
                    return ledger.report(
                            asked.orgId(), asked.period().fromMicros(), asked.period().toMicros());
                }
            };
        }
    }

    LedgerReports(Ledger ledger, Clock clock) {
        this(Source.of(ledger), clock);
    }

    LedgerReports(Source ledger, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        // one worker; count() lets a report in only when none is counted, so at most one waits
        // (while the worker ends the one before it)
        this.executor = OffRequest.worker("entente-ledger-report");
    }

    /**
     * The report asked for: one kept from a count that began where the ledger still stands, the
     * count of it that runs, or a new count. 409 naming the running count if another report is
     * being counted.
     */
    Count count(Asked asked, String by) {
        Ledger.Position now = ledger.position();
        synchronized (this) {
            Count running = null;
            Count kept = null;
            for (Count c : counts.values()) {
                if (c.running()) {
                    running = c;
                }
                if (c.asked().equals(asked)
                        && (c.running() || (c.failure().isEmpty() && c.at.equals(now)))) {
                    kept = c;
                }
            }
            if (kept != null) {
                return kept;
            }
            if (running != null) {
                throw ApiException.conflict(
                        "an exchange report is already being made on this node (report "
                                + running.id()
                                + ", asked for by "
                                + running.by()
                                + "): try again when it is done (a report of every organisation"
                                + " over all time reads the whole ledger)");
            }
            Count c = new Count(UUID.randomUUID().toString(), asked, now, by, clock.instant());
            counts.put(c.id(), c);
            executor.execute(() -> run(c));
            OffRequest.trim(counts, KEPT, Count::running);
            return c;
        }
    }

    synchronized Optional<Count> find(String id) {
        return Optional.ofNullable(counts.get(id));
    }

    Instant now() {
        return clock.instant();
    }

    private void run(Count c) {
        try {
            List<ExchangeRow> rows = ledger.report(c.asked());
            // the rows before the end: whoever sees it ended finds them
            c.rows.complete(rows);
            c.ended = Optional.of(clock.instant());
        } catch (RuntimeException | Error e) {
            String errorId = UUID.randomUUID().toString();
            LOG.error("exchange report {} failed, error {}", c.id(), errorId, e);
            c.failure = Optional.of(errorId);
            c.rows.completeExceptionally(e);
            c.ended = Optional.of(clock.instant());
            if (e instanceof Error error) {
                throw error; // ended, so it holds back no other report
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
