package org.entente.server.taxii;

import java.util.Locale;
import org.entente.server.error.ApiException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * TAXII 2.1 content negotiation (section 1.6.8): {@code application/taxii+json} with version 2.1 or
 * no version (meaning the latest, which is 2.1 here). Wildcards are honoured, since HTTP says they
 * accept anything; other types and other TAXII versions get 406 and 415.
 */
final class MediaTypes {
    static final String TAXII = "application/taxii+json;version=2.1";
    static final String STIX = "application/stix+json;version=2.1";

    private MediaTypes() {}

    /** Throws 406 unless the Accept header admits a TAXII 2.1 response. */
    static void checkAccept(String accept, boolean stixAlso) {
        if (accept == null || accept.isBlank()) {
            return; // HTTP: no Accept header means any type is acceptable
        }
        try {
            for (MediaType range : MediaType.parseMediaTypes(accept)) {
                if (range.getQualityValue() == 0.0) {
                    continue;
                }
                if (range.isWildcardType()
                        || (range.getType().equals("application") && range.isWildcardSubtype())) {
                    return;
                }
                if (isVersion21(range, "taxii+json")
                        || (stixAlso && isVersion21(range, "stix+json"))) {
                    return;
                }
            }
        } catch (InvalidMediaTypeException e) {
            throw ApiException.notAcceptable(
                    "the Accept header cannot be parsed: " + e.getMessage());
        }
        throw ApiException.notAcceptable(
                "this endpoint answers with "
                        + TAXII
                        + "; the Accept header '"
                        + accept
                        + "' does not admit it");
    }

    /** Throws 415 unless the Content-Type is a TAXII 2.1 envelope. */
    static void checkContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw ApiException.unsupportedMediaType(
                    "a POST needs the header Content-Type: " + TAXII);
        }
        try {
            if (isVersion21(MediaType.parseMediaType(contentType), "taxii+json")) {
                return;
            }
        } catch (InvalidMediaTypeException e) {
            // reported below
        }
        throw ApiException.unsupportedMediaType(
                "Content-Type '" + contentType + "' is not supported: send " + TAXII);
    }

    private static boolean isVersion21(MediaType type, String subtype) {
        if (!type.getType().equals("application")
                || !type.getSubtype().toLowerCase(Locale.ROOT).equals(subtype)) {
            return false;
        }
        String version = type.getParameter("version");
        return version == null || version.equals("2.1");
    }
}
