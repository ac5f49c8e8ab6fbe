package org.entente.server.taxii;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.entente.server.store.Enveloped;
import org.entente.server.store.Page;
import org.entente.stix.Timestamps;

/**
 * Writes pages as TAXII envelopes. Objects go out as the bytes the store holds, never parsed again:
 * paging a collection costs a query and a copy.
 */
final class Envelopes {
    private static final byte[] OBJECTS = ",\"objects\":[".getBytes(StandardCharsets.US_ASCII);

    /** The most an envelope is buffered by before it goes to the response, in bytes. */
    private static final int MAX_BUFFER = 1 << 16;

    private Envelopes() {}

    /** Sets the date-added headers of section 3.2 for a non-empty page. */
    static void dateHeaders(HttpServletResponse response, List<? extends Enveloped> items) {
        if (!items.isEmpty()) {
            response.setHeader(
                    "X-TAXII-Date-Added-First", Timestamps.formatMicros(items.get(0).dateAdded()));
            response.setHeader(
                    "X-TAXII-Date-Added-Last",
                    Timestamps.formatMicros(items.get(items.size() - 1).dateAdded()));
        }
    }

    /** The {@code next} of a page, or null when it is the last. */
    static String next(Page<?> page) {
        return page.more() ? Filters.encodeNext(page.last()) : null;
    }

    static void write(Page<? extends Enveloped> page, HttpServletResponse response)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaTypes.TAXII);
        dateHeaders(response, page.items());
        byte[] head =
                ("{\"more\":"
                                + page.more()
                                + (page.more()
                                        ? ",\"next\":\"" + Filters.encodeNext(page.last()) + "\""
                                        : ""))
                        .getBytes(StandardCharsets.US_ASCII);
        List<? extends Enveloped> items = page.items();
        // the length is known before the first byte: no chunked framing, and no last empty chunk
        // written after the body, which on a GET of one object was a write of its own
        long length = head.length + 1L;
        if (!items.isEmpty()) {
            length += OBJECTS.length + items.size();
            for (Enveloped item : items) {
                length += item.body().length;
            }
        }
        response.setContentLengthLong(length);
        // NB: a buffer no larger than the envelope: a GET of one object had allocated 64 KB for a
        // 1 KB answer, three quarters of what the request allocated (docs/benchmarks.md, session
        // 17)
        OutputStream out =
                new BufferedOutputStream(
                        response.getOutputStream(), (int) Math.min(MAX_BUFFER, length));
        out.write(head);
        if (!items.isEmpty()) {
            out.write(OBJECTS);
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(items.get(i).body());
            }
            out.write(']');
        }
        out.write('}');
        out.flush();
    }
}
