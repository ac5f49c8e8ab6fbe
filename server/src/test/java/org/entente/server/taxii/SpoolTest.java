package org.entente.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.testing.Databases;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.Test;

/**
 * Bodies too large to keep in memory are spooled to the data folder: a crash must not leave them
 * there to fill the disk, start after start.
 */
class SpoolTest {
    private static Path dataDir(String databaseUrl) {
        return Path.of(databaseUrl.substring("jdbc:sqlite:".length())).getParent();
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void spoolFilesLeftByACrashAreRemovedWhenTheNodeStarts() throws Exception {
        String database = Databases.fresh(Dialect.SQLITE);
        Path spool = dataDir(database).resolve("spool");
        Files.createDirectories(spool);
        // as a node killed in the middle of an upload left them
        Path left = Files.write(spool.resolve("post-1234567890.json"), new byte[1 << 20]);
        Path other = Files.writeString(spool.resolve("post-42.json"), "{\"objects\":[");
        try (TestNode node = TestNode.start(Dialect.SQLITE, database)) {
            assertThat(left).doesNotExist();
            assertThat(other).doesNotExist();
        }
    }

    @Test
    void aBodyBeingSpooledHasNoNameOnDiskSoACrashCannotLeaveIt() throws Exception {
        String database = Databases.fresh(Dialect.SQLITE);
        Path spool = dataDir(database).resolve("spool");
        try (TestNode node =
                TestNode.start(
                        Dialect.SQLITE, database, "entente.max-content-length=" + (64 << 20))) {
            Collection c = node.newCollection();
            String indicator =
                    Fixtures.indicator(Fixtures.newId("indicator"), "2024-01-01T00:00:00.000Z");
            byte[] head = ("{\"objects\":[" + indicator).getBytes();
            byte[] tail = "]}".getBytes();
            // whitespace between tokens (still one object), more than the connection's buffers
            // can hold: the node must have read and spooled most of it when the test looks
            int padding = 24 * 1024 * 1024;
            CountDownLatch sent = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            InputStream body =
                    new InputStream() {
                        private long position;

                        @Override
                        public int read() throws IOException {
                            byte[] one = new byte[1];
                            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                        }

                        @Override
                        public int read(byte[] b, int off, int len) throws IOException {
                            long total = head.length + padding + tail.length;
                            if (position >= total) {
                                return -1;
                            }
                            if (position >= head.length + padding) {
                                // everything but the end is out: hold it until the test has looked
                                sent.countDown();
                                try {
                                    release.await(60, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    throw new IOException(e);
                                }
                            }
                            int n = 0;
                            while (n < len && position < total) {
                                long p = position++;
                                b[off + n++] =
                                        p < head.length
                                                ? head[(int) p]
                                                : p < head.length + padding
                                                        ? (byte) ' '
                                                        : tail[(int) (p - head.length - padding)];
                                if (p + 1 == head.length + padding) {
                                    break;
                                }
                            }
                            return n;
                        }
                    };
            CompletableFuture<Response> post =
                    CompletableFuture.supplyAsync(
                            // chunked: no length, so spooled
                            () -> node.postSpooled(c, () -> body));
            try {
                assertThat(sent.await(60, TimeUnit.SECONDS)).as("the body was sent").isTrue();
                assertThat(files(spool))
                        .as("files with a name in the spool folder while a body is received")
                        .isEmpty();
            } finally {
                release.countDown();
            }
            Response r = post.get(60, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            assertThat(r.json().get("success_count").intValue()).isEqualTo(1);
            assertThat(files(spool)).isEmpty();
        }
    }
}
