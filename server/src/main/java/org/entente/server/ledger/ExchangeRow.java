package org.entente.server.ledger;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the exchange report: what went to and came from one organisation, in one area of
 * cooperation, in one calendar quarter.
 *
 * @param orgId the other organisation
 * @param area the area of cooperation; empty for entries recorded without one
 * @param quarter the calendar quarter in UTC, e.g. {@code 2026-Q4}
 * @param total all object versions
 * @param byTlp by TLP label ({@code TLP:AMBER+STRICT}...; {@code none} when none was recorded), in
 *     TLP order
 * @param byType by STIX type, in alphabetical order
 */
public record ExchangeRow(
        String orgId,
        Optional<String> area,
        String quarter,
        Flow total,
        Map<String, Flow> byTlp,
        Map<String, Flow> byType) {

    public ExchangeRow {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(area, "area");
        if (quarter == null || !quarter.matches("\\d{4}-Q[1-4]")) {
            throw new IllegalArgumentException(
                    "quarter must look like 2026-Q4, not '" + quarter + "'");
        }
        Objects.requireNonNull(total, "total");
        // copies that keep their order: TLP order and type order are part of the report
        byTlp = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byTlp));
        byType = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byType));
    }

    /**
     * Object versions that went each way. An object version disclosed twice (two pages, two
     * exports) is one object and two disclosures.
     *
     * @param sentObjects distinct object versions disclosed
     * @param sentDisclosures times a version went: each version a page entry lists, and each
     *     per-version disclosure entry of earlier releases
     * @param receivedObjects distinct object versions received
     * @param receivedEntries times a version came: each version a received page entry lists, and
     *     each per-version receipt entry of earlier releases
     */
    public record Flow(
            long sentObjects, long sentDisclosures, long receivedObjects, long receivedEntries) {
        public static final Flow NONE = new Flow(0, 0, 0, 0);

        public Flow {
            if (sentObjects < 0 || sentDisclosures < sentObjects) {
                throw new IllegalArgumentException(
                        "sentDisclosures must be at least sentObjects, both non-negative");
            }
            if (receivedObjects < 0 || receivedEntries < receivedObjects) {
                throw new IllegalArgumentException(
                        "receivedEntries must be at least receivedObjects, both non-negative");
            }
        }

        Flow plus(Flow o) {
            return new Flow(
                    sentObjects + o.sentObjects,
                    sentDisclosures + o.sentDisclosures,
                    receivedObjects + o.receivedObjects,
                    receivedEntries + o.receivedEntries);
        }
    }
}
