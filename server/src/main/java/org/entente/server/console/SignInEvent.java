package org.entente.server.console;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One audited sign-in step.
 *
 * @param name the name as typed (cut to 200 characters), whether or not a principal holds it
 * @param remote the client's address as the node saw it
 */
record SignInEvent(
        String id,
        Instant at,
        String name,
        Optional<String> principalId,
        SignInOutcome outcome,
        String remote) {
    SignInEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(principalId, "principalId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(remote, "remote");
        if (name.length() > 200) {
            throw new IllegalArgumentException("name must be at most 200 characters");
        }
        if (remote.length() > 64) {
            throw new IllegalArgumentException("remote must be at most 64 characters");
        }
    }
}
