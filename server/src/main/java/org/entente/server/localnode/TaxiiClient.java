package org.entente.server.localnode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.entente.stix.StixJson;
import tools.jackson.databind.JsonNode;

/**
 * A small client of a node we started ourselves, over real HTTP: TAXII requests and the REST API,
 * whole answers in memory. It trusts what the node answers, so it is for the demo and the tests
 * only; a partner's node is read through {@code federation.PeerClient}, which is bounded and
 * distrustful.
 */
public final class TaxiiClient {
    public static final String TAXII = "application/taxii+json;version=2.1";

    /** How long {@link #exchange} waits for an answer: a sync on a loaded machine is slow. */
    public static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http;
    private final URI base;
    private final Optional<String> authorization;

    /**
     * @param base the node's address, e.g. {@code https://localhost:8443/}
     * @param authorization the {@code Authorization} header of every request, if any
     */
    public TaxiiClient(HttpClient http, URI base, Optional<String> authorization) {
        this.http = Objects.requireNonNull(http, "http");
        this.base = Objects.requireNonNull(base, "base");
        this.authorization = Objects.requireNonNull(authorization, "authorization");
    }

    /** A response with its body parsed when it is JSON. */
    public record Response(int status, HttpResponse<byte[]> raw) {
        public JsonNode json() {
            return StixJson.parse(raw.body());
        }

        public String text() {
            return new String(raw.body(), StandardCharsets.UTF_8);
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }
    }

    /** A request to the node accepting TAXII, with the client's authorization. */
    public HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base.resolve(pathAndQuery)).header("Accept", TAXII);
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    public Response get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build());
    }

    public Response delete(String pathAndQuery) {
        return send(request(pathAndQuery).DELETE().build());
    }

    public Response post(String path, String body) {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    public Response post(String path, byte[] body) {
        return send(
                request(path)
                        .header("Content-Type", TAXII)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
    }

    /**
     * Any call, REST or TAXII: {@code body} (null for none) is sent as {@code mediaType}, which is
     * also what is accepted; the answer comes within {@link #CALL_TIMEOUT}.
     */
    public Response exchange(String method, String path, String body, String mediaType) {
        HttpRequest.Builder b = request(path).setHeader("Accept", mediaType).timeout(CALL_TIMEOUT);
        if (body != null) {
            b.header("Content-Type", mediaType);
        }
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return send(b.build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
