package org.entente.stix;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes bytes through {@link TextCheck} as they are read, so that a parser reading from it fails
 * with a {@link StixParseException} (not wrapped: it is unchecked) at the first bad text, and at
 * the end of the input if a sequence was left open.
 */
final class CheckedInputStream extends FilterInputStream {
    private final TextCheck check = new TextCheck();
    private boolean ended;

    CheckedInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            end();
        } else {
            check.check(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = in.read(buffer, off, len);
        if (n < 0) {
            end();
        } else if (n > 0) {
            check.check(buffer, off, n);
        }
        return n;
    }

    /** Skipped bytes are read and checked all the same. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {}

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void end() {
        if (!ended) {
            ended = true;
            check.finish();
        }
    }
}
