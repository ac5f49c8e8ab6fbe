package org.entente.server.store;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome for one object of a POST: its id and version, whether it failed, and a message (why
 * it failed, or a note such as "already held").
 */
public record StatusDetail(String id, String version, Optional<String> message, boolean isFailure) {
    public StatusDetail {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(message, "message");
    }

    public static StatusDetail success(String id, String version) {
        return new StatusDetail(id, version, Optional.empty(), false);
    }

    public static StatusDetail success(String id, String version, String note) {
        return new StatusDetail(id, version, Optional.of(note), false);
    }

    public static StatusDetail failure(String id, String version, String why) {
        return new StatusDetail(id, version, Optional.of(why), true);
    }
}
