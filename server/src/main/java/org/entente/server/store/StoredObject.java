package org.entente.server.store;

/**
 * One stored object version as read back for a response.
 *
 * @param dateAdded microseconds since the epoch, unique within the collection
 * @param body the object's JSON, UTF-8, exactly as stored
 */
public record StoredObject(
        long dateAdded, String id, String version, String specVersion, byte[] body) {}
