package org.entente.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the events of {@code entente match} as lines and hands them on in {@link EventBatch}es, on
 * the calling thread. It scans raw bytes for newlines rather than decoding text: the workers parse
 * each line's JSON anyway, and a line longer than any event may be ({@link MatchRunner#MAX_LINE})
 * is dropped and reported instead of being buffered without end.
 */
final class EventReader {
    /** Where each full batch goes (a worker's queue). */
    interface BatchSink {
        void accept(EventBatch b) throws InterruptedException;
    }

    private final int batchLines;

    EventReader(int batchLines) {
        this.batchLines = batchLines;
    }

    /** Reads to the end of {@code in}, or until the writer has failed. */
    void read(InputStream in, BatchSink sink, MatchWriter writer) throws IOException {
        byte[] buf = new byte[1 << 20];
        int len = 0;
        int scan = 0;
        int lineStart = 0;
        long line = 0;
        boolean skipping = false;
        EventBatch.Builder batch = new EventBatch.Builder(batchLines);
        try {
            while (!writer.failed()) {
                int n = in.read(buf, len, buf.length - len);
                boolean eof = n < 0;
                if (!eof) {
                    len += n;
                }
                for (int i = scan; i < len; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    line++;
                    if (skipping) {
                        skipping = false;
                    } else if (batch.add(buf, lineStart, i, line)) {
                        sink.accept(batch.build());
                    }
                    lineStart = i + 1;
                }
                scan = len;
                if (eof) {
                    if (lineStart < len && !skipping) {
                        line++;
                        batch.add(buf, lineStart, len, line);
                    }
                    break;
                }
                if (lineStart > 0) {
                    System.arraycopy(buf, lineStart, buf, 0, len - lineStart);
                    len -= lineStart;
                    scan -= lineStart;
                    lineStart = 0;
                } else if (len == buf.length) {
                    if (buf.length >= MatchRunner.MAX_LINE) {
                        // a line longer than any event should be: drop it, report it
                        skipping = true;
                        writer.lineTooLong(line + 1);
                        len = 0;
                        scan = 0;
                    } else {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                }
            }
            if (batch.size() > 0 || batch.blankLines() > 0) {
                sink.accept(batch.build());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading events", e);
        }
    }
}
