package org.entente.stix;

/**
 * The input is not well-formed JSON (or not a container of STIX objects, or carries text the node
 * refuses), so reading cannot go on. The message says where: line, column and, inside a bundle or
 * envelope, which object; or, for bad text, the byte offset.
 */
public final class StixParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long line;
    private final long column;
    private final int objectIndex;
    private final long byteOffset;

    public StixParseException(
            String message, long line, long column, int objectIndex, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
        this.objectIndex = objectIndex;
        this.byteOffset = -1;
    }

    /** Bad text at a byte offset of the input, found before the parser got there. */
    StixParseException(String message, long byteOffset) {
        super(message);
        this.line = -1;
        this.column = -1;
        this.objectIndex = -1;
        this.byteOffset = byteOffset;
    }

    /** 1-based line of the problem, or -1 when unknown. */
    public long line() {
        return line;
    }

    /** 1-based column of the problem, or -1 when unknown. */
    public long column() {
        return column;
    }

    /** 0-based index of the object being read when the problem was found, or -1. */
    public int objectIndex() {
        return objectIndex;
    }

    /** 0-based offset in the input of the first byte of bad text, or -1 for other problems. */
    public long byteOffset() {
        return byteOffset;
    }
}
