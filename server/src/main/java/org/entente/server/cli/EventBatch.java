package org.entente.server.cli;

import java.util.Arrays;
import java.util.List;
import org.entente.pattern.Hits;
import org.entente.pattern.Observation;

/**
 * A run of consecutive event lines of {@code entente match}, copied out of the read buffer, and
 * what a worker made of them. Why batches: handing workers one line at a time costs more in queue
 * traffic than parsing the line does; a batch of a few hundred lines keeps the workers busy and the
 * writer can still take the results back in input order.
 */
final class EventBatch {
    /** Put after the last batch: the writer stops at it. */
    static final EventBatch END =
            new EventBatch(0, new byte[0], new int[0], new int[0], new long[0]);

    final long firstLine;
    final byte[] data;
    final int[] starts;
    final int[] ends;
    final long[] lines;

    /** Blank lines read since the previous batch (counted, not parsed). */
    int blankLines;

    // filled by the worker
    Observation[] matchedObservations;
    Hits[] hits;
    long maxTime = Long.MIN_VALUE;
    int rejected;
    int unmapped;
    List<String> rejections;
    long[] rejectedLines;

    EventBatch(long firstLine, byte[] data, int[] starts, int[] ends, long[] lines) {
        this.firstLine = firstLine;
        this.data = data;
        this.starts = starts;
        this.ends = ends;
        this.lines = lines;
    }

    int size() {
        return starts.length;
    }

    /** Collects lines until a batch is full; blank lines are counted, not kept. */
    static final class Builder {
        private final int capacity;
        private byte[] data = new byte[1 << 16];
        private int used;
        private int count;
        private int[] starts;
        private int[] ends;
        private long[] lines;
        private long first;
        private int blank;

        Builder(int capacity) {
            this.capacity = capacity;
            reset();
        }

        private void reset() {
            starts = new int[capacity];
            ends = new int[capacity];
            lines = new long[capacity];
            count = 0;
            used = 0;
            data = new byte[Math.max(1 << 16, data.length)];
        }

        int size() {
            return count;
        }

        int blankLines() {
            return blank;
        }

        /** Adds a line unless it is blank (then counts it); true when the batch is full. */
        boolean add(byte[] buf, int from, int to, long line) {
            while (to > from
                    && (buf[to - 1] == '\r' || buf[to - 1] == ' ' || buf[to - 1] == '\t')) {
                to--;
            }
            int s = from;
            while (s < to && (buf[s] == ' ' || buf[s] == '\t')) {
                s++;
            }
            if (s == to) {
                blank++;
                return false;
            }
            int n = to - s;
            if (used + n > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, used + n));
            }
            System.arraycopy(buf, s, data, used, n);
            if (count == 0) {
                first = line;
            }
            starts[count] = used;
            ends[count] = used + n;
            lines[count] = line;
            used += n;
            count++;
            return count == capacity || used > (1 << 20);
        }

        EventBatch build() {
            EventBatch b =
                    new EventBatch(
                            first,
                            Arrays.copyOf(data, used),
                            Arrays.copyOf(starts, count),
                            Arrays.copyOf(ends, count),
                            Arrays.copyOf(lines, count));
            b.blankLines = blank;
            count = 0;
            used = 0;
            blank = 0;
            return b;
        }
    }
}
