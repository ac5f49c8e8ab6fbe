package org.entente.server.taxii;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.entente.server.error.ApiException;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.VersionFilter;
import org.entente.stix.StixIds;
import org.entente.stix.Timestamps;

/**
 * Reads TAXII's URL filters (section 3.4) into a query, rejecting malformed ones with 400 as the
 * specification requires. Unknown {@code match[...]} fields are ignored, as it allows.
 */
final class Filters {
    /** Which match fields an endpoint understands; others are ignored. */
    enum Endpoint {
        OBJECTS(true, true, true, true),
        MANIFEST(true, true, true, true),
        OBJECT(false, false, true, true),
        VERSIONS(false, false, false, true),
        DELETE(false, false, true, true);

        final boolean id;
        final boolean type;
        final boolean version;
        final boolean specVersion;

        Endpoint(boolean id, boolean type, boolean version, boolean specVersion) {
            this.id = id;
            this.type = type;
            this.version = version;
            this.specVersion = specVersion;
        }
    }

    private Filters() {}

    static ObjectQuery parse(
            Map<String, String[]> params,
            Endpoint endpoint,
            String collectionId,
            Set<String> pathIds,
            int defaultLimit,
            int maxLimit) {
        OptionalLong after = OptionalLong.empty();
        String addedAfter = single(params, "added_after");
        if (addedAfter != null) {
            String problem = Timestamps.problem(addedAfter);
            if (problem != null) {
                throw ApiException.invalid("added_after: " + problem);
            }
            after = OptionalLong.of(Timestamps.toMicros(addedAfter));
        }
        String next = single(params, "next");
        if (next != null) {
            long position = decodeNext(next);
            after = OptionalLong.of(Math.max(position, after.orElse(Long.MIN_VALUE)));
        }
        int limit = defaultLimit;
        String limitText = single(params, "limit");
        if (limitText != null) {
            limit = limit(limitText, maxLimit);
        }
        Set<String> ids = pathIds;
        if (endpoint.id) {
            ids = list(params, "match[id]", Filters::checkId);
        }
        Set<String> types =
                endpoint.type ? list(params, "match[type]", Filters::checkType) : Set.of();
        // NB: without match[version], reads return the latest version (section 3.4.1) but a
        // DELETE removes the object, that is every version (section 5.7)
        String version = single(params, "match[version]");
        VersionFilter versions =
                endpoint == Endpoint.VERSIONS || (endpoint == Endpoint.DELETE && version == null)
                        ? VersionFilter.ALL
                        : VersionFilter.parse(version);
        Set<String> specVersions = list(params, "match[spec_version]", Filters::checkSpecVersion);
        return new ObjectQuery(
                collectionId,
                after,
                java.util.OptionalLong.empty(),
                limit,
                ids,
                types,
                versions,
                specVersions,
                java.util.Optional.empty());
    }

    /**
     * The page size a client asks for. Above the server's maximum it is served as the maximum (the
     * server may limit a page, section 3.5), but a number beyond any page a server could hold is a
     * mistake worth saying so.
     */
    private static int limit(String text, int maxLimit) {
        if (!text.matches("[+]?[0-9]+")) {
            throw ApiException.invalid("limit must be a positive integer, not '" + text + "'");
        }
        java.math.BigInteger value = new java.math.BigInteger(text);
        if (value.signum() == 0) {
            throw ApiException.invalid("limit must be a positive integer, not " + text);
        }
        if (value.bitLength() > 31) {
            throw ApiException.invalid(
                    "limit "
                            + text
                            + " is too large: this server returns at most "
                            + maxLimit
                            + " objects per page; ask for "
                            + maxLimit
                            + " or fewer and follow 'next'");
        }
        return Math.min(value.intValueExact(), maxLimit);
    }

    /** The value of a parameter that may occur once; 400 when repeated. */
    static String single(Map<String, String[]> params, String name) {
        String[] values = params.get(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw ApiException.invalid(name + " must not occur more than once in a request");
        }
        return values[0];
    }

    private interface Check {
        void check(String value);
    }

    private static Set<String> list(Map<String, String[]> params, String name, Check check) {
        String raw = single(params, name);
        if (raw == null) {
            return Set.of();
        }
        Set<String> values = new LinkedHashSet<>();
        for (String v : raw.split(",", -1)) {
            if (v.isEmpty()) {
                throw ApiException.invalid(name + " has an empty value in '" + raw + "'");
            }
            check.check(v);
            values.add(v);
        }
        return values;
    }

    private static void checkId(String id) {
        String problem = StixIds.idProblem(id);
        if (problem != null) {
            throw ApiException.invalid("match[id]: " + problem);
        }
    }

    private static void checkType(String type) {
        String problem = StixIds.typeProblem(type);
        if (problem != null) {
            throw ApiException.invalid("match[type]: " + problem);
        }
    }

    private static void checkSpecVersion(String v) {
        if (!v.matches("\\d+\\.\\d+")) {
            throw ApiException.invalid(
                    "match[spec_version] takes versions such as 2.1, not '" + v + "'");
        }
    }

    /** The opaque {@code next} value for a page that ended at {@code dateAdded}. */
    static String encodeNext(long dateAdded) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("d" + dateAdded).getBytes(StandardCharsets.US_ASCII));
    }

    static long decodeNext(String next) {
        try {
            String text =
                    new String(Base64.getUrlDecoder().decode(next), StandardCharsets.US_ASCII);
            if (text.startsWith("d")) {
                return Long.parseLong(text.substring(1));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiException.invalid(
                "next '" + next + "' is not a value this server gave out; start again without it");
    }
}
