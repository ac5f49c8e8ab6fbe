package org.entente.server.error;

import java.util.Map;

/**
 * The ways a request can fail that a caller acts on. Each {@link Kind} maps to one HTTP status in
 * one place ({@code taxii.ErrorHandling}); the message is written for the person who sent the
 * request and says what is wrong and where.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        INVALID_INPUT(400, "Bad request"),
        UNAUTHENTICATED(401, "Authentication required"),
        FORBIDDEN(403, "Forbidden"),
        NOT_FOUND(404, "Not found"),
        NOT_ACCEPTABLE(406, "Not acceptable"),
        CONFLICT(409, "Conflict"),
        TOO_LARGE(413, "Request too large"),
        UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
        UNPROCESSABLE(422, "Unprocessable content");

        public final int status;
        public final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }
    }

    private final Kind kind;
    private final transient Map<String, Object> details;

    public ApiException(Kind kind, String message, Map<String, Object> details) {
        super(message);
        this.kind = kind;
        this.details = Map.copyOf(details);
    }

    public Kind kind() {
        return kind;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static ApiException invalid(String message) {
        return new ApiException(Kind.INVALID_INPUT, message, Map.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(Kind.NOT_FOUND, message, Map.of());
    }

    public static ApiException forbidden(String message) {
        return new ApiException(Kind.FORBIDDEN, message, Map.of());
    }

    public static ApiException conflict(String message) {
        return new ApiException(Kind.CONFLICT, message, Map.of());
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(Kind.TOO_LARGE, message, Map.of());
    }

    public static ApiException notAcceptable(String message) {
        return new ApiException(Kind.NOT_ACCEPTABLE, message, Map.of());
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(Kind.UNSUPPORTED_MEDIA_TYPE, message, Map.of());
    }

    public static ApiException unprocessable(String message) {
        return new ApiException(Kind.UNPROCESSABLE, message, Map.of());
    }
}
