package org.entente.server.org;

import java.util.Objects;

/**
 * The id of a recorded organisation. Every principal carries one: there is no "no organisation",
 * which an older version read as "the local agency" (see issue "Trust").
 */
public record OrgId(String value) {
    public OrgId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > 36) {
            throw new IllegalArgumentException(
                    "an organisation id is 1 to 36 characters, not '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
