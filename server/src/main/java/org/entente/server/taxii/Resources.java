package org.entente.server.taxii;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The TAXII 2.1 resources the node returns as JSON (wire types; the store has its own rows). */
final class Resources {
    private Resources() {}

    /** Section 4.1.1. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Discovery(
            String title,
            String description,
            String contact,
            @JsonProperty("default") String defaultRoot,
            @JsonProperty("api_roots") List<String> apiRoots) {}

    /**
     * Section 4.2.1, with the limits a POST meets besides its length as custom properties (section
     * 7.1), so that a client can split its envelopes before it is refused.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ApiRootResource(
            String title,
            String description,
            List<String> versions,
            @JsonProperty("max_content_length") long maxContentLength,
            @JsonProperty("x_entente_max_object_bytes") int maxObjectBytes,
            @JsonProperty("x_entente_max_objects_per_request") int maxObjectsPerRequest) {}

    /** Section 5.2.1. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record CollectionResource(
            String id,
            String title,
            String description,
            String alias,
            @JsonProperty("can_read") boolean canRead,
            @JsonProperty("can_write") boolean canWrite,
            @JsonProperty("media_types") List<String> mediaTypes) {}

    /** Section 5.1.1: the list is left out when empty. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Collections(List<CollectionResource> collections) {}

    /**
     * Section 4.3.1. The lists hold one page of lines; when more follow, the custom properties
     * {@code x_entente_more} and {@code x_entente_next} say so and where the next page starts
     * ({@code ?next=}), as an envelope's {@code more} and {@code next} do for objects.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record StatusResource(
            String id,
            String status,
            @JsonProperty("request_timestamp") String requestTimestamp,
            @JsonProperty("total_count") int totalCount,
            @JsonProperty("success_count") int successCount,
            List<StatusDetailResource> successes,
            @JsonProperty("failure_count") int failureCount,
            List<StatusDetailResource> failures,
            @JsonProperty("pending_count") int pendingCount,
            List<StatusDetailResource> pendings,
            @JsonProperty("x_entente_more") Boolean more,
            @JsonProperty("x_entente_next") String next) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record StatusDetailResource(String id, String version, String message) {}

    /** Section 5.3.1. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ManifestRecord(
            String id,
            @JsonProperty("date_added") String dateAdded,
            String version,
            @JsonProperty("media_type") String mediaType) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Manifest(boolean more, String next, List<ManifestRecord> objects) {}

    /** Section 5.8.1. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Versions(boolean more, String next, List<String> versions) {}
}
