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
public sealed interface Payload extends AutoCloseable permits Payload.Bytes, Payload.File {
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
}
