package org.entente.server.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The export format's fixed parts (docs/ledger.md, "Export format"): the fields of the header and
 * of an entry line, the JSON settings and the time form. The writer and the partner's check both
 * read them here, so that they cannot drift apart.
 */
final class ExportFormat {
    /** One JSON value per line; duplicate names refused, so no line can say two things. */
    static final JsonMapper JSON =
            JsonMapper.builder(
                            JsonFactory.builder()
                                    .rootValueSeparator("\n")
                                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                                    .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                                    .build())
                    .build();

    /** Times as RFC 3339 in UTC with microseconds, the ledger's resolution. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** An entry line's fields, in the order they are written. */
    static final List<String> ENTRY_FIELDS =
            List.of(
                    "seq",
                    "prev_hash",
                    "hash",
                    "org_seq",
                    "org_prev_hash",
                    "org_hash",
                    "at",
                    "time",
                    "kind",
                    "principal_id",
                    "org_id",
                    "agreement_id",
                    "area",
                    "rule",
                    "object_id",
                    "object_version",
                    "object_type",
                    "tlp",
                    "detail");

    /**
     * The entry's text fields, {@code kind} to {@code detail}: stored columns of the same names.
     */
    static final List<String> TEXT_FIELDS =
            ENTRY_FIELDS.subList(ENTRY_FIELDS.indexOf("kind"), ENTRY_FIELDS.size());

    static final Set<String> HEADER_FIELDS =
            Set.of(
                    "format",
                    "node",
                    "org_id",
                    "from",
                    "to",
                    "exported_at",
                    "count",
                    "first_org_seq",
                    "last_org_seq",
                    "last_org_hash",
                    "org_head");

    private ExportFormat() {}

    /** Microseconds since the epoch as the export shows them. */
    static String time(long micros) {
        return TIME.format(
                Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1_000L));
    }
}
