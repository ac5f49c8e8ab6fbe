package org.entente.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.entente.server.store.PostStatus;
import org.entente.server.store.StatusDetail;
import org.entente.stix.Timestamps;
import org.junit.jupiter.api.Test;

/**
 * A status resource goes out written by hand, byte for byte as Jackson's serializer of the record
 * wrote it before (the expected texts below are what a node answered then): the names in the same
 * order, empty lists and absent values left out, the counts always present, and text escaped as
 * JSON escapes it.
 */
class StatusWriterTest {
    private static final long AT = Timestamps.toMicros("2026-12-07T16:22:35.300209Z");

    private static String written(PostStatus s) {
        return new String(
                StatusWriter.bytes(ServerController.statusResource(s)), StandardCharsets.UTF_8);
    }

    @Test
    void aCompleteStatusWithANoteAndAFailureQuotingWhatASenderWroteIsWrittenAsBefore() {
        String id = "indicator--2348ff08-83b3-4f21-8179-8bae580f1d99";
        String v = "2024-02-01T00:00:00.000Z";
        String sent = "indicator--q\"\u00e9\u0001\n\u2028\ud83d\ude00\\";
        String raw = "q\"\u00e9\u0001\n\u2028\ud83d\ude00\\";
        PostStatus s =
                new PostStatus(
                        "3f40b3dc-4d25-4b62-9280-b155ab238f51",
                        "c",
                        "p",
                        true,
                        AT,
                        3,
                        2,
                        1,
                        1,
                        List.of(
                                StatusDetail.success(id, v),
                                StatusDetail.success(id, v, "already held: identical object")),
                        List.of(
                                StatusDetail.failure(
                                        sent,
                                        v,
                                        "id: '"
                                                + sent
                                                + "' is not a STIX identifier: '"
                                                + raw
                                                + "' is not an RFC 4122 UUID; pattern: is required"
                                                + " for indicator but missing")),
                        OptionalInt.empty());
        assertThat(written(s))
                .isEqualTo(
                        "{\"id\":\"3f40b3dc-4d25-4b62-9280-b155ab238f51\",\"status\":\"complete\","
                                + "\"request_timestamp\":\"2026-12-07T16:22:35.300209Z\","
                                + "\"total_count\":3,\"success_count\":2,\"successes\":["
                                + "{\"id\":\"indicator--2348ff08-83b3-4f21-8179-8bae580f1d99\","
                                + "\"version\":\"2024-02-01T00:00:00.000Z\"},"
                                + "{\"id\":\"indicator--2348ff08-83b3-4f21-8179-8bae580f1d99\","
                                + "\"version\":\"2024-02-01T00:00:00.000Z\","
                                + "\"message\":\"already held: identical object\"}],"
                                + "\"failure_count\":1,\"failures\":["
                                + "{\"id\":\"indicator--q\\\"\u00e9\\u0001\\n\u2028\ud83d\ude00\\\\\","
                                + "\"version\":\"2024-02-01T00:00:00.000Z\","
                                + "\"message\":\"id: 'indicator--q\\\"\u00e9\\u0001\\n\u2028\ud83d\ude00\\\\'"
                                + " is not a STIX identifier: 'q\\\"\u00e9\\u0001\\n\u2028\ud83d\ude00\\\\'"
                                + " is not an RFC 4122 UUID; pattern: is required for indicator but"
                                + " missing\"}],\"pending_count\":0}");
    }

    @Test
    void aPendingStatusWithNoLinesYetGivesItsCountsAndNoEmptyLists() {
        PostStatus s =
                new PostStatus(
                        "s1",
                        "c",
                        "p",
                        false,
                        AT,
                        1000,
                        0,
                        0,
                        0,
                        List.of(),
                        List.of(),
                        OptionalInt.empty());
        assertThat(written(s))
                .isEqualTo(
                        "{\"id\":\"s1\",\"status\":\"pending\","
                                + "\"request_timestamp\":\"2026-12-07T16:22:35.300209Z\","
                                + "\"total_count\":1000,\"success_count\":0,\"failure_count\":0,"
                                + "\"pending_count\":1000}");
    }

    @Test
    void aPageWithMoreLinesToComeSaysWhereTheNextStarts() {
        PostStatus s =
                new PostStatus(
                        "s2",
                        "c",
                        "p",
                        false,
                        AT,
                        5,
                        1,
                        0,
                        1,
                        List.of(StatusDetail.success("indicator--a", "2024-01-01T00:00:00.000Z")),
                        List.of(StatusDetail.failure("indicator--b", "", "refused")),
                        OptionalInt.of(12));
        assertThat(written(s))
                .isEqualTo(
                        "{\"id\":\"s2\",\"status\":\"pending\","
                                + "\"request_timestamp\":\"2026-12-07T16:22:35.300209Z\","
                                + "\"total_count\":5,\"success_count\":1,\"successes\":["
                                + "{\"id\":\"indicator--a\",\"version\":\"2024-01-01T00:00:00.000Z\"}],"
                                + "\"failure_count\":1,\"failures\":["
                                + "{\"id\":\"indicator--b\",\"message\":\"refused\"}],"
                                + "\"pending_count\":3,\"x_entente_more\":true,\"x_entente_next\":\"12\"}");
    }
}
