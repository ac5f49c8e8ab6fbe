package org.entente.server.ingest;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.entente.server.collection.Collection;
import org.entente.server.error.ApiException;
import org.entente.server.policy.WriteScope;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.Payload;
import org.entente.server.store.PostStatus;
import org.entente.server.store.PreparedObject;
import org.entente.server.store.RequestLimits;
import org.entente.server.store.StatusDetail;
import org.entente.stix.ObjectStream;
import org.entente.stix.StixJson;
import org.entente.stix.StixParseException;
import org.entente.stix.Validator;
import tools.jackson.databind.JsonNode;

/**
 * Adds the objects of an envelope to a collection: the use case behind TAXII's POST and the CLI's
 * import.
 *
 * <p>First the whole body is scanned token by token, without building trees ({@link EnvelopeScan}):
 * a syntax error anywhere rejects the request with nothing written, an envelope of more objects
 * than {@link RequestLimits#maxObjectsPerRequest()} is refused whole, and objects larger than
 * {@link RequestLimits#maxObjectBytes()} are noted so that they are refused without ever being
 * parsed. Then objects are validated one at a time and written in chunks, one transaction each,
 * together with the chunk's lines of the status resource: after a crash every object is either
 * stored and listed in its status, or absent, and the status counts the rest as never processed. A
 * request thus holds in memory a body of at most 8 MB and its objects, or one chunk of a streamed
 * body, or a pull's page and a few chunks of its objects ({@link Scanned}), and one page of status
 * lines.
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

    private final Committer committer;
    private final ObjectDao objects;
    private final Validator validator;
    private final int chunkSize;
    private final RequestLimits limits;
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

    /**
     * @param chunkSize objects written per transaction
     * @param limits what one request may make the node hold
     */
    public Ingest(
            Committer committer,
            ObjectDao objects,
            Validator validator,
            int chunkSize,
            RequestLimits limits) {
        this.committer = java.util.Objects.requireNonNull(committer, "committer");
        this.objects = objects;
        this.validator = validator;
        this.chunkSize = chunkSize;
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
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
        if (payload instanceof Payload.Bytes bytes) {
            return add(
                    collection,
                    principalId,
                    scope,
                    parse(bytes, shape, options.maxObjectBytes()),
                    listener,
                    options);
        }
        int maxObjectBytes = maxObjectBytes(options.maxObjectBytes());
        // a spooled body is written as it is read: its first pass checks every name
        EnvelopeScan.Result scan = scan(payload, shape, maxObjectBytes, false);
        IngestRequest request =
                new IngestRequest(
                        validator, objects, scope, java.util.OptionalInt.of(maxObjectBytes));
        return optimized(
                addStreaming(collection, principalId, request, payload, scan, listener, options));
    }

    /**
     * A body held in memory, parsed and validated whole and nothing of it judged or written yet:
     * what {@link #parse} makes and {@link #add(Collection, String, WriteScope, Parsed, Listener,
     * Options)} writes: a POST's body. A pull's pages go by {@link Scanned} instead, so that a
     * page's objects are not all held at once (ADR 0047).
     */
    private static final class Parsed {
        private final List<Object> items;
        private final Map<String, String> notes;
        private final int maxObjectBytes;

        private Parsed(List<Object> items, Map<String, String> notes, int maxObjectBytes) {
            this.items = items;
            this.notes = notes;
            this.maxObjectBytes = maxObjectBytes;
        }
    }

    /**
     * Scans, parses and validates a body held in memory, each object kept as the bytes it came in;
     * a syntax error anywhere, or more objects than a request may hold, throws ({@link
     * ApiException}) and nothing is written. Reads nothing from the database.
     *
     * @param maxObjectBytes a size limit per object below the node's, if any
     */
    private Parsed parse(Payload.Bytes payload, Shape shape, java.util.OptionalInt maxObjectBytes) {
        int max = maxObjectBytes(maxObjectBytes);
        // every object is read below, names checked, before anything is written
        EnvelopeScan.Result scan = scan(payload, shape, max, true);
        byte[] body = scan.blank(payload.data());
        List<Object> items = new ArrayList<>(scan.count());
        Map<String, String> notes = new HashMap<>();
        JsonNode first = null;
        try (ObjectStream stream = ObjectStream.open(body)) {
            while (stream.hasNext()) {
                JsonNode node = stream.next();
                first = first == null ? node : first;
                items.add(scan.prepare(stream, node, validator, notes));
            }
            checkShape(stream, shape, body.length == 0, first);
        } catch (StixParseException e) {
            throw ApiException.invalid("the body cannot be read: " + e.getMessage());
        }
        return new Parsed(items, notes, max);
    }

    /**
     * Judges and writes a body {@link #parse}d before: each object against {@code scope}, in chunks
     * of one transaction each (docs/architecture.md). The size limit per object is the one {@link
     * #parse} was given; {@code options}' is not read again.
     */
    private PostStatus add(
            Collection collection,
            String principalId,
            WriteScope scope,
            Parsed parsed,
            Listener listener,
            Options options) {
        IngestRequest request =
                new IngestRequest(
                        validator,
                        objects,
                        scope,
                        java.util.OptionalInt.of(parsed.maxObjectBytes),
                        parsed.notes);
        return optimized(
                addInMemory(collection, principalId, request, parsed.items, listener, options));
    }

    /**
     * A body held in memory and checked whole by the token scan, nothing of it parsed yet: its
     * syntax, its names, its shape and the number of its objects are known good, its oversized
     * objects blanked, its marking definitions read out. What {@link #scan(Payload.Bytes, Shape,
     * java.util.OptionalInt)} makes and {@link #add(Collection, String, WriteScope, Scanned,
     * Listener, Options, Executor)} parses and writes, chunk by chunk. Nothing in it depends on who
     * sends it or where it goes, so that it can be made on another thread while an earlier body is
     * written (a pull scans its next page so).
     */
    public static final class Scanned {
        private final byte[] bytes;
        private final EnvelopeScan.Result scan;
        private final List<byte[]> markingDefinitions;
        private final int maxObjectBytes;

        private Scanned(
                byte[] bytes,
                EnvelopeScan.Result scan,
                List<byte[]> markingDefinitions,
                int maxObjectBytes) {
            this.bytes = bytes;
            this.scan = scan;
            this.markingDefinitions = markingDefinitions;
            this.maxObjectBytes = maxObjectBytes;
        }

        /** How many objects the body holds. */
        public int count() {
            return scan.count();
        }

        byte[] bytes() {
            return bytes;
        }

        /** See {@link EnvelopeScan.Result#prepare}. */
        Object prepare(ObjectStream stream, JsonNode node, Validator v, Map<String, String> notes) {
            return scan.prepare(stream, node, v, notes);
        }
    }

    /**
     * Scans a body held in memory, token by token, names checked: a syntax error anywhere, a body
     * that is not of {@code shape}, or more objects than a request may hold, throws ({@link
     * ApiException}), and nothing is written. Parses no object and reads nothing from the database:
     * safe on any thread.
     *
     * @param maxObjectBytes a size limit per object below the node's, if any
     */
    public Scanned scan(Payload.Bytes payload, Shape shape, java.util.OptionalInt maxObjectBytes) {
        int max = maxObjectBytes(maxObjectBytes);
        EnvelopeScan.Result scan = scan(payload, shape, max, false);
        return new Scanned(scan.blank(payload.data()), scan, scan.markingDefinitions(payload), max);
    }

    /**
     * Parses, judges and writes a body {@link #scan}ned before, in chunks of one transaction each
     * (docs/architecture.md): the objects are parsed and validated on {@code parser} a few chunks
     * ahead of the chunk being judged and written ({@link PreparedAhead}), so that the body's
     * objects are never all in memory at once. The size limit per object is the one {@link #scan}
     * was given; {@code options}' is not read again.
     *
     * <p>The scan found every fault that makes a body unreadable, so the parse finds none and the
     * body is written whole or, if the database or the last chunk's work fails, in its first chunks
     * (as a crash would leave it); should the parse still fail, the objects before the fault are
     * written and the failure is thrown.
     */
    public PostStatus add(
            Collection collection,
            String principalId,
            WriteScope scope,
            Scanned scanned,
            Listener listener,
            Options options,
            Executor parser) {
        Map<String, String> notes = new ConcurrentHashMap<>();
        IngestRequest request =
                new IngestRequest(
                        validator,
                        objects,
                        scope,
                        java.util.OptionalInt.of(scanned.maxObjectBytes),
                        notes);
        postMarkings(request, scanned.markingDefinitions);
        listener.started(scanned.count());
        Chunks chunks =
                new Chunks(collection, principalId, scanned.count(), request, listener, options);
        PostStatus status;
        try (PreparedAhead ahead =
                PreparedAhead.start(scanned, validator, notes, chunkSize, parser)) {
            List<Object> items;
            while ((items = ahead.next()) != null) {
                for (Object item : items) {
                    request.posted(item);
                    chunks.add(item);
                }
            }
            status = chunks.complete();
        } catch (RuntimeException e) {
            throw chunks.failed(e);
        }
        return optimized(status);
    }

    /**
     * The request's marking definitions, posted before any object is judged: the objects they mark
     * may come before them. One that cannot be read is refused with its reason when its turn comes.
     */
    private static void postMarkings(IngestRequest request, List<byte[]> definitions) {
        for (byte[] definition : definitions) {
            try {
                request.posted(
                        request.prepare(StixJson.parse(definition), Optional.of(definition), -1));
            } catch (RuntimeException unreadable) {
                // refused with its reason when the stream reaches it
            }
        }
    }

    private int maxObjectBytes(java.util.OptionalInt asked) {
        return Math.min(limits.maxObjectBytes(), asked.orElse(limits.maxObjectBytes()));
    }

    /** The cheap pass first: a request over the bounds costs a token scan and nothing more. */
    private EnvelopeScan.Result scan(
            Payload payload, Shape shape, int maxObjectBytes, boolean namesCheckedLater) {
        EnvelopeScan.Result scan =
                EnvelopeScan.scan(payload, shape, maxObjectBytes, namesCheckedLater);
        if (shape == Shape.ENVELOPE && scan.count() > limits.maxObjectsPerRequest()) {
            throw ApiException.tooLarge(
                    "the envelope holds "
                            + scan.count()
                            + " objects; this node accepts at most "
                            + limits.maxObjectsPerRequest()
                            + " in one request: split it into smaller envelopes");
        }
        return scan;
    }

    /** Refreshes the planner's statistics when enough was written since they last were. */
    private PostStatus optimized(PostStatus status) {
        long due = nextOptimize.get();
        if (sinceOptimize.addAndGet(status.totalCount()) >= due
                && nextOptimize.compareAndSet(due, Math.min(due * 2, OPTIMIZE_EVERY))) {
            sinceOptimize.set(0);
            committer.db().optimize(due < OPTIMIZE_EVERY);
        }
        return status;
    }

    /**
     * A body held in memory was parsed and validated whole before anything is written ({@link
     * #parse}); a syntax error anywhere thus stores nothing.
     */
    private PostStatus addInMemory(
            Collection collection,
            String principalId,
            IngestRequest request,
            List<Object> items,
            Listener listener,
            Options options) {
        // every object of the request is seen before any is judged: a marking definition may
        // come after the objects it marks
        for (Object item : items) {
            request.posted(item);
        }
        listener.started(items.size());
        Chunks chunks =
                new Chunks(collection, principalId, items.size(), request, listener, options);
        try {
            for (Object item : items) {
                chunks.add(item);
            }
            return chunks.complete();
        } catch (RuntimeException e) {
            throw chunks.failed(e);
        }
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
        postMarkings(request, scan.markingDefinitions(payload));
        listener.started(total);
        Chunks chunks = new Chunks(collection, principalId, total, request, listener, options);
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
                chunks.add(item);
            }
            return chunks.complete();
        } catch (java.io.IOException e) {
            throw chunks.failed(new java.io.UncheckedIOException(e));
        } catch (RuntimeException e) {
            throw chunks.failed(e);
        }
    }

    /**
     * A request's objects judged one at a time into chunks, each chunk written in its transaction
     * ({@link IngestRun}) once it is full and another object follows.
     */
    private final class Chunks {
        private final Collection collection;
        private final IngestRequest request;
        private final Listener listener;
        private final IngestRun run;
        private final List<PreparedObject> chunk = new ArrayList<>(chunkSize);
        private final List<StatusDetail> rejected = new ArrayList<>();

        Chunks(
                Collection collection,
                String principalId,
                int total,
                IngestRequest request,
                Listener listener,
                Options options) {
            this.collection = collection;
            this.request = request;
            this.listener = listener;
            this.run =
                    new IngestRun(
                            committer,
                            new IngestRun.Posting(collection, principalId, total),
                            options,
                            request,
                            listener,
                            limits.statusDetailsPerPage());
        }

        /** Judges a prepared object, or takes the failure of one that is not, into the chunk. */
        void add(Object item) {
            // NB: a full chunk is written only once another object follows, so that the last
            // chunk is never empty and work that must commit with it has objects to commit with
            if (chunk.size() + rejected.size() >= chunkSize) {
                run.write(chunk, rejected, listener, false);
            }
            Object judged = request.judge(item, collection);
            if (judged instanceof PreparedObject o) {
                chunk.add(o);
            } else {
                rejected.add((StatusDetail) judged);
            }
        }

        /** Writes the last chunk, with the work that commits with it, and tells the outcome. */
        PostStatus complete() {
            run.write(chunk, rejected, listener, true);
            return run.complete();
        }

        /** See {@link IngestRun#failed}. */
        RuntimeException failed(RuntimeException e) {
            return run.failed(e);
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

    /** Told of the objects newly stored, after their chunk committed (the detection engine). */
    public interface Observer {
        void stored(Collection collection, List<PreparedObject> objects);
    }

    public void observe(Observer observer) {
        committer.observe(observer);
    }

    /** For tests and the CLI: the status of an earlier POST. */
    public Optional<PostStatus> status(String apiRoot, String id) {
        return committer
                .statuses()
                .find(apiRoot, id, committer.nowMicros(), 0, limits.statusDetailsPerPage());
    }
}
