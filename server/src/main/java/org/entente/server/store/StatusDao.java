package org.entente.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.entente.server.db.Database;
import org.entente.stix.StixJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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
        ArrayNode successes = JsonNodeFactory.instance.arrayNode();
        ArrayNode failures = JsonNodeFactory.instance.arrayNode();
        for (StatusDetail d : outcomes) {
            ObjectNode node = (d.isFailure() ? failures : successes).addObject();
            node.put("id", d.id()).put("version", d.version());
            d.message().ifPresent(m -> node.put("message", m));
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
                .param("successes", StixJson.mapper().writeValueAsString(successes))
                .param("failures", StixJson.mapper().writeValueAsString(failures))
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

    public Optional<PostStatus> find(String apiRoot, String id, long nowMicros) {
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
        List<StatusDetail> successes = new ArrayList<>();
        List<StatusDetail> failures = new ArrayList<>();
        db.jdbc()
                .sql(
                        "SELECT successes, failures FROM status_chunks WHERE status_id = :id"
                                + " ORDER BY chunk")
                .param("id", id)
                .query(
                        (java.sql.ResultSet rs) -> {
                            read(rs.getString("successes"), successes, false);
                            read(rs.getString("failures"), failures, true);
                        });
        Head h = head.get();
        boolean complete =
                h.status().equals("complete")
                        || nowMicros - h.updatedAt() > ABANDONED_AFTER.toNanos() / 1000;
        int total =
                complete && !h.status().equals("complete")
                        ? successes.size() + failures.size()
                        : h.total();
        return Optional.of(
                new PostStatus(
                        id,
                        h.collectionId(),
                        h.principalId(),
                        complete,
                        h.requestTimestamp(),
                        total,
                        successes.size(),
                        (int) successes.stream().filter(d -> d.message().isPresent()).count(),
                        failures.size(),
                        successes,
                        failures));
    }

    private static void read(String json, List<StatusDetail> into, boolean failure) {
        for (JsonNode d : StixJson.parse(json)) {
            String id = d.get("id").stringValue();
            String version = d.get("version").stringValue();
            JsonNode message = d.get("message");
            into.add(
                    new StatusDetail(
                            id,
                            version,
                            message == null ? Optional.empty() : Optional.of(message.stringValue()),
                            failure));
        }
    }
}
