package org.entente.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that runs with the system's and that a test can move forward: the node reads the moved
 * time on its next reading of the clock, so a test passes an agreement's expiry without waiting for
 * it. Every {@link TestNode} and {@link NodeProcess} runs on one.
 *
 * <p>Only forward: a node's time never goes back (ledger entries, leases and cursors are ordered by
 * it). A node in this JVM shares the offset in memory; a node in a process of its own maps the same
 * 8-byte file as this JVM, so that it reads a move at once, with no request, no polling and nothing
 * listening for it (see {@link ClockedNodeMain} for why a file).
 */
public final class TestClock extends Clock {
    /** The offset, in nanoseconds, as an 8-byte long at the start of a mapped file. */
    private static final VarHandle MAPPED_LONG =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** Where the offset lives: memory of this JVM, or a file that another process maps too. */
    private interface Offset {
        long nanos();

        void add(long nanos);
    }

    private final Offset offset;
    private final ZoneId zone;

    private TestClock(Offset offset, ZoneId zone) {
        this.offset = offset;
        this.zone = zone;
    }

    /** A clock for a node in this JVM. */
    public static TestClock inMemory() {
        AtomicLong nanos = new AtomicLong();
        return new TestClock(
                new Offset() {
                    @Override
                    public long nanos() {
                        return nanos.get();
                    }

                    @Override
                    public void add(long n) {
                        nanos.addAndGet(n);
                    }
                },
                ZoneOffset.UTC);
    }

    /**
     * A clock whose offset is kept in {@code file} (made, with no offset, if absent): each process
     * that opens the same file reads the same time.
     */
    public static TestClock sharedThrough(Path file) {
        MappedByteBuffer map;
        try (FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
            // a new file is extended with zeros: no offset
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map the test clock file " + file, e);
        }
        return new TestClock(
                new Offset() {
                    @Override
                    public long nanos() {
                        // volatile: the other process's write is read at once (the page is shared)
                        return (long) MAPPED_LONG.getVolatile(map, 0);
                    }

                    @Override
                    public void add(long n) {
                        MAPPED_LONG.getAndAdd(map, 0, n);
                    }
                },
                ZoneOffset.UTC);
    }

    /** Moves the time forward by {@code by}; every reading from now on is that much later. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a node's clock only moves forward, not by " + by);
        }
        offset.add(by.toNanos());
    }

    /** How far ahead of the system clock this clock is. */
    public Duration offset() {
        return Duration.ofNanos(offset.nanos());
    }

    @Override
    public Instant instant() {
        return Instant.now().plusNanos(offset.nanos());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return other.equals(zone) ? this : new TestClock(offset, other);
    }

    @Override
    public String toString() {
        return "TestClock[" + offset() + " ahead, " + zone + "]";
    }
}
