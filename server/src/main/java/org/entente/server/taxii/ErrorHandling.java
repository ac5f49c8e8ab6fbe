package org.entente.server.taxii;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.UUID;
import org.entente.server.auth.Caller;
import org.entente.server.auth.SecurityConfig;
import org.entente.server.error.ApiException;
import org.entente.server.error.ErrorResource;
import org.entente.server.error.ErrorResponses;
import org.entente.stix.StixJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error becomes the TAXII error resource, here and nowhere else. Unexpected failures are
 * logged with an error id that the response repeats, and leak nothing else.
 */
@RestControllerAdvice
class ErrorHandling {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

    /**
     * The error as bytes with a Content-Length: when a request is refused before its body was read,
     * the container may close the connection after answering, and a chunked answer could then reach
     * the client cut short.
     */
    static ResponseEntity<byte[]> respond(
            int status,
            String title,
            String description,
            String code,
            Map<String, Object> details) {
        return bytes(status, ErrorResponses.resource(status, title, description, code, details));
    }

    private static ResponseEntity<byte[]> bytes(int status, ErrorResource error) {
        if (status != 401 && Caller.refusedNow()) {
            // credentials kept from an earlier request that no longer authenticate (ADR 0039):
            // the answer any refused credential gets, which tells nothing of this request
            ApiException.Kind refused = ApiException.Kind.UNAUTHENTICATED;
            return bytes(
                    refused.status,
                    ErrorResponses.resource(
                            refused.status,
                            refused.title,
                            SecurityConfig.REFUSED,
                            "unauthenticated",
                            Map.of()));
        }
        byte[] body = StixJson.mapper().writeValueAsBytes(error);
        var response =
                ResponseEntity.status(status)
                        .contentType(MediaType.parseMediaType(ErrorResponses.TAXII_MEDIA_TYPE))
                        .contentLength(body.length);
        if (status == 401) {
            response.header("WWW-Authenticate", SecurityConfig.CHALLENGE);
        }
        return response.body(body);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<byte[]> api(ApiException e) {
        ApiException.Kind kind = e.kind();
        return respond(
                kind.status,
                kind.title,
                e.getMessage(),
                kind.name().toLowerCase(java.util.Locale.ROOT),
                e.details());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<byte[]> noResource(NoResourceFoundException e, HttpServletRequest request) {
        String path = request.getRequestURI();
        String hint = path.endsWith("/") ? "" : "; TAXII paths end with '/': try " + path + "/";
        return respond(
                404, "Not found", "nothing is served at " + path + hint, "not_found", Map.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<byte[]> method(HttpRequestMethodNotSupportedException e) {
        return respond(
                405,
                "Method not allowed",
                e.getMethod() + " is not supported here; use " + e.getSupportedHttpMethods(),
                "method_not_allowed",
                Map.of());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<byte[]> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(
                406,
                "Not acceptable",
                "send Accept: " + MediaTypes.TAXII,
                "not_acceptable",
                Map.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<byte[]> unsupported(HttpMediaTypeNotSupportedException e) {
        return respond(
                415,
                "Unsupported media type",
                "send Content-Type: " + MediaTypes.TAXII,
                "unsupported_media_type",
                Map.of());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<byte[]> tooLarge(MaxUploadSizeExceededException e) {
        return respond(413, "Request too large", e.getMessage(), "too_large", Map.of());
    }

    /**
     * A POST that failed part-way: the answer is a 500 like any unexpected failure, but names the
     * status resource, which lists what was stored before the failure and counts the rest as not
     * processed.
     */
    @ExceptionHandler(PostFailed.class)
    ResponseEntity<byte[]> postFailed(PostFailed e, HttpServletRequest request) {
        String errorId = UUID.randomUUID().toString();
        LOG.error(
                "error {} on {} {} (status {})",
                errorId,
                request.getMethod(),
                request.getRequestURI(),
                e.statusId(),
                e.getCause());
        return bytes(
                500,
                new ErrorResource(
                        "Internal error",
                        "the node failed while adding these objects; the ones before the failure"
                                + " are stored and status "
                                + e.statusId()
                                + " lists them, the others are counted there as not processed:"
                                + " post those again; quote error id "
                                + errorId
                                + " to the node's operator",
                        errorId,
                        "internal",
                        "500",
                        Map.of("status_id", e.statusId())));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> unexpected(Exception e, HttpServletRequest request) {
        String errorId = UUID.randomUUID().toString();
        LOG.error("error {} on {} {}", errorId, request.getMethod(), request.getRequestURI(), e);
        return bytes(
                500,
                new ErrorResource(
                        "Internal error",
                        "the node failed to handle this request; quote error id "
                                + errorId
                                + " to its operator",
                        errorId,
                        "internal",
                        "500",
                        Map.of()));
    }

    /** Errors raised outside Spring MVC (the container, filters) end up here. */
    @RestController
    static class ContainerErrors implements ErrorController {
        @RequestMapping("/error")
        ResponseEntity<byte[]> error(HttpServletRequest request) {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            int status = code instanceof Integer i ? i : 500;
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            String reason =
                    HttpStatusCode.valueOf(status) instanceof HttpStatus s
                            ? s.getReasonPhrase()
                            : "Error";
            return respond(
                    status,
                    reason,
                    message == null || message.toString().isBlank() ? reason : message.toString(),
                    "http_" + status,
                    Map.of());
        }
    }
}
