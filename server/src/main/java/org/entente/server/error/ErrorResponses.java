package org.entente.server.error;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.entente.stix.StixJson;

/**
 * Writes the error resource straight to a servlet response: for the places outside Spring MVC
 * (security filters, the container's error page) that must answer in the same form.
 */
public final class ErrorResponses {
    public static final String TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1";

    private ErrorResponses() {}

    public static ErrorResource resource(
            int status,
            String title,
            String description,
            String code,
            Map<String, Object> details) {
        return new ErrorResource(
                title,
                description,
                UUID.randomUUID().toString(),
                code,
                Integer.toString(status),
                details);
    }

    public static void write(
            HttpServletResponse response, int status, String title, String description, String code)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setContentType(TAXII_MEDIA_TYPE);
        byte[] body =
                StixJson.mapper()
                        .writeValueAsBytes(resource(status, title, description, code, Map.of()));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
