package org.entente.server.taxii;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.entente.server.NodeSettings;
import org.entente.server.error.ApiException;
import org.entente.server.store.Payload;
import org.springframework.stereotype.Component;

/**
 * Reads a POST body within the API root's {@code max_content_length}: refused up front when its
 * declared length is over, cut off with the same 413 when an undeclared (chunked) body grows over.
 * Bodies up to {@link #IN_MEMORY} stay in memory; larger ones are spooled to the data folder so
 * that a few concurrent uploads cannot exhaust the heap.
 */
@Component
class Bodies {
    static final int IN_MEMORY = 8 * 1024 * 1024;

    private final Path spool;

    Bodies(NodeSettings settings) {
        this.spool = settings.dataDir().resolve("spool");
    }

    Payload read(HttpServletRequest request, long max) {
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw tooLarge(declared, max);
        }
        try {
            InputStream in = request.getInputStream();
            if (declared >= 0 && declared <= IN_MEMORY) {
                byte[] data = in.readNBytes((int) declared);
                return new Payload.Bytes(data);
            }
            Files.createDirectories(spool);
            Path file = Files.createTempFile(spool, "post-", ".json");
            Payload.File payload = new Payload.File(file, true);
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > max) {
                        throw tooLarge(total, max);
                    }
                    out.write(buffer, 0, n);
                }
            } catch (RuntimeException | IOException e) {
                payload.close();
                throw e;
            }
            return payload;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private static ApiException tooLarge(long size, long max) {
        return ApiException.tooLarge(
                "the body is "
                        + (size > max ? "larger than " : "")
                        + max
                        + " bytes, this API root's max_content_length; split it into smaller"
                        + " envelopes");
    }
}
