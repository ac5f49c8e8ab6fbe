package org.entente.server.ledger;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.entente.stix.StixJson;

/**
 * The rules every string of a ledger entry follows ({@link LedgerEntry.Draft}, {@link
 * DisclosedVersion}). Strings are stored and hashed exactly as given, so these refuse what the
 * databases or the canonical encoding cannot carry faithfully: control characters (other than
 * whitespace in JSON text), unpaired surrogates, and values longer than their columns.
 */
final class EntryText {
    private EntryText() {}

    /** A value that must be present and not blank. */
    static String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required and must not be blank");
        }
        check(field, value, maxLength, false);
        return value;
    }

    /** A value that may be absent, but is not blank when present. */
    static Optional<String> optional(String field, Optional<String> value, int maxLength) {
        Objects.requireNonNull(value, field + " must be an Optional, not null");
        if (value.isPresent()) {
            if (value.get().isBlank()) {
                throw new IllegalArgumentException(
                        field + " must not be blank; leave it empty instead");
            }
            check(field, value.get(), maxLength, false);
        }
        return value;
    }

    /** JSON text, which may hold whitespace characters between its values. */
    static void json(String field, String value, int maxLength) {
        check(field, value, maxLength, true);
        try {
            StixJson.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + " must be JSON text: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses what would not survive storage byte for byte: C0 control characters (the ledger also
     * uses U+001F as a field separator when it reads entries back for verification), and unpaired
     * surrogates, which have no UTF-8 form.
     */
    static void check(String field, String value, int maxLength, boolean whitespace) {
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(
                    field + " must be at most " + maxLength + " characters, not " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20) {
                if (whitespace && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                throw new IllegalArgumentException(
                        field
                                + " must not contain control characters (U+"
                                + String.format(Locale.ROOT, "%04X", (int) c)
                                + " at index "
                                + i
                                + ")");
            }
            if (Character.isSurrogate(c)) {
                boolean paired =
                        Character.isHighSurrogate(c)
                                && i + 1 < value.length()
                                && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new IllegalArgumentException(
                            field + " has an unpaired surrogate at index " + i);
                }
                i++;
            }
        }
    }
}
