package org.entente.server.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * Options for a period of the ledger, {@code --from} and {@code --to}: RFC 3339 timestamps or dates
 * (UTC), turned into the ledger's microseconds. Shared by {@code ledger export} and {@code ledger
 * report}, so that both read a period the same way.
 */
final class PeriodOptions {
    @Option(
            names = "--from",
            paramLabel = "TIME",
            description =
                    "start, inclusive: an RFC 3339 timestamp (2026-10-01T00:00:00Z) or a"
                            + " date (2026-10-01, midnight UTC)")
    String from;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            description = "end: a timestamp is exclusive; a date includes that whole day (UTC)")
    String to;

    OptionalLong fromMicros() {
        return from == null ? OptionalLong.empty() : OptionalLong.of(micros("--from", from, false));
    }

    OptionalLong toMicros() {
        return to == null ? OptionalLong.empty() : OptionalLong.of(micros("--to", to, true));
    }

    void check() {
        OptionalLong f = fromMicros();
        OptionalLong t = toMicros();
        if (f.isPresent() && t.isPresent() && f.getAsLong() >= t.getAsLong()) {
            throw new IllegalArgumentException("--from must come before --to");
        }
    }

    /** Microseconds since the epoch of a timestamp or date; an end date means the next midnight. */
    private static long micros(String option, String text, boolean end) {
        String t = text.trim();
        Instant instant;
        try {
            if (t.length() == 10) {
                LocalDate day = LocalDate.parse(t);
                instant = (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                instant = OffsetDateTime.parse(t).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    option
                            + " takes an RFC 3339 timestamp such as 2026-10-01T00:00:00Z or a date"
                            + " such as 2026-10-01, not '"
                            + text
                            + "'",
                    e);
        }
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
