package org.entente.server.federation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Who holds a peer's sync lease. A node is the same owner across restarts (its host and data
 * folder), so that a node killed during a run takes its lease back at once when it comes up; a
 * passer-by (the command line) is one of its own for each run.
 */
public record LeaseOwner(String name) {
    public LeaseOwner {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("a lease owner is 1 to 64 characters: " + name);
        }
    }

    /** This node: its host and data folder. */
    public static LeaseOwner node(Path dataDir) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String id = host + ":" + dataDir.toAbsolutePath().normalize();
        return new LeaseOwner(
                id.length() > 64
                        ? id.substring(0, 24) + "..." + id.substring(id.length() - 37)
                        : id);
    }

    /** A run of its own, beside the node. */
    static LeaseOwner once() {
        return new LeaseOwner("once-" + UUID.randomUUID());
    }
}
