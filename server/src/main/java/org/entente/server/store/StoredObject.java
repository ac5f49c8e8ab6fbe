package org.entente.server.store;

/**
 * One stored object version as read back for a response.
 *
 * @param dateAdded microseconds since the epoch, unique within the collection
 * @param facts what the policy judges it by
 * @param body the object's JSON, UTF-8, exactly as stored (empty for manifest reads)
 */
public record StoredObject(
        long dateAdded,
        String id,
        String version,
        String specVersion,
        ObjectFacts facts,
        byte[] body)
        implements Enveloped {}
