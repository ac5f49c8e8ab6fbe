package org.entente.server.db;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * PostgreSQL's binary {@code COPY ... FROM STDIN} stream (the header, tuples of length-prefixed
 * values in network order, the trailer), handed to the server in blocks of {@link #BLOCK} bytes as
 * it fills: each value goes as its length and its bytes, so neither side quotes or scans them. Text
 * is sent as UTF-8, the connection's client encoding, and checked by the server as any text
 * parameter is. PostgreSQL only; used where many rows are written in one transaction (a chunk's
 * objects, its ledger entries).
 */
public final class BinaryCopy {
    /** Writes the rows of one {@code COPY}, each as {@link #fields} and then its values. */
    @FunctionalInterface
    public interface Rows {
        void write(BinaryCopy out) throws SQLException;
    }

    /**
     * Runs {@code copySql} ({@code COPY table (columns) FROM STDIN WITH (FORMAT binary)}) on the
     * connection of the caller's transaction, streaming what {@code rows} writes; returns the
     * number of rows the server says it copied.
     */
    public static long copy(Database db, String copySql, Rows rows) {
        return db.template()
                .execute(
                        (org.springframework.jdbc.core.ConnectionCallback<Long>)
                                connection -> {
                                    org.postgresql.copy.CopyIn in =
                                            connection
                                                    .unwrap(org.postgresql.PGConnection.class)
                                                    .getCopyAPI()
                                                    .copyIn(copySql);
                                    try {
                                        BinaryCopy out = new BinaryCopy(in);
                                        rows.write(out);
                                        out.finish();
                                        return in.endCopy();
                                    } finally {
                                        if (in.isActive()) {
                                            in.cancelCopy();
                                        }
                                    }
                                });
    }

    private static final int BLOCK = 1 << 16;
    private static final byte[] HEADER = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
    };

    private final org.postgresql.copy.CopyIn in;
    private final byte[] buffer = new byte[BLOCK];
    private int size;

    private BinaryCopy(org.postgresql.copy.CopyIn in) {
        this.in = in;
        System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
        size = HEADER.length;
    }

    public void fields(int count) throws SQLException {
        room(2);
        putShort(count);
    }

    public void int2(int value) throws SQLException {
        room(6);
        putInt(2);
        putShort(value);
    }

    public void int4(int value) throws SQLException {
        room(8);
        putInt(4);
        putInt(value);
    }

    public void int8(long value) throws SQLException {
        room(12);
        putInt(8);
        putInt((int) (value >>> 32));
        putInt((int) value);
    }

    public void nullValue() throws SQLException {
        room(4);
        putInt(-1);
    }

    public void text(String value) throws SQLException {
        if (value == null) {
            nullValue();
        } else {
            bytes(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    public void bytes(byte[] value) throws SQLException {
        room(4);
        putInt(value.length);
        int from = 0;
        while (from < value.length) {
            room(1);
            int n = Math.min(value.length - from, buffer.length - size);
            System.arraycopy(value, from, buffer, size, n);
            size += n;
            from += n;
        }
    }

    /** The trailer, and whatever is still buffered. */
    private void finish() throws SQLException {
        room(2);
        putShort(-1);
        flush();
    }

    private void room(int bytes) throws SQLException {
        if (buffer.length - size < bytes) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (size > 0) {
            in.writeToCopy(buffer, 0, size);
            size = 0;
        }
    }

    private void putShort(int value) {
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    private void putInt(int value) {
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }
}
