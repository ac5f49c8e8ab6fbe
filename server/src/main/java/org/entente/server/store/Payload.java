package org.entente.server.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A request body that can be read twice: once to check it is well-formed before anything is
 * written, once to process it. Small bodies stay in memory, large ones are spooled to a file.
 */
public sealed interface Payload extends AutoCloseable
        permits Payload.Bytes, Payload.File, Payload.Spooled {
    InputStream open();

    long size();

    @Override
    void close();

    record Bytes(byte[] data) implements Payload {
        @Override
        public InputStream open() {
            return new ByteArrayInputStream(data);
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public void close() {}
    }

    /**
     * A body in a file; {@code temporary} files (spooled bodies) are deleted on close, files whose
     * name ends in {@code .gz} are read through gunzip.
     */
    record File(Path path, boolean temporary) implements Payload {
        @Override
        public InputStream open() {
            try {
                InputStream in = Files.newInputStream(path);
                if (path.getFileName().toString().endsWith(".gz")) {
                    return new java.util.zip.GZIPInputStream(in, 1 << 16);
                }
                return new java.io.BufferedInputStream(in, 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public long size() {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            if (temporary) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // a leftover spool file is harmless; the OS temp cleaner removes it
                }
            }
        }
    }

    /**
     * A body spooled to a file that has no name any more: it was removed from its folder as soon as
     * it was opened, so that the space returns to the system when the channel closes, or when the
     * process dies, whatever kills it. Reads go by position, so each {@link #open} starts afresh.
     */
    record Spooled(java.nio.channels.FileChannel channel) implements Payload {
        @Override
        public InputStream open() {
            return new java.io.BufferedInputStream(
                    new InputStream() {
                        private long position;

                        @Override
                        public int read() throws IOException {
                            byte[] one = new byte[1];
                            int n = read(one, 0, 1);
                            return n < 0 ? -1 : one[0] & 0xff;
                        }

                        @Override
                        public int read(byte[] b, int off, int len) throws IOException {
                            if (len == 0) {
                                return 0;
                            }
                            int n = channel.read(java.nio.ByteBuffer.wrap(b, off, len), position);
                            if (n > 0) {
                                position += n;
                            }
                            return n;
                        }
                    },
                    1 << 16);
        }

        @Override
        public long size() {
            try {
                return channel.size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a read channel cannot lose anything
            }
        }
    }
}
