package org.entente.server.store;

import java.util.List;

/**
 * One page of results, in date_added order, and whether more follow.
 *
 * @param last the date_added of the last row the page read, where the next page starts: it can lie
 *     beyond the last item when rows read were left out on the way (0 when none was read)
 */
public record Page<T>(List<T> items, boolean more, long last) {
    public Page {
        items = List.copyOf(items);
    }

    /** A page of rows read as they are, ending at the last item. */
    public static <T extends Enveloped> Page<T> of(List<T> items, boolean more) {
        return new Page<>(
                items, more, items.isEmpty() ? 0 : items.get(items.size() - 1).dateAdded());
    }
}
