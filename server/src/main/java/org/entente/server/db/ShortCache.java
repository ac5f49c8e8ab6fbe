package org.entente.server.db;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers what was found for a short while (two seconds), for the rows every request reads and
 * that change only by an administrator's hand (API roots, collections, organisations), so that a
 * GET of one object costs one query, not six. Only hits are kept: something created is found at
 * once. Never used for agreements, tokens or principals, whose changes take effect on the next
 * request.
 */
public final class ShortCache<K, V> {
    private static final long TTL_NANOS = 2_000_000_000L;
    private static final int MAX = 10_000;

    private record Entry<V>(V value, long expires) {}

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

    public Optional<V> get(K key, Function<K, Optional<V>> load) {
        long now = System.nanoTime();
        Entry<V> e = entries.get(key);
        if (e != null && now - e.expires() < 0) {
            return Optional.of(e.value());
        }
        Optional<V> found = load.apply(key);
        if (found.isPresent()) {
            if (entries.size() >= MAX) {
                entries.clear();
            }
            entries.put(key, new Entry<>(found.get(), now + TTL_NANOS));
        } else {
            entries.remove(key);
        }
        return found;
    }

    public void clear() {
        entries.clear();
    }
}
