package org.entente.server.store;

/** What an envelope needs of a stored object: where it sits in the collection, and its JSON. */
public interface Enveloped {
    /** Microseconds since the epoch, unique within the collection. */
    long dateAdded();

    /** The object's JSON, UTF-8, exactly as stored. */
    byte[] body();
}
