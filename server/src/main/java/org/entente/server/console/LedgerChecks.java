package org.entente.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.entente.server.error.ApiException;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.VerifyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifications of the ledger started from the console, run off the request thread, one at a time
 * on this node: a whole-ledger check reads every entry on as many connections as there are
 * processors ({@link Ledger#verify()}), and two at once would only slow both and the node. A second
 * request while one runs is refused and pointed at the one running. The latest checks are kept in
 * memory on the node that ran them (their result is also in the node's log), so a page that polls a
 * check must reach the same node; on another it is told there is no such check.
 */
final class LedgerChecks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerChecks.class);

    /** How many finished checks are kept to be looked at. */
    static final int KEPT = 20;

    private final Source ledger;
    private final Clock clock;
    private final ExecutorService executor;
    private final Map<String, Check> checks = new LinkedHashMap<>();

    /**
     * One check: of one organisation's chain or of the whole ledger ({@code orgId} empty). Mutable
     * only in its outcome, which the worker sets once.
     */
    public static final class Check {
        private final String id;
        private final Optional<String> orgId;
        private final String by;
        private final Instant started;
        private volatile long entries = -1;
        private volatile Optional<VerifyResult> result = Optional.empty();
        private volatile Optional<String> failure = Optional.empty();
        private volatile Optional<Instant> ended = Optional.empty();

        Check(String id, Optional<String> orgId, String by, Instant started) {
            this.id = Objects.requireNonNull(id, "id");
            this.orgId = Objects.requireNonNull(orgId, "orgId");
            this.by = Objects.requireNonNull(by, "by");
            this.started = Objects.requireNonNull(started, "started");
        }

        public String id() {
            return id;
        }

        public Optional<String> orgId() {
            return orgId;
        }

        /** Who started it (their name). */
        public String by() {
            return by;
        }

        public Instant started() {
            return started;
        }

        /**
         * The entries the chain's heads counted when the check started; -1 until the check has read
         * them (it reads them itself, so that a request never waits on the ledger).
         */
        public long entries() {
            return entries;
        }

        public Optional<VerifyResult> result() {
            return result;
        }

        /** The error id of a check that could not run to its end (the node's log has it). */
        public Optional<String> failure() {
            return failure;
        }

        /** When it ended, if it has. */
        public Optional<Instant> ended() {
            return ended;
        }

        public boolean running() {
            return ended.isEmpty();
        }

        /** Seconds since it started, or that it took. */
        public long seconds(Instant now) {
            return Duration.between(started, ended.orElse(now)).toSeconds();
        }
    }

    /** What a check reads of the ledger: the node's {@link Ledger}, or a test's stand-in. */
    interface Source {
        Map<String, Ledger.OrgHead> orgHeads();

        /** One organisation's chain, or the whole ledger when {@code orgId} is empty. */
        VerifyResult verify(Optional<String> orgId);

        static Source of(Ledger ledger) {
            Objects.requireNonNull(ledger, "ledger");
            return new Source() {
                @Override
                public Map<String, Ledger.OrgHead> orgHeads() {
                    return ledger.orgHeads();
                }

                @Override
                public VerifyResult verify(Optional<String> orgId) {
                    return orgId.isPresent() ? ledger.verify(orgId.get()) : ledger.verify();
                }
            };
        }
    }

    LedgerChecks(Ledger ledger, Clock clock) {
        this(Source.of(ledger), clock);
    }

    LedgerChecks(Source ledger, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        // one worker; start() lets a check in only when none is running, so at most one waits
        // (while the worker ends the one before it)
        this.executor = OffRequest.worker("entente-ledger-check");
    }

    /** Starts a check; 409 naming the one running if there is one. */
    synchronized Check start(Optional<String> orgId, String by) {
        Optional<Check> running = running();
        if (running.isPresent()) {
            throw ApiException.conflict(
                    "a verification of the ledger is already running on this node (check "
                            + running.get().id()
                            + "): wait for it to end");
        }
        Check c = new Check(UUID.randomUUID().toString(), orgId, by, clock.instant());
        executor.execute(() -> run(c));
        checks.put(c.id(), c);
        OffRequest.trim(checks, KEPT, Check::running);
        return c;
    }

    synchronized Optional<Check> find(String id) {
        return Optional.ofNullable(checks.get(id));
    }

    synchronized Optional<Check> running() {
        return checks.values().stream().filter(Check::running).findFirst();
    }

    /**
     * The latest verification of the whole ledger run from the console on this node that ended, if
     * one is still kept (the dashboard shows it; it never starts one).
     */
    synchronized Optional<Check> latestWhole() {
        Check latest = null;
        for (Check c : checks.values()) {
            if (c.orgId().isEmpty() && !c.running()) {
                latest = c;
            }
        }
        return Optional.ofNullable(latest);
    }

    Instant now() {
        return clock.instant();
    }

    private void run(Check c) {
        try {
            Map<String, Ledger.OrgHead> heads = ledger.orgHeads();
            c.entries =
                    c.orgId().isPresent()
                            ? Optional.ofNullable(heads.get(c.orgId().get()))
                                    .map(Ledger.OrgHead::entries)
                                    .orElse(0L)
                            : heads.values().stream().mapToLong(Ledger.OrgHead::entries).sum();
            VerifyResult r = ledger.verify(c.orgId());
            c.result = Optional.of(r);
            LOG.info(
                    "ledger check {} by {}: {} {}, {} entries checked",
                    c.id(),
                    c.by(),
                    r.chain(),
                    r.intact() ? "intact" : "BROKEN at " + r.firstBrokenSeq().getAsLong(),
                    r.checked());
        } catch (RuntimeException | Error e) {
            // an Error too (an exhausted stack, a class that fails to link): a check that ended
            // with neither a result nor a failure would leave its page nothing to show
            String errorId = UUID.randomUUID().toString();
            LOG.error("ledger check {} failed, error {}", c.id(), errorId, e);
            c.failure = Optional.of(errorId);
            if (e instanceof Error error) {
                throw error; // ended (finally), so it holds back no other check
            }
        } finally {
            c.ended = Optional.of(clock.instant());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
