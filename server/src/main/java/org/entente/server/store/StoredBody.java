package org.entente.server.store;

/**
 * An object read for a reader who may see everything: only what the envelope needs, which on a page
 * of a thousand objects saves the decoding of a dozen columns per row.
 */
public record StoredBody(long dateAdded, byte[] body) implements Enveloped {}
