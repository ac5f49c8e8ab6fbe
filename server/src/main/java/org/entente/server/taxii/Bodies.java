package org.entente.server.taxii;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.entente.server.NodeSettings;
import org.entente.server.error.ApiException;
import org.entente.server.store.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads a POST body within the API root's {@code max_content_length}: refused up front when its
 * declared length is over, cut off with the same 413 when an undeclared (chunked) body grows over.
 * Bodies up to {@link #IN_MEMORY} stay in memory (read into one array where {@link BodyBudget}
 * allows); larger ones are spooled to the data folder so that a few concurrent uploads cannot
 * exhaust the heap.
 *
 * <p>A spooled body lives in a file that loses its name as soon as it is opened: whatever ends the
 * process, the system takes the space back. Files left by an older version or a crash between those
 * two steps are removed when the node starts.
 */
@Component
class Bodies {
    private static final Logger LOG = LoggerFactory.getLogger(Bodies.class);

    static final int IN_MEMORY = 8 * 1024 * 1024;

    private static final String PREFIX = "post-";

    private final Path spool;

    private final BodyBudget budget = BodyBudget.ofHeap();

    Bodies(NodeSettings settings) {
        this.spool = settings.dataDir().resolve("spool");
        removeStale(spool);
    }

    /** Removes spool files a previous run left behind (no running node holds a named one). */
    static void removeStale(Path spool) {
        if (!Files.isDirectory(spool)) {
            return;
        }
        int removed = 0;
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool, PREFIX + "*")) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    long size = Files.size(f);
                    Files.delete(f);
                    removed++;
                    bytes += size;
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot clean the spool folder {}: {}", spool, e.toString());
        }
        if (removed > 0) {
            LOG.info(
                    "removed {} request bodies ({} bytes) left in {} by an earlier run",
                    removed,
                    bytes,
                    spool);
        }
    }

    Payload read(HttpServletRequest request, long max) {
        checkEncoding(request.getHeader("Content-Encoding"));
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw tooLarge(declared, max);
        }
        try {
            InputStream in = request.getInputStream();
            if (declared >= 0 && declared <= IN_MEMORY) {
                return new Payload.Bytes(budget.read(in, (int) declared));
            }
            return spool(in, max);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private Payload spool(InputStream in, long max) throws IOException {
        Files.createDirectories(spool);
        Path file = Files.createTempFile(spool, PREFIX, ".json");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } finally {
            // NB: unlinked while open, the file is still readable through the channel; where the
            // system refuses (a Windows file open elsewhere), the next start removes it
            try {
                Files.delete(file);
            } catch (IOException e) {
                LOG.warn("cannot unlink spool file {}: {}", file, e.toString());
            }
        }
        Payload.Spooled payload = new Payload.Spooled(channel);
        try {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > max) {
                    throw tooLarge(total, max);
                }
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        } catch (RuntimeException | IOException e) {
            payload.close();
            throw e;
        }
        return payload;
    }

    /**
     * TAXII bodies are sent as they are: a compressed one would otherwise read as malformed JSON,
     * and would make {@code max_content_length} mean nothing.
     */
    static void checkEncoding(String encoding) {
        if (encoding == null
                || encoding.isBlank()
                || encoding.trim().toLowerCase(Locale.ROOT).equals("identity")) {
            return;
        }
        throw ApiException.unsupportedMediaType(
                "Content-Encoding '"
                        + encoding
                        + "' is not supported: send the body uncompressed, without a"
                        + " Content-Encoding header");
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
