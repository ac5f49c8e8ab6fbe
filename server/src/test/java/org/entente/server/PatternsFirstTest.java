package org.entente.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The node's handler lookup tries a mapping's paths before its method and media types
 * (docs/adr/0017, "Session 18" of docs/benchmarks.md): a TAXII read is tried against every mapping
 * of the node, and for all but the few of its own path the path alone says no, where the method
 * (most are GET) and the {@code Accept} header were read and parsed for each first.
 */
class PatternsFirstTest {
    private static final String TAXII = "application/taxii+json;version=2.1";

    @Test
    void aMappingOfAnotherPathIsRefusedOnThePathAloneWithoutReadingMethodOrHeaders() {
        PatternsFirst mapping = mapping(PatternsFirst::new);
        RequestMappingInfo console = info("/console/people/{id}", RequestMethod.GET, "text/html");
        Counting request = new Counting(request("GET", "/taxii2/api/collections/c/objects/o/"));
        assertThat(mapping.getMatchingMapping(console, request)).isNull();
        assertThat(request.reads).isEmpty();
    }

    @Test
    void itMatchesWhatSpringsOwnMatches() {
        PatternsFirst ours = mapping(PatternsFirst::new);
        Springs spring = mapping(Springs::new);
        List<RequestMappingInfo> infos =
                List.of(
                        info(
                                "/taxii2/{root}/collections/{id}/objects/{object}/",
                                RequestMethod.GET,
                                TAXII),
                        info("/taxii2/{root}/collections/{id}/objects/", RequestMethod.POST, TAXII),
                        info("/console/**", RequestMethod.GET, "text/html"),
                        info("/api/v1/principals", RequestMethod.GET, "application/json"));
        List<MockHttpServletRequest> requests = new ArrayList<>();
        for (String method : new String[] {"GET", "POST", "DELETE"}) {
            for (String path :
                    new String[] {
                        "/taxii2/api/collections/c/objects/o/",
                        "/taxii2/api/collections/c/objects/",
                        "/console",
                        "/console/people/1",
                        "/api/v1/principals",
                        "/elsewhere"
                    }) {
                for (String accept : new String[] {TAXII, "text/html", "*/*", "nonsense"}) {
                    MockHttpServletRequest r = request(method, path);
                    r.addHeader("Accept", accept);
                    requests.add(r);
                }
            }
        }
        int matched = 0;
        for (RequestMappingInfo info : infos) {
            for (MockHttpServletRequest r : requests) {
                RequestMappingInfo expected = spring.match(info, r);
                assertThat(ours.getMatchingMapping(info, r))
                        .as(
                                "%s %s %s against %s",
                                r.getMethod(), r.getRequestURI(), r.getHeader("Accept"), info)
                        .isEqualTo(expected);
                matched += expected == null ? 0 : 1;
            }
        }
        assertThat(matched).as("the matrix has matches to compare").isGreaterThan(4);
    }

    @EachDatabase
    void theNodesDispatcherLooksUpThisWay(TestNode node) {
        // its TAXII answers are still found
        assertThat(node.admin().get("/taxii2/").status()).isEqualTo(200);
        // by the annotated handlers' mapping, now this one, asked first: the actuator's endpoint
        // mappings (ordered -100 by Spring Boot) ask each of their mappings' method and media types
        // first, so a read that reached them paid for that before it reached ours
        List<HandlerMapping> mappings = node.bean(DispatcherServlet.class).getHandlerMappings();
        assertThat(mappings.get(0)).isInstanceOf(PatternsFirst.class);
        assertThat(mappings).noneMatch(m -> m.getClass() == RequestMappingHandlerMapping.class);
        // which is the same answer as long as none of the node's own handlers maps an actuator path
        assertThat(((PatternsFirst) mappings.get(0)).getHandlerMethods().keySet())
                .flatMap(info -> info.getPatternValues())
                .isNotEmpty()
                .noneMatch(path -> path.startsWith("/actuator"));
        TaxiiClient probe = node.anonymous();
        assertThat(
                        probe.send(
                                        probe.request("/actuator/health")
                                                .setHeader("Accept", "application/json")
                                                .build())
                                .status())
                .isEqualTo(200);
    }

    private static <M extends RequestMappingHandlerMapping> M mapping(
            java.util.function.Supplier<M> made) {
        M mapping = made.get();
        mapping.setPatternParser(PathPatternParser.defaultInstance);
        return mapping;
    }

    private static RequestMappingInfo info(String path, RequestMethod method, String produces) {
        RequestMappingInfo.BuilderConfiguration options =
                new RequestMappingInfo.BuilderConfiguration();
        options.setPatternParser(PathPatternParser.defaultInstance);
        return RequestMappingInfo.paths(path)
                .methods(method)
                .produces(produces)
                .options(options)
                .build();
    }

    private static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest r = new MockHttpServletRequest(method, path);
        ServletRequestPathUtils.parseAndCache(r);
        return r;
    }

    /** Spring's own order of conditions. */
    private static final class Springs extends RequestMappingHandlerMapping {
        RequestMappingInfo match(RequestMappingInfo info, HttpServletRequest request) {
            return getMatchingMapping(info, request);
        }
    }

    /** A request that names each of its method and headers read. */
    private static final class Counting extends HttpServletRequestWrapper {
        final List<String> reads = new ArrayList<>();

        Counting(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getMethod() {
            reads.add("method");
            return super.getMethod();
        }

        @Override
        public String getHeader(String name) {
            reads.add(name);
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            reads.add(name);
            return super.getHeaders(name);
        }
    }
}
