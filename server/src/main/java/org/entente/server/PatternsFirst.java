package org.entente.server;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring MVC's mapping of annotated handlers, trying a mapping's path patterns before its other
 * conditions (docs/adr/0017).
 *
 * <p>A path with variables, as every TAXII resource's, is tried against each of the node's mappings
 * (about ninety, most the console's). Spring tries a mapping's method first, then its parameters,
 * headers and media types (parsing the {@code Accept} header), and its path last; for a TAXII read
 * nearly every mapping is a GET that only its path refuses, so all of that was done about ninety
 * times a request: 7 % of a GET by id's CPU at saturation. A mapping matches when every condition
 * does, and none of them has an effect or throws, so asking the path first changes which work is
 * done, not the answer ({@code PatternsFirstTest} compares the two).
 */
final class PatternsFirst extends RequestMappingHandlerMapping {
    /**
     * First of the dispatcher's mappings. Spring Boot orders the actuator's endpoint mappings at
     * -100, before this one's 0, and their lookup asks every mapping's method and media types
     * first: 2.5 % of a GET by id's CPU for seven endpoints no read wants. None of the node's
     * handlers maps an actuator path, so asking this one first changes no answer ({@code
     * PatternsFirstTest}).
     */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected RequestMappingInfo getMatchingMapping(
            RequestMappingInfo info, HttpServletRequest request) {
        PathPatternsRequestCondition paths = info.getPathPatternsCondition();
        if (paths != null && paths.getMatchingCondition(request) == null) {
            return null;
        }
        return super.getMatchingMapping(info, request);
    }
}
