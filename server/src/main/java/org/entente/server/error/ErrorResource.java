package org.entente.server.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The TAXII 2.1 error message resource (section 3.6.1), used for every error the node returns.
 * {@code http_status} is a string, as the specification types it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorResource(
        String title,
        String description,
        @JsonProperty("error_id") String errorId,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("http_status") String httpStatus,
        Map<String, Object> details) {}
