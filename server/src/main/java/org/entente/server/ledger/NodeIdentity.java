package org.entente.server.ledger;

import java.util.Objects;

/**
 * Who an export says it comes from, for the people reviewing it; not part of any hash.
 *
 * @param title the node's title (entente.title)
 * @param contact how to reach its operators (entente.contact), may be empty
 */
public record NodeIdentity(String title, String contact) {
    public static final NodeIdentity UNNAMED = new NodeIdentity("Entente node", "");

    public NodeIdentity {
        Objects.requireNonNull(title, "title");
        contact = contact == null ? "" : contact;
    }
}
