package org.entente.server.auth;

import java.util.Optional;
import org.entente.server.error.ApiException;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves a {@link NodePrincipal} handler parameter from the authenticated request, and a {@link
 * Caller} one for the TAXII reads. A bearer token whose resolution was kept from an earlier request
 * (ADR 0039) is a {@link Caller} as it is; asked for as a {@link NodePrincipal}, it is resolved
 * afresh first, so that a handler that reads outside the kept guard sees credentials as they are.
 */
public final class CurrentPrincipal implements HandlerMethodArgumentResolver {
    private final PrincipalDao principals;

    public CurrentPrincipal(PrincipalDao principals) {
        this.principals = principals;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == NodePrincipal.class
                || parameter.getParameterType() == Caller.class;
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mav,
            NativeWebRequest request,
            WebDataBinderFactory binders) {
        Optional<Caller> kept = Caller.current();
        if (parameter.getParameterType() == Caller.class) {
            return kept.orElseGet(() -> Caller.fresh(principal()));
        }
        return kept.isPresent() ? kept.get().againOrRefuse() : principal();
    }

    private NodePrincipal principal() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            throw new ApiException(
                    ApiException.Kind.UNAUTHENTICATED,
                    "authentication required",
                    java.util.Map.of());
        }
        Object p = auth.getPrincipal();
        if (p instanceof NodePrincipal basic) {
            // HTTP Basic: read with the password's check a moment ago, in the same request
            return basic;
        }
        if (p instanceof OAuth2AuthenticatedPrincipal token) {
            // resolved with the token a moment ago, in the same request
            Object resolved = token.getAttributes().get(SecurityConfig.PRINCIPAL);
            if (resolved instanceof NodePrincipal principal) {
                return principal;
            }
            String id = token.getAttribute(SecurityConfig.PRINCIPAL_ID);
            return principals
                    .byId(id)
                    .orElseThrow(() -> ApiException.forbidden("unknown principal"));
        }
        return principals
                .byName(auth.getName())
                .orElseThrow(() -> ApiException.forbidden("unknown principal"));
    }
}
