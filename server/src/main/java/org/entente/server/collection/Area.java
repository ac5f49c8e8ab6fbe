package org.entente.server.collection;

import java.util.Arrays;
import java.util.Locale;

/**
 * The areas of cooperation an agreement may cover; a new node creates one collection per area (the
 * brief's "Areas of cooperation and collections").
 */
public enum Area {
    INFORMATION_EXCHANGE("information-exchange", "threat-intel", "Threat intelligence"),
    AWARENESS("awareness", "advisories", "Advisories"),
    BEST_PRACTICES("best-practices", "best-practices", "Best practices"),
    CAPACITY_BUILDING("capacity-building", "capacity-building", "Capacity building"),
    POLICY_DIALOGUE("policy-dialogue", "policy-dialogue", "Policy dialogue");

    public final String key;
    public final String defaultAlias;
    public final String defaultTitle;

    Area(String key, String defaultAlias, String defaultTitle) {
        this.key = key;
        this.defaultAlias = defaultAlias;
        this.defaultTitle = defaultTitle;
    }

    public static Area of(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(a -> a.key.equals(k))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown area of cooperation '"
                                                + key
                                                + "': use one of "
                                                + String.join(
                                                        ", ",
                                                        Arrays.stream(values())
                                                                .map(a -> a.key)
                                                                .toList())));
    }
}
