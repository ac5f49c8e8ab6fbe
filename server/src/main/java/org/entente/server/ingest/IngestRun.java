package org.entente.server.ingest;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.entente.server.collection.Collection;
import org.entente.server.store.PostStatus;
import org.entente.server.store.PreparedObject;
import org.entente.server.store.StatusDetail;
import org.entente.server.store.StatusPage;

/**
 * One POST being written: its status row, chunk by chunk, the counts so far and the lines of the
 * status's first page (what the answer to the POST lists; the rest is read back by page).
 */
final class IngestRun {
    /** What is being posted: where, by whom, how many objects. */
    record Posting(Collection collection, String principalId, int total) {}

    private final Committer committer;
    private final Posting posting;
    private final Collection collection;
    private final String statusId = UUID.randomUUID().toString();
    private final long requested;
    private final String principalId;
    private final int total;
    private final Optional<Ingest.LastChunk> lastChunk;
    private final Ingest.Listener listener;
    private final StatusPage page;
    private int successCount;
    private int heldCount;
    private int failureCount;
    private int chunkNo;
    private boolean opened;

    private final IngestRequest request;
    private final boolean pulled;

    /**
     * @param statusLines the most lines one page of the status lists
     */
    IngestRun(
            Committer committer,
            Posting posting,
            Ingest.Options options,
            IngestRequest request,
            Ingest.Listener listener,
            int statusLines) {
        this.committer = committer;
        this.posting = posting;
        this.requested = committer.nowMicros();
        this.page = new StatusPage(statusLines);
        this.request = request;
        this.pulled = options.pulled();
        this.collection = posting.collection();
        this.principalId = posting.principalId();
        this.total = posting.total();
        this.lastChunk = options.lastChunk();
        this.listener = listener;
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
                committer
                        .statuses()
                        .create(
                                statusId,
                                collection.apiRoot(),
                                collection.id(),
                                principalId,
                                requested,
                                total);
    }

    private Runnable closing(boolean last) {
        return last
                ? () -> committer.statuses().complete(statusId, committer.nowMicros())
                : () -> {};
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
            Ingest.Listener listener,
            boolean last) {
        Optional<Ingest.LastChunk> hook = last ? lastChunk : Optional.empty();
        if (valid.isEmpty() && rejected.isEmpty()) {
            if (last) {
                Runnable opening = opening();
                chunkNo++;
                committer
                        .db()
                        .inTransaction(
                                () -> {
                                    opening.run();
                                    hook.ifPresent(
                                            h ->
                                                    h.committing(
                                                            new Ingest.Totals(
                                                                    successCount - heldCount,
                                                                    heldCount,
                                                                    failureCount)));
                                    closing(true).run();
                                });
                committed();
            }
            return;
        }
        Ingest.Totals before = new Ingest.Totals(successCount - heldCount, heldCount, failureCount);
        Runnable opening = opening();
        int chunk = chunkNo++;
        List<StatusDetail> outcomes =
                committer.commit(
                        posting,
                        request,
                        pulled,
                        new Committer.Chunk(statusId, chunk, valid, rejected, before, hook),
                        opening,
                        closing(last));
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
     * status, if it was made, is completed with the objects never reached counted as not processed,
     * so that it tells the truth to whoever reads it. Returns the failure to throw.
     */
    RuntimeException failed(RuntimeException e) {
        if (!opened) {
            return e;
        }
        int processed = successCount + failureCount;
        try {
            committer
                    .db()
                    .inTransaction(
                            () ->
                                    committer
                                            .statuses()
                                            .stop(
                                                    statusId,
                                                    chunkNo,
                                                    processed,
                                                    total,
                                                    "the request failed",
                                                    committer.nowMicros()));
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
