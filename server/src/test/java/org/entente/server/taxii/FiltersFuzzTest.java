package org.entente.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.entente.server.error.ApiException;
import org.entente.server.store.ObjectQuery;

/**
 * The TAXII filters of a request (section 3.4), whatever a client sends: a query, or a 400 that
 * says what is wrong, never another exception (which the node would answer with a 500).
 *
 * <p>An input is text: the endpoint ({@code objects}, {@code manifest}, {@code object}, {@code
 * versions}, {@code delete}) on the first line, then one {@code name=value} parameter a line (a
 * name given twice is a repeated parameter). The seeds in {@code FiltersFuzzTestInputs} run as
 * ordinary tests in every build; {@code JAZZER_FUZZ=1 ./mvnw -pl server test
 * -Dtest=FiltersFuzzTest} fuzzes from them and adds what fails there.
 */
class FiltersFuzzTest {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final Set<String> PATH_ID =
            Set.of("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");

    @FuzzTest
    void anyQueryParametersGiveAQueryOrInvalidInput(byte[] input) {
        List<String> lines = List.of(new String(input, StandardCharsets.UTF_8).split("\n", -1));
        Filters.Endpoint endpoint = endpoint(lines.get(0));
        Map<String, String[]> params = parameters(lines.subList(1, lines.size()));
        Set<String> pathIds =
                endpoint == Filters.Endpoint.OBJECTS || endpoint == Filters.Endpoint.MANIFEST
                        ? Set.of()
                        : PATH_ID;
        ObjectQuery query;
        try {
            query =
                    Filters.parse(
                            params, endpoint, "collection", pathIds, DEFAULT_LIMIT, MAX_LIMIT);
        } catch (ApiException e) {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(ApiException.Kind.INVALID_INPUT);
            assertThat(e.getMessage()).as("a 400 says what is wrong").isNotBlank();
            return;
        }
        assertThat(query.limit()).isBetween(1, MAX_LIMIT);
        assertThat(query.collectionId()).isEqualTo("collection");
    }

    private static Filters.Endpoint endpoint(String line) {
        for (Filters.Endpoint e : Filters.Endpoint.values()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(line.trim())) {
                return e;
            }
        }
        return Filters.Endpoint.OBJECTS;
    }

    /** The parameters as the servlet container gives them: every value of each name. */
    private static Map<String, String[]> parameters(List<String> lines) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? line : line.substring(0, eq);
            String value = eq < 0 ? "" : line.substring(eq + 1);
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        Map<String, String[]> params = new LinkedHashMap<>();
        values.forEach((k, v) -> params.put(k, v.toArray(String[]::new)));
        return params;
    }
}
