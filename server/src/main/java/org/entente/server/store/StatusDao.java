package org.entente.server.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.entente.server.db.Database;
import org.entente.stix.StixJson;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Status resources of POST requests. Each committed chunk of a POST writes its outcomes here in its
 * own transaction, so the status always lists exactly what is stored.
 */
public final class StatusDao {
    /**
     * A status still pending after this long without progress belongs to a request whose process
     * died (kill -9, power loss): it is reported complete with what was committed.
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    private final Database db;

    public StatusDao(Database db) {
        this.db = db;
    }

    public void create(
            String id,
            String apiRoot,
            String collectionId,
            String principalId,
            long requestTimestamp,
            int totalCount) {
        db.jdbc()
                .sql(
                        """
                        INSERT INTO statuses (id, api_root, collection_id, principal_id, status,
                                              request_timestamp, total_count, updated_at)
                        VALUES (:id, :root, :c, :p, 'pending', :ts, :total, :ts)
                        """)
                .param("id", id)
                .param("root", apiRoot)
                .param("c", collectionId)
                .param("p", principalId)
                .param("ts", requestTimestamp)
                .param("total", totalCount)
                .update();
    }

    /** Records a committed chunk; call inside the chunk's transaction. */
    public void appendChunk(String statusId, int chunk, List<StatusDetail> outcomes, long now) {
        List<StatusDetail> successes = new ArrayList<>();
        List<StatusDetail> failures = new ArrayList<>();
        for (StatusDetail d : outcomes) {
            (d.isFailure() ? failures : successes).add(d);
        }
        db.jdbc()
                .sql(
                        """
                        INSERT INTO status_chunks (status_id, chunk, success_count, failure_count,
                                                   successes, failures)
                        VALUES (:id, :chunk, :ok, :failed, :successes, :failures)
                        """)
                .param("id", statusId)
                .param("chunk", chunk)
                .param("ok", successes.size())
                .param("failed", failures.size())
                .param("successes", json(successes))
                .param("failures", json(failures))
                .update();
        db.jdbc()
                .sql("UPDATE statuses SET updated_at = :now WHERE id = :id")
                .param("now", now)
                .param("id", statusId)
                .update();
    }

    public void complete(String statusId, long now) {
        db.jdbc()
                .sql("UPDATE statuses SET status = 'complete', updated_at = :now WHERE id = :id")
                .param("now", now)
                .param("id", statusId)
                .update();
    }

    /**
     * Completes the status of a request that failed part-way: the objects from {@code processed} on
     * were never reached, and are counted as failures under one line (their ids were never read).
     * Call inside a transaction of its own, after the failed one rolled back.
     */
    public void stop(String statusId, int chunk, int processed, int total, String why, long now) {
        if (processed < total) {
            StatusDetail rest = notProcessed(processed, total, why);
            db.jdbc()
                    .sql(
                            """
                            INSERT INTO status_chunks (status_id, chunk, success_count,
                                                       failure_count, successes, failures)
                            VALUES (:id, :chunk, 0, :failed, '[]', :failures)
                            """)
                    .param("id", statusId)
                    .param("chunk", chunk)
                    .param("failed", total - processed)
                    .param("failures", json(List.of(rest)))
                    .update();
        }
        complete(statusId, now);
    }

    /** The one line that stands for the objects of a request from {@code processed} on. */
    static StatusDetail notProcessed(int processed, int total, String cause) {
        int left = total - processed;
        return StatusDetail.failure(
                left == 1 ? "object " + processed : "objects " + processed + " to " + (total - 1),
                "unknown",
                "not processed: "
                        + cause
                        + " before reaching "
                        + (left == 1 ? "this object" : "these " + left + " objects")
                        + " (positions in the request's list of objects, counted from 0); post"
                        + " them again");
    }

    /**
     * The lines as a JSON array of {@code id}, {@code version} and {@code message} when there is
     * one, written straight out as UTF-8: a chunk's thousand lines are written under its
     * collection's lock, and a tree of them first made a map per line (session 39: 4 % of what an
     * ingest allocated).
     */
    static String json(List<StatusDetail> details) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + details.size() * 96);
        try (JsonGenerator g = StixJson.mapper().createGenerator(out)) {
            g.writeStartArray();
            for (StatusDetail d : details) {
                g.writeStartObject();
                g.writeStringProperty("id", d.id());
                g.writeStringProperty("version", d.version());
                if (d.message().isPresent()) {
                    g.writeStringProperty("message", d.message().get());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The first page of a status, with the default number of lines per page. */
    public Optional<PostStatus> find(String apiRoot, String id, long nowMicros) {
        return find(apiRoot, id, nowMicros, 0, RequestLimits.DEFAULTS.statusDetailsPerPage());
    }

    /**
     * A page of a status: its counts, always complete, and the lines of the chunks from {@code
     * fromChunk} on that fit in {@code linesPerPage} (at least one chunk). Only that page is read
     * from the database, whatever the size of the request.
     */
    public Optional<PostStatus> find(
            String apiRoot, String id, long nowMicros, int fromChunk, int linesPerPage) {
        record Head(
                String collectionId,
                String principalId,
                String status,
                long requestTimestamp,
                int total,
                long updatedAt) {}
        Optional<Head> head =
                db.jdbc()
                        .sql("SELECT * FROM statuses WHERE api_root = :root AND id = :id")
                        .param("root", apiRoot)
                        .param("id", id)
                        .query(
                                (rs, n) ->
                                        new Head(
                                                rs.getString("collection_id"),
                                                rs.getString("principal_id"),
                                                rs.getString("status"),
                                                rs.getLong("request_timestamp"),
                                                rs.getInt("total_count"),
                                                rs.getLong("updated_at")))
                        .optional();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        // NB: a held object's line is the only success line with a message, and a message key
        // cannot occur inside a JSON string (its quotes would be escaped): counting the key in
        // SQL gives the exact count without reading any line into memory
        record Counts(long successes, long failures, long held) {}
        Counts counts =
                db.jdbc()
                        .sql(
                                """
                                SELECT COALESCE(SUM(success_count), 0),
                                       COALESCE(SUM(failure_count), 0),
                                       COALESCE(SUM((LENGTH(successes)
                                           - LENGTH(REPLACE(successes, '"message":', ''))) / 10), 0)
                                  FROM status_chunks WHERE status_id = :id
                                """)
                        .param("id", id)
                        .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                        .single();
        StatusPage page = new StatusPage(linesPerPage);
        List<Integer> chunks = new ArrayList<>();
        db.jdbc()
                .sql(
                        """
                        SELECT chunk, success_count + failure_count FROM status_chunks
                         WHERE status_id = :id AND chunk >= :from ORDER BY chunk LIMIT CAST(:rows AS INTEGER)
                        """)
                .param("id", id)
                .param("from", fromChunk)
                // every chunk holds at least one line: a page never needs more rows than this
                .param("rows", linesPerPage + 1)
                .query(
                        (java.sql.ResultSet rs) -> {
                            int chunk = rs.getInt(1);
                            if (page.takes(chunk, rs.getInt(2))) {
                                chunks.add(chunk);
                            }
                        });
        if (!chunks.isEmpty()) {
            db.jdbc()
                    .sql(
                            """
                            SELECT successes, failures FROM status_chunks
                             WHERE status_id = :id AND chunk >= :from AND chunk <= :to
                             ORDER BY chunk
                            """)
                    .param("id", id)
                    .param("from", chunks.get(0))
                    .param("to", chunks.get(chunks.size() - 1))
                    .query(
                            (java.sql.ResultSet rs) -> {
                                read(rs.getString("successes"), page, false);
                                read(rs.getString("failures"), page, true);
                            });
        }
        Head h = head.get();
        int processed = (int) (counts.successes() + counts.failures());
        boolean abandoned =
                !h.status().equals("complete")
                        && nowMicros - h.updatedAt() > ABANDONED_AFTER.toNanos() / 1000;
        int failures = (int) counts.failures();
        List<StatusDetail> failureLines = page.failures();
        if (abandoned && processed < h.total()) {
            // the process died mid-request (kill -9, power loss): what it never reached is said so
            failures += h.total() - processed;
            if (page.next().isEmpty()) {
                failureLines = new ArrayList<>(failureLines);
                failureLines.add(
                        notProcessed(processed, h.total(), "the node stopped (its process ended)"));
            }
        }
        return Optional.of(
                new PostStatus(
                        id,
                        h.collectionId(),
                        h.principalId(),
                        h.status().equals("complete") || abandoned,
                        h.requestTimestamp(),
                        h.total(),
                        (int) counts.successes(),
                        (int) counts.held(),
                        failures,
                        page.successes(),
                        failureLines,
                        page.next()));
    }

    private static void read(String json, StatusPage into, boolean failure) {
        for (JsonNode d : StixJson.parse(json)) {
            String id = d.get("id").stringValue();
            String version = d.get("version").stringValue();
            JsonNode message = d.get("message");
            into.line(
                    new StatusDetail(
                            id,
                            version,
                            message == null ? Optional.empty() : Optional.of(message.stringValue()),
                            failure));
        }
    }
}
