package org.entente.server.auth;

/** A principal's rights on one collection. */
public record Grant(String collectionId, boolean canRead, boolean canWrite) {}
