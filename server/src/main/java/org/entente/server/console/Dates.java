package org.entente.server.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Moments as a person reads them: in their language's format and their time zone. Public, as what
 * the pages call must be.
 */
public record Dates(Locale locale, ZoneId zone) {
    public Dates {
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(zone, "zone");
    }

    public String dateTime(Instant t) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale)
                .withZone(zone)
                .format(t);
    }

    public String date(Instant t) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                .withLocale(locale)
                .withZone(zone)
                .format(t);
    }

    /** A date, or {@code none} when there is none. */
    public String date(Optional<Instant> t, String none) {
        return t.map(this::date).orElse(none);
    }

    public String zoneId() {
        return zone.getId();
    }
}
