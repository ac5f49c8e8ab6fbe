package org.entente.server.store;

import java.util.List;

/** One page of results, in date_added order, and whether more follow. */
public record Page<T>(List<T> items, boolean more) {
    public Page {
        items = List.copyOf(items);
    }
}
