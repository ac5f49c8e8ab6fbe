package org.entente.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.entente.server.error.ErrorResource;
import org.entente.server.error.ErrorResponses;
import org.entente.stix.StixJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's answer to requests it refuses before the application sees them (an encoded slash or NUL
 * in the path, headers over the size limit, a malformed request line): the TAXII error resource
 * saying what is wrong, instead of Tomcat's HTML page. Tomcat makes one per host from this class
 * name, so it has a public no-argument constructor.
 */
public class TaxiiErrorValve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String reason =
                HttpStatusCode.valueOf(status) instanceof HttpStatus s
                        ? s.getReasonPhrase()
                        : "Error";
        ErrorResource error =
                ErrorResponses.resource(
                        status,
                        reason,
                        describe(request, response, throwable, reason),
                        "http_" + status,
                        Map.of());
        try {
            byte[] body = StixJson.mapper().writeValueAsBytes(error);
            response.setContentType(ErrorResponses.TAXII_MEDIA_TYPE);
            response.setContentLength(body.length);
            OutputStream out = response.getOutputStream();
            out.write(body);
            out.flush();
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is committed: nothing more to say
        }
    }

    /** What is wrong, in the words a client can act on; never Tomcat's internals. */
    static String describe(Request request, Response response, Throwable throwable, String reason) {
        String uri = request.getRequestURI() == null ? "" : request.getRequestURI();
        String lower = uri.toLowerCase(Locale.ROOT);
        String message = response.getMessage() == null ? "" : response.getMessage();
        String cause =
                throwable == null || throwable.getMessage() == null ? "" : throwable.getMessage();
        if (lower.contains("%2f") || lower.contains("%5c")) {
            return "the path contains an encoded '/' (%2F) or '\\' (%5C), which this server does not"
                    + " accept: TAXII paths are made of ids and aliases that never hold one";
        }
        if (lower.contains("%00")) {
            return "the path contains an encoded NUL character (%00), which this server does not"
                    + " accept";
        }
        String both = (message + " " + cause).toLowerCase(Locale.ROOT);
        if (both.contains("header")) {
            return "the request's headers are larger than this server accepts, or malformed: send"
                    + " shorter headers";
        }
        if (both.contains("uri")
                || both.contains("request target")
                || both.contains("request line")) {
            return "the request line or its path cannot be read: check its characters and encoding";
        }
        return "the request was refused before it was read: " + reason;
    }
}
