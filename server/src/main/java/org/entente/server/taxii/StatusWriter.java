package org.entente.server.taxii;

import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.entente.stix.StixJson;
import tools.jackson.core.JsonGenerator;

/**
 * Writes a status resource (section 4.3.1) with Jackson's generator rather than its serializer of
 * the record: a POST of 1,000 objects answers 1,000 lines, and the serializer's per-property work
 * on them was about 8 % of a POST's request thread (docs/benchmarks.md, session 41). The text is
 * the serializer's, byte for byte: the names in the record's order, empty lists and empty or absent
 * text left out, the counts always written.
 */
final class StatusWriter {
    private StatusWriter() {}

    /** Answers {@code status} with the HTTP status {@code code}, its length declared. */
    static void write(Resources.StatusResource status, int code, HttpServletResponse response)
            throws IOException {
        byte[] body = bytes(status);
        response.setStatus(code);
        response.setContentType(MediaTypes.TAXII);
        response.setContentLength(body.length);
        OutputStream out = response.getOutputStream();
        out.write(body);
        out.flush();
    }

    static byte[] bytes(Resources.StatusResource s) {
        int lines = s.successes().size() + s.failures().size() + s.pendings().size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 120 * lines);
        try (JsonGenerator g = StixJson.mapper().createGenerator(out)) {
            g.writeStartObject();
            text(g, "id", s.id());
            text(g, "status", s.status());
            text(g, "request_timestamp", s.requestTimestamp());
            g.writeNumberProperty("total_count", s.totalCount());
            g.writeNumberProperty("success_count", s.successCount());
            lines(g, "successes", s.successes());
            g.writeNumberProperty("failure_count", s.failureCount());
            lines(g, "failures", s.failures());
            g.writeNumberProperty("pending_count", s.pendingCount());
            lines(g, "pendings", s.pendings());
            if (s.more() != null) {
                g.writeBooleanProperty("x_entente_more", s.more());
            }
            text(g, "x_entente_next", s.next());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void lines(
            JsonGenerator g, String name, List<Resources.StatusDetailResource> lines) {
        if (lines.isEmpty()) {
            return;
        }
        g.writeArrayPropertyStart(name);
        for (Resources.StatusDetailResource line : lines) {
            g.writeStartObject();
            text(g, "id", line.id());
            text(g, "version", line.version());
            text(g, "message", line.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void text(JsonGenerator g, String name, String value) {
        if (value != null && !value.isEmpty()) {
            g.writeStringProperty(name, value);
        }
    }
}
