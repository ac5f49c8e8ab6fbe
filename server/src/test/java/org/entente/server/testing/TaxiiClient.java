package org.entente.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.entente.stix.StixJson;
import tools.jackson.databind.JsonNode;

/** A small TAXII client over real HTTP for tests. */
public final class TaxiiClient {
    public static final String TAXII = "application/taxii+json;version=2.1";

    private final HttpClient http;
    private final URI base;
    private final Optional<String> authorization;

    TaxiiClient(HttpClient http, URI base, Optional<String> authorization) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
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

    public Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
