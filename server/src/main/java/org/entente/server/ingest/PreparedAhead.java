package org.entente.server.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import org.entente.server.error.ApiException;
import org.entente.stix.ObjectStream;
import org.entente.stix.StixParseException;
import org.entente.stix.Validator;

/**
 * The objects of a {@link Ingest.Scanned} body, parsed and validated on another thread a chunk at a
 * time while the thread that judges and writes them works through the chunks before: the parse
 * overlaps the writing (as a page parsed ahead did, ADR 0023), and at most {@link #AHEAD} chunks
 * wait, so that what the body costs in objects is a few chunks, not the whole body (ADR 0047).
 *
 * <p>Each chunk is a list of what {@link IngestRequest#prepare} made: prepared objects and the
 * failures of invalid ones. A failure of the parse itself is handed over in the chunks' place and
 * thrown by {@link #next()}. {@link #close()} stops the parse, wherever it stands.
 */
final class PreparedAhead implements AutoCloseable {
    /**
     * Chunks parsed and waiting for the writer, besides the one being parsed and the one written.
     */
    static final int AHEAD = 1;

    /** Handed over after the last chunk. */
    private static final Object END = new Object();

    private final BlockingQueue<Object> handed = new ArrayBlockingQueue<>(AHEAD);
    private final FutureTask<Void> task;
    private boolean ended;

    private PreparedAhead(
            Ingest.Scanned body, Validator validator, Map<String, String> notes, int chunkSize) {
        this.task =
                new FutureTask<>(
                        () -> {
                            parse(body, validator, notes, chunkSize);
                            return null;
                        });
    }

    /**
     * Starts parsing {@code body} on {@code parser}.
     *
     * @param notes where the notes of objects upgraded from STIX 2.0 go; read by the writer after
     *     the chunk that holds the object was handed over
     */
    static PreparedAhead start(
            Ingest.Scanned body,
            Validator validator,
            Map<String, String> notes,
            int chunkSize,
            Executor parser) {
        PreparedAhead ahead = new PreparedAhead(body, validator, notes, chunkSize);
        parser.execute(ahead.task);
        return ahead;
    }

    /** The next chunk, waiting for it to be parsed; null after the last. */
    @SuppressWarnings("unchecked")
    List<Object> next() {
        if (ended) {
            return null;
        }
        Object next;
        try {
            next = handed.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while the body was parsed");
        }
        if (next == END) {
            ended = true;
            return null;
        }
        if (next instanceof RuntimeException failure) {
            ended = true;
            throw failure;
        }
        return (List<Object>) next;
    }

    /** Stops the parse if it still runs: what it had not handed over is dropped. */
    @Override
    public void close() {
        task.cancel(true);
    }

    private void parse(
            Ingest.Scanned body, Validator validator, Map<String, String> notes, int chunkSize)
            throws InterruptedException {
        try (ObjectStream stream = ObjectStream.openScanned(body.bytes())) {
            List<Object> chunk = new ArrayList<>(chunkSize);
            while (stream.hasNext()) {
                chunk.add(body.prepare(stream, stream.next(), validator, notes));
                if (chunk.size() == chunkSize) {
                    handed.put(chunk);
                    chunk = new ArrayList<>(chunkSize);
                }
            }
            if (!chunk.isEmpty()) {
                handed.put(chunk);
            }
            handed.put(END);
        } catch (StixParseException e) {
            handed.put(ApiException.invalid("the body cannot be read: " + e.getMessage()));
        } catch (RuntimeException e) {
            handed.put(e);
        } catch (Error e) {
            // the writer must not wait for chunks that never come
            handed.put(new IllegalStateException("the body's parse failed: " + e, e));
            throw e;
        }
    }
}
