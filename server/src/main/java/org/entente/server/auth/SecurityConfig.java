package org.entente.server.auth;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.entente.server.error.ErrorResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Authentication: bearer tokens (Spring Security's resource-server filter, resolved against our
 * token table), HTTP Basic ({@link Passwords}: bcrypt, checked once per client and TTL) and TLS
 * client certificates. The API is stateless: no session, no cookie, hence no CSRF token to check.
 *
 * <p>Every refused credential gets the same answer, whatever the reason (unknown, revoked, expired,
 * disabled, wrong password): the reason would tell a holder of a stolen or guessed credential what
 * to try next. The node's log says why, at debug level.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfig.class);
    static final String PRINCIPAL_ID = "principal_id";
    static final String PRINCIPAL = "principal";

    /** The attribute of a kept bearer token's {@link Caller}, on the TAXII reads only. */
    static final String CALLER = "caller";

    /** The challenge every 401 carries. */
    public static final String CHALLENGE = "Basic realm=\"Entente\", Bearer realm=\"Entente\"";

    /**
     * The TAXII reads, which may authenticate a bearer token from its kept resolution (ADR 0039):
     * GET and HEAD of a collection's objects, one object, its versions and the manifest. Their
     * handlers take a {@link Caller} and read only through the guard it carries.
     */
    static final List<String> KEPT_READS =
            List.of(
                    "/taxii2/*/collections/*/objects/",
                    "/taxii2/*/collections/*/objects/*/",
                    "/taxii2/*/collections/*/objects/*/versions/",
                    "/taxii2/*/collections/*/manifest/");

    /** The description of every 401, whatever was wrong with the credentials, if anything. */
    public static final String REFUSED =
            "Send a valid bearer token (Authorization: Bearer ent_...) or HTTP Basic credentials.";

    /**
     * No observation per security filter: on a GET of one object they cost more than the work
     * itself. Requests are still timed as a whole (http.server.requests).
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings
            securityObservations() {
        return org.springframework.security.config.observation.SecurityObservationSettings
                .noObservations();
    }

    @Bean
    OpaqueTokenIntrospector tokenIntrospector(Tokens tokens) {
        return token -> {
            Tokens.Resolution resolved = tokens.resolve(token);
            if (resolved.principal().isEmpty()) {
                refusedBecause(resolved.failure());
                throw new BadOpaqueTokenException("refused");
            }
            NodePrincipal principal = resolved.principal().get();
            return new DefaultOAuth2AuthenticatedPrincipal(
                    principal.name(),
                    Map.of(PRINCIPAL_ID, principal.id(), PRINCIPAL, principal),
                    authorities(principal));
        };
    }

    static void refusedBecause(String failure) {
        LOG.debug("bearer token refused: {}", failure);
    }

    @Bean
    KeptTokens keptTokens(Tokens tokens, Clock clock, MeterRegistry meters) {
        return new KeptTokens(tokens, clock, meters);
    }

    /**
     * The TAXII reads' bearer tokens: kept between requests, carried as a {@link Caller} (ADR
     * 0039). No {@link #PRINCIPAL} attribute: a handler that asks for a {@link NodePrincipal}
     * instead gets one resolved for its request ({@link CurrentPrincipal}).
     */
    static OpaqueTokenIntrospector keptIntrospector(KeptTokens kept) {
        return token -> {
            Caller caller =
                    kept.caller(token).orElseThrow(() -> new BadOpaqueTokenException("refused"));
            NodePrincipal principal = caller.principal();
            return new DefaultOAuth2AuthenticatedPrincipal(
                    principal.name(),
                    Map.of(PRINCIPAL_ID, principal.id(), CALLER, caller),
                    authorities(principal));
        };
    }

    static List<GrantedAuthority> authorities(NodePrincipal principal) {
        return principal.roles().stream()
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
    }

    /** HTTP Basic: the principal itself becomes the authentication's principal. */
    static AuthenticationProvider basic(Passwords passwords) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication request) {
                String name = request.getName();
                Object credentials = request.getCredentials();
                NodePrincipal principal =
                        passwords
                                .check(name, credentials == null ? "" : credentials.toString())
                                .orElseThrow(
                                        () -> {
                                            LOG.debug("basic credentials of '{}' refused", name);
                                            return new BadCredentialsException("refused");
                                        });
                return UsernamePasswordAuthenticationToken.authenticated(
                        principal, null, authorities(principal));
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    private static org.springframework.security.core.userdetails.UserDetails certificateUser(
            PrincipalDao principals, String subject) {
        NodePrincipal principal =
                principals
                        .byCertificateSubject(subject)
                        .filter(p -> !p.disabled())
                        .orElseThrow(
                                () -> {
                                    LOG.debug("certificate {} refused", subject);
                                    return new BadCredentialsException("refused");
                                });
        return User.withUsername(principal.name())
                .password("")
                .authorities(authorities(principal))
                .build();
    }

    /** The TAXII reads (GET and HEAD of {@link #KEPT_READS}), whose bearer tokens may be kept. */
    @Bean
    @Order(2)
    SecurityFilterChain keptReads(
            HttpSecurity http, KeptTokens kept, PrincipalDao principals, Passwords passwords)
            throws Exception {
        List<RequestMatcher> reads = new ArrayList<>();
        for (String path : KEPT_READS) {
            for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD)) {
                reads.add(PathPatternRequestMatcher.withDefaults().matcher(method, path));
            }
        }
        http.securityMatcher(new OrRequestMatcher(reads));
        return chain(http, keptIntrospector(kept), principals, passwords);
    }

    /** Every other request of the API. */
    @Bean
    SecurityFilterChain api(
            HttpSecurity http,
            OpaqueTokenIntrospector introspector,
            PrincipalDao principals,
            Passwords passwords)
            throws Exception {
        return chain(http, introspector, principals, passwords);
    }

    private static SecurityFilterChain chain(
            HttpSecurity http,
            OpaqueTokenIntrospector introspector,
            PrincipalDao principals,
            Passwords passwords)
            throws Exception {
        AuthenticationEntryPoint unauthenticated =
                (request, response, e) -> {
                    response.setHeader("WWW-Authenticate", CHALLENGE);
                    ErrorResponses.write(
                            response,
                            HttpServletResponse.SC_UNAUTHORIZED,
                            "Authentication required",
                            REFUSED,
                            "unauthenticated");
                };
        AccessDeniedHandler denied =
                (request, response, e) ->
                        ErrorResponses.write(
                                response,
                                HttpServletResponse.SC_FORBIDDEN,
                                "Forbidden",
                                "Your principal may not do this.",
                                "forbidden");
        // stateless: no session, nothing to log out of, no request to replay after a sign-in
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(
                        a ->
                                a.requestMatchers(
                                                "/taxii2/",
                                                "/actuator/health",
                                                "/error",
                                                "/api/openapi",
                                                "/api/openapi/**",
                                                "/api/docs",
                                                "/swagger-ui/**")
                                        .permitAll()
                                        .requestMatchers("/actuator/**")
                                        .hasRole(Role.ADMIN.name())
                                        .anyRequest()
                                        .authenticated())
                .authenticationProvider(basic(passwords))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated))
                // TLS client certificates (when the node asks for them): the certificate's whole
                // subject DN, in RFC 2253 form, names the principal (--certificate-subject)
                .x509(
                        x ->
                                x.x509PrincipalExtractor(
                                                cert -> cert.getSubjectX500Principal().getName())
                                        .authenticationUserDetailsService(
                                                token ->
                                                        certificateUser(
                                                                principals, token.getName())))
                .oauth2ResourceServer(
                        o ->
                                o.opaqueToken(t -> t.introspector(introspector))
                                        .authenticationEntryPoint(unauthenticated)
                                        .accessDeniedHandler(denied))
                .exceptionHandling(
                        e ->
                                e.authenticationEntryPoint(unauthenticated)
                                        .accessDeniedHandler(denied));
        return http.build();
    }
}
