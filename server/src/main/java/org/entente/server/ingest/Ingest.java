package org.entente.server.ingest;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.entente.server.collection.Collection;
import org.entente.server.db.Database;
import org.entente.server.error.ApiException;
import org.entente.server.policy.WriteScope;
import org.entente.server.store.ChunkWriter;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.Payload;
import org.entente.server.store.PostStatus;
import org.entente.server.store.PreparedObject;
import org.entente.server.store.RequestLimits;
import org.entente.server.store.StatusDao;
import org.entente.server.store.StatusDetail;
import org.entente.server.store.StatusPage;
import org.entente.stix.ObjectStream;
import org.entente.stix.StixJson;
import org.entente.stix.StixParseException;
import org.entente.stix.Validator;
import tools.jackson.databind.JsonNode;

/**
 * Adds the objects of an envelope to a collection: the use case behind TAXII's POST and the CLI's
 * import.
 *
 * <p>First the whole body is scanned token by token, without building trees ({@link #scan}): a
 * syntax error anywhere rejects the request with nothing written, an envelope of more objects than
 * {@link RequestLimits#maxObjectsPerRequest()} is refused whole, and objects larger than {@link
 * RequestLimits#maxObjectBytes()} are noted so that they are refused without ever being parsed.
 * Then objects are validated one at a time and written in chunks, one transaction each, together
 * with the chunk's lines of the status resource: after a crash every object is either stored and
 * listed in its status, or absent, and the status counts the rest as never processed. A request
 * thus holds in memory a body of at most 8 MB and its objects, or one chunk of a streamed body, and
 * one page of status lines.
 */
public final class Ingest {
    /** Progress of a long import, for the CLI's progress bar. */
    public interface Listener {
        /** Called once the body was checked, with the number of objects it holds. */
        default void started(int total) {}

        void chunkWritten(int objectsSoFar, int failuresSoFar);

        /**
         * Called once the request's status resource exists (its first chunk committed): from then
         * on a failure of the request leaves that status to read.
         */
        default void opened(String statusId) {}

        Listener NONE = (objects, failures) -> {};
    }

    /**
     * What a caller adds to a request beside its objects: a size limit per object, work that must
     * commit together with the last of them (a federation cursor, which thus moves exactly when the
     * objects it covers are stored), and whether the objects come from a peer's feed we pull
     * ({@code pulled}): there an object of our own lineage that the peer hands back (a sighting of
     * ours it received as feedback, say) is ours come back, held as such and not stored again. Only
     * a pull may say so: its answers are read by us alone, never by the sender.
     */
    public record Options(
            java.util.OptionalInt maxObjectBytes, Optional<LastChunk> lastChunk, boolean pulled) {
        public static final Options NONE =
                new Options(java.util.OptionalInt.empty(), Optional.empty(), false);

        public Options {
            java.util.Objects.requireNonNull(maxObjectBytes, "maxObjectBytes");
            java.util.Objects.requireNonNull(lastChunk, "lastChunk");
        }

        public Options(java.util.OptionalInt maxObjectBytes, Optional<LastChunk> lastChunk) {
            this(maxObjectBytes, lastChunk, false);
        }
    }

    /**
     * Work run inside the transaction of a request's last chunk, after its objects, status lines
     * and ledger entries; when the request held no object it runs in a transaction of its own. If
     * it throws, that chunk rolls back and the exception leaves {@link #add}.
     */
    public interface LastChunk {
        void committing(Totals totals);
    }

    /** Outcomes of a whole request: stored anew, already held, refused. */
    public record Totals(int stored, int held, int refused) {}

    /** What a body may hold: TAXII POSTs take envelopes only, the CLI any form of STIX. */
    public enum Shape {
        ENVELOPE,
        ANY
    }

    private final Database db;
    private final ObjectDao objects;
    private final ChunkWriter chunks;
    private final StatusDao statuses;
    private final Validator validator;
    private final Clock clock;
    private final int chunkSize;
    private final java.util.concurrent.atomic.AtomicLong sinceOptimize =
            new java.util.concurrent.atomic.AtomicLong();

    /**
     * Objects written between two refreshes of the planner's statistics, at most; the first
     * refreshes come sooner (after 1,000 objects, then twice as many each time), since a planner
     * that believes a table empty scans it whole for every lookup while it fills.
     */
    private static final long OPTIMIZE_EVERY = 100_000;

    private final java.util.concurrent.atomic.AtomicLong nextOptimize =
            new java.util.concurrent.atomic.AtomicLong(1_000);

    private final org.entente.server.ledger.Ledger ledger;
    private final RequestLimits limits;
    private final io.micrometer.core.instrument.Timer chunkTimer;
    private final io.micrometer.core.instrument.Counter stored;
    private final io.micrometer.core.instrument.Counter held;
    private final io.micrometer.core.instrument.Counter refused;

    public Ingest(
            Database db,
            ObjectDao objects,
            StatusDao statuses,
            Validator validator,
            Clock clock,
            int chunkSize,
            io.micrometer.core.instrument.MeterRegistry meters,
            org.entente.server.ledger.Ledger ledger) {
        this(
                db,
                objects,
                statuses,
                validator,
                clock,
                chunkSize,
                meters,
                ledger,
                RequestLimits.DEFAULTS);
    }

    public Ingest(
            Database db,
            ObjectDao objects,
            StatusDao statuses,
            Validator validator,
            Clock clock,
            int chunkSize,
            io.micrometer.core.instrument.MeterRegistry meters,
            org.entente.server.ledger.Ledger ledger,
            RequestLimits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        this.ledger = ledger;
        this.chunkTimer =
                io.micrometer.core.instrument.Timer.builder("entente.ingest.chunk")
                        .description("time to write one chunk of a POST, its transaction included")
                        .publishPercentiles(0.5, 0.99)
                        .register(meters);
        this.stored = received(meters, "stored");
        this.held = received(meters, "already_held");
        this.refused = received(meters, "rejected");
        this.db = db;
        this.objects = objects;
        this.chunks = new ChunkWriter(objects);
        this.statuses = statuses;
        this.validator = validator;
        this.clock = clock;
        this.chunkSize = chunkSize;
    }

    public PostStatus add(
            Collection collection,
            String principalId,
            WriteScope scope,
            Payload payload,
            Shape shape,
            Listener listener) {
        return add(collection, principalId, scope, payload, shape, listener, Options.NONE);
    }

    public PostStatus add(
            Collection collection,
            String principalId,
            WriteScope scope,
            Payload payload,
            Shape shape,
            Listener listener,
            Options options) {
        int maxObjectBytes =
                Math.min(
                        limits.maxObjectBytes(),
                        options.maxObjectBytes().orElse(limits.maxObjectBytes()));
        // the cheap pass first: a request over the bounds costs a token scan and nothing more
        EnvelopeScan.Result scan = EnvelopeScan.scan(payload, shape, maxObjectBytes);
        if (shape == Shape.ENVELOPE && scan.count() > limits.maxObjectsPerRequest()) {
            throw ApiException.tooLarge(
                    "the envelope holds "
                            + scan.count()
                            + " objects; this node accepts at most "
                            + limits.maxObjectsPerRequest()
                            + " in one request: split it into smaller envelopes");
        }
        IngestRequest request =
                new IngestRequest(
                        validator, objects, scope, java.util.OptionalInt.of(maxObjectBytes));
        PostStatus status =
                payload instanceof Payload.Bytes bytes
                        ? addInMemory(
                                collection,
                                principalId,
                                request,
                                scan.blank(bytes.data()),
                                scan,
                                shape,
                                listener,
                                options)
                        : addStreaming(
                                collection, principalId, request, payload, scan, listener, options);
        long due = nextOptimize.get();
        if (sinceOptimize.addAndGet(status.totalCount()) >= due
                && nextOptimize.compareAndSet(due, Math.min(due * 2, OPTIMIZE_EVERY))) {
            sinceOptimize.set(0);
            db.optimize(due < OPTIMIZE_EVERY);
        }
        return status;
    }

    /**
     * A body held in memory is parsed and validated whole before anything is written, each object
     * kept as the bytes it came in; a syntax error anywhere thus stores nothing.
     */
    private PostStatus addInMemory(
            Collection collection,
            String principalId,
            IngestRequest request,
            byte[] body,
            EnvelopeScan.Result scan,
            Shape shape,
            Listener listener,
            Options options) {
        List<Object> items = new ArrayList<>();
        JsonNode first = null;
        try (ObjectStream stream = ObjectStream.open(body)) {
            while (stream.hasNext()) {
                JsonNode node = stream.next();
                first = first == null ? node : first;
                int index = stream.count() - 1;
                Object item =
                        scan.isOversized(index)
                                ? scan.refusal(index)
                                : request.prepare(node, stream.rawBytes(), index);
                request.posted(item);
                items.add(item);
            }
            checkShape(stream, shape, body.length == 0, first);
        } catch (StixParseException e) {
            throw ApiException.invalid("the body cannot be read: " + e.getMessage());
        }
        listener.started(items.size());
        Run run = new Run(collection, principalId, items.size(), options, request, listener);
        List<PreparedObject> chunk = new ArrayList<>(chunkSize);
        List<StatusDetail> rejected = new ArrayList<>();
        try {
            for (Object item : items) {
                // NB: a full chunk is written only once another object follows, so that the last
                // chunk is never empty and work that must commit with it has objects to commit
                // with
                if (chunk.size() + rejected.size() >= chunkSize) {
                    run.write(chunk, rejected, listener, false);
                }
                add(request.judge(item, collection), chunk, rejected);
            }
            run.write(chunk, rejected, listener, true);
        } catch (RuntimeException e) {
            throw run.failed(e);
        }
        return run.complete();
    }

    /**
     * A spooled (large) body: checked for syntax in a first pass, then streamed in chunks. Here a
     * marking definition must come before the objects it marks.
     */
    private PostStatus addStreaming(
            Collection collection,
            String principalId,
            IngestRequest request,
            Payload payload,
            EnvelopeScan.Result scan,
            Listener listener,
            Options options) {
        int total = scan.count();
        // the marking definitions first, wherever they are in the body: the objects they mark
        // may come before them
        for (byte[] definition : scan.markingDefinitions(payload)) {
            try {
                request.posted(
                        request.prepare(StixJson.parse(definition), Optional.of(definition), -1));
            } catch (RuntimeException unreadable) {
                // refused with its reason when the stream reaches it
            }
        }
        listener.started(total);
        Run run = new Run(collection, principalId, total, options, request, listener);
        List<PreparedObject> chunk = new ArrayList<>(chunkSize);
        List<StatusDetail> rejected = new ArrayList<>();
        try (InputStream in = scan.blank(payload.open());
                ObjectStream stream = ObjectStream.open(in)) {
            while (stream.hasNext()) {
                JsonNode node = stream.next();
                int index = stream.count() - 1;
                Object item =
                        scan.isOversized(index)
                                ? scan.refusal(index)
                                : request.prepare(node, Optional.empty(), index);
                request.posted(item);
                if (chunk.size() + rejected.size() >= chunkSize) {
                    run.write(chunk, rejected, listener, false);
                }
                add(request.judge(item, collection), chunk, rejected);
            }
            run.write(chunk, rejected, listener, true);
        } catch (java.io.IOException e) {
            throw run.failed(new java.io.UncheckedIOException(e));
        } catch (RuntimeException e) {
            throw run.failed(e);
        }
        return run.complete();
    }

    private static void add(Object item, List<PreparedObject> chunk, List<StatusDetail> rejected) {
        if (item instanceof PreparedObject o) {
            chunk.add(o);
        } else {
            rejected.add((StatusDetail) item);
        }
    }

    private static void checkShape(
            ObjectStream stream, Shape shape, boolean empty, JsonNode first) {
        if (empty) {
            throw ApiException.invalid("the body is empty: send a TAXII envelope");
        }
        if (shape == Shape.ENVELOPE
                && !stream.sawContainer()
                && first != null
                && first.has("objects")
                && !first.has("type")) {
            throw ApiException.unprocessable(
                    "the envelope's 'objects' must be a list of STIX objects");
        }
        if (shape == Shape.ENVELOPE && (stream.rootValues() != 1 || !stream.sawContainer())) {
            throw ApiException.unprocessable(
                    "the body must be one TAXII envelope ({\"objects\": [...]}), not "
                            + (stream.rootValues() > 1
                                    ? "several JSON values"
                                    : "a JSON array or a single object"));
        }
    }

    /**
     * One POST being written: its status row, chunk by chunk, the counts so far and the lines of
     * the status's first page (what the answer to the POST lists; the rest is read back by page).
     */
    private final class Run {
        private final Collection collection;
        private final String statusId = UUID.randomUUID().toString();
        private final long requested = nowMicros();
        private final String principalId;
        private final int total;
        private final Optional<LastChunk> lastChunk;
        private final Listener listener;
        private final StatusPage page = new StatusPage(limits.statusDetailsPerPage());
        private int successCount;
        private int heldCount;
        private int failureCount;
        private int chunkNo;
        private boolean opened;

        private final IngestRequest request;
        private final boolean pulled;

        Run(
                Collection collection,
                String principalId,
                int total,
                Options options,
                IngestRequest request,
                Listener listener) {
            this.request = request;
            this.pulled = options.pulled();
            this.collection = collection;
            this.principalId = principalId;
            this.total = total;
            this.lastChunk = options.lastChunk();
            this.listener = listener;
        }

        private List<StatusDetail> commit(
                int chunkNo,
                List<PreparedObject> valid,
                List<StatusDetail> rejected,
                Totals before,
                Optional<LastChunk> hook,
                Runnable opening,
                Runnable closing) {
            java.util.BitSet apart = new java.util.BitSet(); // kept apart: no observer acts on them
            List<StatusDetail> outcomes =
                    chunkTimer.record(
                            () ->
                                    db.inTransaction(
                                            () -> {
                                                opening.run();
                                                apart.clear();
                                                List<StatusDetail> all =
                                                        new ArrayList<>(
                                                                valid.size() + rejected.size());
                                                List<StatusDetail> stored =
                                                        chunks.write(
                                                                new ChunkWriter.Chunk(
                                                                        collection.id(),
                                                                        collection.defaultTlp(),
                                                                        valid,
                                                                        request.sees(),
                                                                        nowMicros(),
                                                                        pulled),
                                                                apart::set);
                                                stored = request.withNotes(valid, stored);
                                                all.addAll(stored);
                                                recordReceived(
                                                        collection, principalId, valid, stored);
                                                all.addAll(rejected);
                                                statuses.appendChunk(
                                                        statusId, chunkNo, all, nowMicros());
                                                if (hook.isPresent()) {
                                                    hook.get().committing(plus(before, all));
                                                }
                                                closing.run();
                                                return all;
                                            }));
            for (StatusDetail d : outcomes) {
                (d.isFailure() ? refused : d.held() ? held : stored).increment();
            }
            if (!observers.isEmpty()) {
                List<PreparedObject> fresh = new ArrayList<>(valid.size());
                for (int i = 0; i < valid.size(); i++) {
                    StatusDetail d = outcomes.get(i);
                    if (!d.isFailure() && !d.held() && !apart.get(i)) {
                        fresh.add(valid.get(i));
                    }
                }
                if (!fresh.isEmpty()) {
                    for (Observer o : observers) {
                        o.stored(collection, fresh);
                    }
                }
            }
            return outcomes;
        }

        /*
         * The status row is made in the first chunk's transaction and completed in the last one's,
         * never on its own: on SQLite a write outside the node's transactions would wait in the
         * database's busy handler rather than in the fair writer queue, and would add two commits
         * to every POST.
         */
        private Runnable opening() {
            if (chunkNo > 0) {
                return () -> {};
            }
            return () ->
                    statuses.create(
                            statusId,
                            collection.apiRoot(),
                            collection.id(),
                            principalId,
                            requested,
                            total);
        }

        private Runnable closing(boolean last) {
            return last ? () -> statuses.complete(statusId, nowMicros()) : () -> {};
        }

        /** Told once the status row is committed: from then on the request has a status. */
        private void committed() {
            if (!opened) {
                opened = true;
                listener.opened(statusId);
            }
        }

        /**
         * Writes and clears the chunk; no-op when it is empty, unless it is the last and work must
         * commit with it.
         */
        void write(
                List<PreparedObject> valid,
                List<StatusDetail> rejected,
                Listener listener,
                boolean last) {
            Optional<LastChunk> hook = last ? lastChunk : Optional.empty();
            if (valid.isEmpty() && rejected.isEmpty()) {
                if (last) {
                    Runnable opening = opening();
                    chunkNo++;
                    db.inTransaction(
                            () -> {
                                opening.run();
                                hook.ifPresent(
                                        h ->
                                                h.committing(
                                                        new Totals(
                                                                successCount - heldCount,
                                                                heldCount,
                                                                failureCount)));
                                closing(true).run();
                            });
                    committed();
                }
                return;
            }
            Totals before = new Totals(successCount - heldCount, heldCount, failureCount);
            Runnable opening = opening();
            int chunk = chunkNo++;
            List<StatusDetail> outcomes =
                    commit(chunk, valid, rejected, before, hook, opening, closing(last));
            committed();
            for (StatusDetail d : outcomes) {
                if (d.isFailure()) {
                    failureCount++;
                } else {
                    successCount++;
                    heldCount += d.held() ? 1 : 0;
                }
            }
            page.add(chunk, outcomes);
            valid.clear();
            rejected.clear();
            listener.chunkWritten(successCount + failureCount, failureCount);
        }

        /**
         * The request failed part-way (the database, the work committed with the last chunk): the
         * status, if it was made, is completed with the objects never reached counted as not
         * processed, so that it tells the truth to whoever reads it. Returns the failure to throw.
         */
        RuntimeException failed(RuntimeException e) {
            if (!opened) {
                return e;
            }
            int processed = successCount + failureCount;
            try {
                db.inTransaction(
                        () ->
                                statuses.stop(
                                        statusId,
                                        chunkNo,
                                        processed,
                                        total,
                                        "the request failed",
                                        nowMicros()));
            } catch (RuntimeException also) {
                // the status stays pending and reads as interrupted once it is abandoned
                e.addSuppressed(also);
            }
            return e;
        }

        PostStatus complete() {
            return new PostStatus(
                    statusId,
                    collection.id(),
                    principalId,
                    true,
                    requested,
                    total,
                    successCount,
                    heldCount,
                    failureCount,
                    page.successes(),
                    page.failures(),
                    page.next());
        }
    }

    private static io.micrometer.core.instrument.Counter received(
            io.micrometer.core.instrument.MeterRegistry meters, String outcome) {
        return io.micrometer.core.instrument.Counter.builder("entente.objects.received")
                .description("objects received by POST or import, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    /**
     * Records in the ledger, in the chunk's transaction, each object newly stored that came from
     * another organisation (an exact duplicate of what we held adds nothing to the record).
     */
    private void recordReceived(
            Collection collection,
            String principalId,
            List<PreparedObject> valid,
            List<StatusDetail> outcomes) {
        List<org.entente.server.ledger.LedgerEntry.Draft> received = new ArrayList<>();
        long at = nowMicros();
        for (int i = 0; i < valid.size(); i++) {
            PreparedObject o = valid.get(i);
            StatusDetail d = outcomes.get(i);
            if (o.origin().isEmpty() || d.isFailure() || d.held()) {
                continue;
            }
            received.add(
                    new org.entente.server.ledger.LedgerEntry.Draft(
                            at,
                            org.entente.server.ledger.LedgerEntry.Kind.RECEIVED,
                            principalId,
                            o.origin().get().org(),
                            o.origin().map(ObjectFacts.Source::agreement),
                            o.origin().map(ObjectFacts.Source::area),
                            "received into " + collection.alias().orElse(collection.id()),
                            Optional.of(o.id()),
                            Optional.of(d.version()),
                            Optional.of(o.type()),
                            Optional.of(o.tlp().orElse(collection.defaultTlp())),
                            Optional.empty()));
        }
        if (!received.isEmpty()) {
            ledger.append(received);
        }
    }

    /** Told of the objects newly stored, after their chunk committed (the detection engine). */
    public interface Observer {
        void stored(Collection collection, List<PreparedObject> objects);
    }

    private final List<Observer> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void observe(Observer observer) {
        observers.add(observer);
    }

    private static Totals plus(Totals before, List<StatusDetail> outcomes) {
        int stored = before.stored();
        int held = before.held();
        int refused = before.refused();
        for (StatusDetail d : outcomes) {
            if (d.isFailure()) {
                refused++;
            } else if (d.held()) {
                held++;
            } else {
                stored++;
            }
        }
        return new Totals(stored, held, refused);
    }

    private long nowMicros() {
        var now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** For tests and the CLI: the status of an earlier POST. */
    public Optional<PostStatus> status(String apiRoot, String id) {
        return statuses.find(apiRoot, id, nowMicros(), 0, limits.statusDetailsPerPage());
    }
}
