package org.entente.server.store;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.entente.server.collection.Collection;
import org.entente.server.db.Database;
import org.entente.server.error.ApiException;
import org.entente.stix.ObjectStream;
import org.entente.stix.StixJson;
import org.entente.stix.StixObject;
import org.entente.stix.StixParseException;
import org.entente.stix.ValidationResult;
import org.entente.stix.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Adds the objects of an envelope to a collection: the use case behind TAXII's POST and the CLI's
 * import.
 *
 * <p>First the whole body is checked to be well-formed JSON, so that a syntax error anywhere
 * rejects the request with nothing written. Then objects are validated one at a time and written in
 * chunks, one transaction each, together with the chunk's lines of the status resource: after a
 * crash every object is either stored and listed in its status, or absent.
 */
public final class Ingest {
    /** Progress of a long import, for the CLI's progress bar. */
    public interface Listener {
        /** Called once the body was checked, with the number of objects it holds. */
        default void started(int total) {}

        void chunkWritten(int objectsSoFar, int failuresSoFar);

        Listener NONE = (objects, failures) -> {};
    }

    /** What a body may hold: TAXII POSTs take envelopes only, the CLI any form of STIX. */
    public enum Shape {
        ENVELOPE,
        ANY
    }

    private final Database db;
    private final ObjectDao objects;
    private final StatusDao statuses;
    private final Validator validator;
    private final Clock clock;
    private final int chunkSize;

    public Ingest(
            Database db,
            ObjectDao objects,
            StatusDao statuses,
            Validator validator,
            Clock clock,
            int chunkSize) {
        this.db = db;
        this.objects = objects;
        this.statuses = statuses;
        this.validator = validator;
        this.clock = clock;
        this.chunkSize = chunkSize;
    }

    public PostStatus add(
            Collection collection, String principalId, Payload payload, Listener listener) {
        return add(collection, principalId, payload, Shape.ENVELOPE, listener);
    }

    public PostStatus add(
            Collection collection,
            String principalId,
            Payload payload,
            Shape shape,
            Listener listener) {
        int total = countObjects(payload, shape);
        listener.started(total);
        String statusId = UUID.randomUUID().toString();
        long requested = nowMicros();
        statuses.create(
                statusId, collection.apiRoot(), collection.id(), principalId, requested, total);

        List<PreparedObject> chunk = new ArrayList<>(chunkSize);
        List<StatusDetail> rejected = new ArrayList<>();
        int chunkNo = 0;
        int done = 0;
        int failed = 0;
        try (InputStream in = payload.open();
                ObjectStream stream = ObjectStream.open(in)) {
            while (stream.hasNext()) {
                JsonNode node = stream.next();
                ValidationResult result = validator.validate(node);
                if (result.valid()) {
                    chunk.add(PreparedObject.of(StixObject.of(node)));
                } else {
                    rejected.add(
                            StatusDetail.failure(
                                    result.id().orElse("object " + (stream.count() - 1)),
                                    versionOf(node),
                                    result.errorSummary()));
                }
                if (chunk.size() + rejected.size() >= chunkSize) {
                    failed += rejected.size();
                    done += write(collection, statusId, chunkNo++, chunk, rejected);
                    listener.chunkWritten(done, failed);
                    chunk.clear();
                    rejected.clear();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!chunk.isEmpty() || !rejected.isEmpty()) {
            failed += rejected.size();
            done += write(collection, statusId, chunkNo, chunk, rejected);
            listener.chunkWritten(done, failed);
        }
        statuses.complete(statusId, nowMicros());
        return statuses.find(collection.apiRoot(), statusId, nowMicros()).orElseThrow();
    }

    private int write(
            Collection collection,
            String statusId,
            int chunkNo,
            List<PreparedObject> valid,
            List<StatusDetail> rejected) {
        return db.inTransaction(
                () -> {
                    List<StatusDetail> outcomes = new ArrayList<>(valid.size() + rejected.size());
                    outcomes.addAll(objects.insertChunk(collection.id(), valid, nowMicros()));
                    outcomes.addAll(rejected);
                    statuses.appendChunk(statusId, chunkNo, outcomes, nowMicros());
                    return outcomes.size();
                });
    }

    private static String versionOf(JsonNode node) {
        if (node != null && node.isObject()) {
            for (String key : new String[] {"modified", "created"}) {
                JsonNode v = node.get(key);
                if (v != null && v.isString()) {
                    return v.stringValue();
                }
            }
        }
        return "unknown";
    }

    /**
     * Reads the whole body once, token by token, and counts its objects; throws with the line and
     * column of the first syntax error. Cheap next to building trees.
     */
    static int countObjects(Payload payload, Shape shape) {
        try (InputStream in = payload.open();
                JsonParser parser = StixJson.mapper().createParser(in)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw ApiException.invalid("the body is empty: send a TAXII envelope");
            }
            int count = 0;
            do {
                if (token == JsonToken.START_OBJECT) {
                    count += objectsIn(parser, shape);
                } else if (token == JsonToken.START_ARRAY && shape == Shape.ANY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        parser.skipChildren();
                        count++;
                    }
                } else {
                    throw ApiException.unprocessable(
                            "the body must be a TAXII envelope ({\"objects\": [...]}), not a JSON "
                                    + (token == JsonToken.START_ARRAY ? "array" : "value"));
                }
                token = parser.nextToken();
                if (token != null && shape == Shape.ENVELOPE) {
                    throw ApiException.invalid(
                            "the body has content after the envelope"
                                    + at(
                                            parser.currentLocation().getLineNr(),
                                            parser.currentLocation().getColumnNr()));
                }
            } while (token != null);
            return count;
        } catch (JacksonException e) {
            var where = e.getLocation();
            throw ApiException.invalid(
                    "the body is not well-formed JSON: "
                            + e.getOriginalMessage()
                            + (where == null ? "" : at(where.getLineNr(), where.getColumnNr())));
        } catch (StixParseException e) {
            throw ApiException.invalid(e.getMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Counts the objects of one top-level JSON object: the items of its {@code objects} list when
     * it is an envelope or bundle, else the object itself (JSON lines of STIX objects).
     */
    private static int objectsIn(JsonParser parser, Shape shape) {
        int count = 0;
        boolean container = false;
        boolean typed = false; // a STIX object has a type; an envelope has none
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("objects") && value == JsonToken.START_ARRAY) {
                container = true;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    parser.skipChildren();
                    count++;
                }
            } else {
                if (name.equals("objects") && shape == Shape.ENVELOPE) {
                    throw ApiException.unprocessable(
                            "the envelope's 'objects' must be a list of STIX objects");
                }
                if (name.equals("type")) {
                    typed = value != JsonToken.VALUE_STRING || !parser.getString().equals("bundle");
                }
                parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw ApiException.invalid("the body ends inside an object");
        }
        if (container || !typed) {
            return count;
        }
        if (shape == Shape.ENVELOPE) {
            throw ApiException.unprocessable(
                    "the body must be a TAXII envelope with an 'objects' list, not a single"
                            + " object");
        }
        return 1;
    }

    private static String at(long line, long column) {
        return " (line " + line + ", column " + column + ")";
    }

    private long nowMicros() {
        var now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** For tests and the CLI: the status of an earlier POST. */
    public Optional<PostStatus> status(String apiRoot, String id) {
        return statuses.find(apiRoot, id, nowMicros());
    }
}
