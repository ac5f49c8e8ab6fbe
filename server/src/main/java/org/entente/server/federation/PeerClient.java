package org.entente.server.federation;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSession;
import org.entente.stix.StixJson;
import org.entente.stix.Timestamps;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * A TAXII 2.1 client for one peer, distrustful by design: every answer is bounded in size and in
 * time and its media type is checked ({@link BoundedHttp}), and its JSON is read with the same
 * limits as what clients post to us. Failures come out as {@link PeerFailure} with a reason.
 */
final class PeerClient {
    static final String TAXII = "application/taxii+json;version=2.1";

    private final Peer peer;
    private final BoundedHttp http;
    private final FederationSettings limits;
    private volatile URI root;

    PeerClient(Peer peer, HttpClient http, FederationSettings limits, Clock clock) {
        this.peer = peer;
        this.http = new BoundedHttp(peer, http, limits, clock);
        this.limits = limits;
    }

    /** A collection as the peer lists it (TAXII 5.2.1). */
    record RemoteCollection(
            String id,
            Optional<String> title,
            Optional<String> alias,
            Optional<String> description,
            boolean canRead,
            boolean canWrite) {}

    /** What the peer's API root says of itself (TAXII 4.2.1). */
    record RemoteRoot(String title, long maxContentLength) {}

    /**
     * A page of objects: the envelope as received (Ingest reads it) and what paging needs.
     *
     * @param dateAddedLast the {@code X-TAXII-Date-Added-Last} header, when the peer sent a valid
     *     one
     */
    record ObjectsPage(
            byte[] body,
            int count,
            boolean more,
            Optional<String> next,
            Optional<String> dateAddedLast) {
        /**
         * The page without its body, once the body was handed on (to a scan that keeps it until the
         * page is stored): a body may be as large as {@code max-response-bytes}, and a page fetched
         * ahead waits beside the one being stored.
         */
        ObjectsPage withoutBody() {
            return new ObjectsPage(new byte[0], count, more, next, dateAddedLast);
        }
    }

    /** One line of a status resource. */
    record StatusLine(String id, String version, Optional<String> message) {}

    /** A status resource (TAXII 4.3.1). */
    record RemoteStatus(
            String id,
            boolean complete,
            int total,
            List<StatusLine> successes,
            List<StatusLine> failures,
            List<StatusLine> pendings) {}

    /** The peer's discovery resource's default API root, or the one configured. */
    URI root() {
        URI r = root;
        if (r == null) {
            String configured = peer.apiRoot().orElse(null);
            if (configured == null) {
                JsonNode discovery = json(http.get(peer.url().resolve("taxii2/")), "discovery");
                JsonNode def = discovery.get("default");
                if (def == null || !def.isString()) {
                    JsonNode roots = discovery.get("api_roots");
                    if (roots == null || !roots.isArray() || roots.isEmpty()) {
                        throw bad("its discovery resource names no API root");
                    }
                    def = roots.get(0);
                }
                configured = def.asString();
            }
            URI resolved = peer.url().resolve(configured);
            r = resolved.toString().endsWith("/") ? resolved : URI.create(resolved + "/");
            if (!r.getScheme().equals(peer.url().getScheme())) {
                throw bad("its API root " + r + " leaves " + peer.url().getScheme());
            }
            root = r;
        }
        return r;
    }

    /** The title of the peer's discovery resource (TAXII 4.1), asked with our credentials. */
    String discover() {
        JsonNode d = json(http.get(peer.url().resolve("taxii2/")), "discovery");
        return d.path("title").asString("");
    }

    /** The TLS session of the last answer, for {@code peer test}. */
    Optional<SSLSession> lastSession() {
        return http.lastSession();
    }

    RemoteRoot apiRoot() {
        JsonNode r = json(http.get(root()), "API root");
        JsonNode max = r.get("max_content_length");
        JsonNode title = r.get("title");
        return new RemoteRoot(
                title != null && title.isString() ? title.stringValue() : "",
                max != null && max.canConvertToLong() && max.longValue() > 0
                        ? max.longValue()
                        : Long.MAX_VALUE);
    }

    List<RemoteCollection> collections() {
        JsonNode r = json(http.get(root().resolve("collections/")), "collections");
        JsonNode list = r.get("collections");
        List<RemoteCollection> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (!list.isArray()) {
            throw bad("its collections resource has no list of collections");
        }
        for (JsonNode c : list) {
            JsonNode id = c.get("id");
            if (id == null
                    || !id.isString()
                    || !id.stringValue().matches("[A-Za-z0-9._~-]{1,300}")) {
                throw bad("it lists a collection without a usable id: " + abbreviate(c.toString()));
            }
            out.add(
                    new RemoteCollection(
                            id.stringValue(),
                            text(c, "title"),
                            text(c, "alias"),
                            text(c, "description"),
                            c.path("can_read").asBoolean(false),
                            c.path("can_write").asBoolean(false)));
        }
        return out;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? Optional.of(v.stringValue()) : Optional.empty();
    }

    /**
     * A page of a collection's objects, every version, from where the cursor stands.
     *
     * @param limit objects asked for; the peer may send fewer
     */
    ObjectsPage objects(String collectionId, PeerCollection.PullCursor cursor, int limit) {
        StringBuilder query = new StringBuilder("?limit=").append(limit);
        query.append("&match%5Bversion%5D=all");
        cursor.after().ifPresent(a -> query.append("&added_after=").append(encode(a)));
        cursor.next().ifPresent(n -> query.append("&next=").append(encode(n)));
        HttpResponse<byte[]> r =
                http.get(root().resolve("collections/" + collectionId + "/objects/" + query));
        byte[] body = r.body();
        Envelope e = scan(body);
        Optional<String> last =
                r.headers()
                        .firstValue("X-TAXII-Date-Added-Last")
                        .filter(v -> Timestamps.problem(v) == null);
        return new ObjectsPage(body, e.count(), e.more(), e.next(), last);
    }

    /** Which of {@code ids}' versions the peer holds, as "id|version" (its manifest). */
    Set<String> held(String collectionId, List<String> ids) {
        Set<String> held = new HashSet<>();
        for (int from = 0; from < ids.size(); from += 50) {
            List<String> slice = ids.subList(from, Math.min(ids.size(), from + 50));
            String next = null;
            int pages = 0;
            do {
                String query =
                        "?match%5Bid%5D="
                                + encode(String.join(",", slice))
                                + "&match%5Bversion%5D=all"
                                + (next == null ? "" : "&next=" + encode(next));
                JsonNode m =
                        json(
                                http.get(
                                        root().resolve(
                                                        "collections/"
                                                                + collectionId
                                                                + "/manifest/"
                                                                + query)),
                                "manifest");
                for (JsonNode o : m.path("objects")) {
                    held.add(o.path("id").asString("") + "|" + o.path("version").asString(""));
                }
                JsonNode n = m.get("next");
                next =
                        m.path("more").asBoolean(false) && n != null && n.isString()
                                ? n.stringValue()
                                : null;
            } while (next != null && ++pages < limits.maxPagesPerRun());
        }
        return held;
    }

    RemoteStatus post(String collectionId, byte[] envelope) {
        HttpRequest request =
                http.request(root().resolve("collections/" + collectionId + "/objects/"))
                        .header("Content-Type", TAXII)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(envelope))
                        .build();
        return status(json(http.send(request), "status"));
    }

    RemoteStatus status(String statusId) {
        return status(json(http.get(root().resolve("status/" + encode(statusId) + "/")), "status"));
    }

    private RemoteStatus status(JsonNode s) {
        JsonNode id = s.get("id");
        JsonNode state = s.get("status");
        if (id == null || !id.isString() || state == null || !state.isString()) {
            throw bad("its status resource lacks id or status: " + abbreviate(s.toString()));
        }
        return new RemoteStatus(
                id.stringValue(),
                state.stringValue().equals("complete"),
                s.path("total_count").asInt(0),
                lines(s.get("successes")),
                lines(s.get("failures")),
                lines(s.get("pendings")));
    }

    private static List<StatusLine> lines(JsonNode list) {
        List<StatusLine> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (JsonNode d : list) {
                out.add(
                        new StatusLine(
                                d.path("id").asString(""),
                                d.path("version").asString(""),
                                text(d, "message")));
            }
        }
        return out;
    }

    private JsonNode json(HttpResponse<byte[]> r, String what) {
        if (r.body() == null || r.body().length == 0) {
            throw bad("its " + what + " resource is empty");
        }
        try {
            JsonNode node = StixJson.parse(r.body());
            if (node == null || !node.isObject()) {
                throw bad("its " + what + " resource is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw bad("its " + what + " resource is not well-formed JSON: " + e.getMessage());
        }
    }

    private PeerFailure bad(String why) {
        return new PeerFailure(PeerFailure.Kind.BAD_RESPONSE, peer.name() + ": " + why);
    }

    /**
     * Reads an envelope for paging without the parser's own duplicate check: that check keeps a set
     * of names for every object it passes, and this scan only skips the objects, which {@code
     * Ingest} reads again with the check (these sets were 5.8 % of what a node catching up
     * allocated: docs/benchmarks.md, "Session 38"). The envelope's own names are checked here.
     */
    private static final ObjectReader SCANNER =
            StixJson.mapper().reader().without(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    /** A peer's property name as a message quotes it: its first 64 characters. */
    private static String clipped(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }

    /** What paging needs from an envelope, read token by token (Ingest then reads the objects). */
    record Envelope(boolean more, Optional<String> next, int count) {}

    Envelope scan(byte[] body) {
        try (JsonParser p = SCANNER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad("its objects page is not a TAXII envelope ({\"objects\": [...]})");
            }
            boolean more = false;
            Optional<String> next = Optional.empty();
            int count = 0;
            Set<String> names = new HashSet<>();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                if (!names.add(name)) {
                    throw bad("its envelope has the property '" + clipped(name) + "' twice");
                }
                JsonToken value = p.nextToken();
                switch (name) {
                    case "more" -> {
                        if (!value.isBoolean()) {
                            throw bad("its envelope's 'more' is not true or false");
                        }
                        more = value == JsonToken.VALUE_TRUE;
                    }
                    case "next" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw bad("its envelope's 'next' is not a string");
                        }
                        String n = p.getString();
                        if (n.length() > 1000) {
                            throw bad("its envelope's 'next' is longer than 1000 characters");
                        }
                        next = Optional.of(n);
                    }
                    case "objects" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw bad("its envelope's 'objects' is not a list");
                        }
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            p.skipChildren();
                            count++;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw bad("its envelope does not end where it should");
            }
            return new Envelope(more, next, count);
        } catch (JacksonException e) {
            var where = e.getLocation();
            throw bad(
                    "its objects page is not well-formed JSON: "
                            + e.getOriginalMessage()
                            + (where == null
                                    ? ""
                                    : " (line "
                                            + where.getLineNr()
                                            + ", column "
                                            + where.getColumnNr()
                                            + ")"));
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }
}
