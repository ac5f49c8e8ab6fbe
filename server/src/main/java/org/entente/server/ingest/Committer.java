package org.entente.server.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.entente.server.collection.Collection;
import org.entente.server.db.Database;
import org.entente.server.ledger.DisclosedVersion;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.LedgerEntry;
import org.entente.server.store.ChunkWriter;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.PreparedObject;
import org.entente.server.store.StatusDao;
import org.entente.server.store.StatusDetail;
import org.entente.server.store.WriteRefusalDao;

/**
 * Writes the chunks of every request: each in one transaction with its status lines and the ledger
 * entries of what it received, so that after a crash an object is stored, listed and recorded, or
 * none of these. One per node, shared by every {@link Ingest} request.
 */
public final class Committer {
    /**
     * One chunk of a request.
     *
     * @param number its place in the request, from 0
     * @param before the request's outcomes before it (what the hook is told, plus this chunk's)
     * @param hook work that commits with it (the last chunk's)
     */
    record Chunk(
            String statusId,
            int number,
            List<PreparedObject> valid,
            List<StatusDetail> rejected,
            Ingest.Totals before,
            Optional<Ingest.LastChunk> hook) {}

    private final Database db;
    private final ChunkWriter writer;
    private final StatusDao statuses;
    private final WriteRefusalDao refusals;
    private final Ledger ledger;
    private final Clock clock;
    private final Timer chunkTimer;
    private final Counter stored;
    private final Counter held;
    private final Counter refused;
    private final List<Ingest.Observer> observers = new CopyOnWriteArrayList<>();

    public Committer(
            Database db,
            ObjectDao objects,
            StatusDao statuses,
            WriteRefusalDao refusals,
            Ledger ledger,
            Clock clock,
            MeterRegistry meters) {
        this.db = db;
        this.writer = new ChunkWriter(objects);
        this.statuses = statuses;
        this.refusals = refusals;
        this.ledger = ledger;
        this.clock = clock;
        this.chunkTimer =
                Timer.builder("entente.ingest.chunk")
                        .description("time to write one chunk of a POST, its transaction included")
                        .publishPercentiles(0.5, 0.99)
                        .register(meters);
        this.stored = received(meters, "stored");
        this.held = received(meters, "already_held");
        this.refused = received(meters, "rejected");
    }

    Database db() {
        return db;
    }

    StatusDao statuses() {
        return statuses;
    }

    long nowMicros() {
        var now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    void observe(Ingest.Observer observer) {
        observers.add(observer);
    }

    /**
     * Writes one chunk in one transaction: {@code opening}, the objects (with the request's notes
     * on their lines), the ledger entries of what was received, the status lines of the chunk and
     * of {@code rejected} (and, when another organisation sent them and no pull brought them, the
     * refusals among them, for the dashboard), the hook, {@code closing}. Then counts the outcomes
     * and tells the observers of what was stored anew (never of what was kept apart).
     */
    List<StatusDetail> commit(
            IngestRun.Posting posting,
            IngestRequest request,
            boolean pulled,
            Chunk chunk,
            Runnable opening,
            Runnable closing) {
        Collection collection = posting.collection();
        List<PreparedObject> valid = chunk.valid();
        List<StatusDetail> rejected = chunk.rejected();
        BitSet apart = new BitSet(); // kept apart: no observer acts on them
        List<StatusDetail> outcomes =
                chunkTimer.record(
                        () ->
                                db.inTransaction(
                                        () -> {
                                            opening.run();
                                            apart.clear();
                                            long addedBefore =
                                                    fromElsewhere(valid)
                                                            ? lastAdded(collection)
                                                            : 0;
                                            List<StatusDetail> all =
                                                    new ArrayList<>(valid.size() + rejected.size());
                                            List<StatusDetail> written =
                                                    writer.write(
                                                            new ChunkWriter.Chunk(
                                                                    collection.id(),
                                                                    collection.defaultTlp(),
                                                                    valid,
                                                                    request.sees(),
                                                                    nowMicros(),
                                                                    pulled),
                                                            apart::set);
                                            written = request.withNotes(valid, written);
                                            all.addAll(written);
                                            recordReceived(
                                                    collection,
                                                    posting.principalId(),
                                                    valid,
                                                    written,
                                                    addedBefore);
                                            all.addAll(rejected);
                                            statuses.appendChunk(
                                                    chunk.statusId(),
                                                    chunk.number(),
                                                    all,
                                                    nowMicros());
                                            if (!pulled && request.otherSender().isPresent()) {
                                                // a pull's refusals are the peer's events
                                                refusals.record(
                                                        request.otherSender().get(),
                                                        nowMicros(),
                                                        all);
                                            }
                                            if (chunk.hook().isPresent()) {
                                                chunk.hook()
                                                        .get()
                                                        .committing(plus(chunk.before(), all));
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
                for (Ingest.Observer o : observers) {
                    o.stored(collection, fresh);
                }
            }
        }
        return outcomes;
    }

    private static Counter received(MeterRegistry meters, String outcome) {
        return Counter.builder("entente.objects.received")
                .description("objects received by POST or import, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    /**
     * Records in the ledger, in the chunk's transaction, the objects newly stored that came from
     * another organisation (an exact duplicate of what we held adds nothing to the record): one
     * {@code RECEIVED_PAGE} entry per clause (organisation, agreement and area) listing its
     * versions in the chunk's order (docs/adr/0025).
     */
    private void recordReceived(
            Collection collection,
            String principalId,
            List<PreparedObject> valid,
            List<StatusDetail> outcomes,
            long addedBefore) {
        Map<ObjectFacts.Source, List<DisclosedVersion>> byClause = new LinkedHashMap<>();
        for (int i = 0; i < valid.size(); i++) {
            PreparedObject o = valid.get(i);
            StatusDetail d = outcomes.get(i);
            if (o.origin().isEmpty() || d.isFailure() || d.held()) {
                continue;
            }
            byClause.computeIfAbsent(o.origin().get(), k -> new ArrayList<>())
                    .add(
                            new DisclosedVersion(
                                    o.id(),
                                    d.version(),
                                    o.type(),
                                    o.tlp().orElse(collection.defaultTlp())));
        }
        if (byClause.isEmpty()) {
            return;
        }
        long at = nowMicros();
        String rule = "received into " + collection.alias().orElse(collection.id());
        List<LedgerEntry.Draft> received = new ArrayList<>();
        byClause.forEach(
                (source, versions) ->
                        received.addAll(
                                LedgerEntry.Draft.pages(
                                        LedgerEntry.Kind.RECEIVED_PAGE,
                                        at,
                                        principalId,
                                        source.org(),
                                        source.agreement(),
                                        source.area(),
                                        rule,
                                        versions)));
        // the chunk's new rows lie between the collection's newest date_added before it and after
        long addedAfter = lastAdded(collection);
        ledger.append(received, new Ledger.Span(Math.min(addedBefore + 1, addedAfter), addedAfter));
    }

    private static boolean fromElsewhere(List<PreparedObject> valid) {
        for (PreparedObject o : valid) {
            if (o.origin().isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** The collection's newest date_added, in the chunk's transaction. */
    private long lastAdded(Collection collection) {
        return db.jdbc()
                .sql("SELECT last_added FROM collections WHERE id = :id")
                .param("id", collection.id())
                .query(Long.class)
                .single();
    }

    private static Ingest.Totals plus(Ingest.Totals before, List<StatusDetail> outcomes) {
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
        return new Ingest.Totals(stored, held, refused);
    }
}
