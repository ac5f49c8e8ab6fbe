package org.entente.server.auth;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.entente.server.error.ErrorResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Authentication: bearer tokens (Spring Security's resource-server filter, resolved against our
 * token table) and HTTP Basic (passwords hashed with the delegating encoder, bcrypt by default).
 * The API is stateless: no session, no cookie, hence no CSRF token to check.
 */
@Configuration
public class SecurityConfig {
    static final String PRINCIPAL_ID = "principal_id";
    static final String PRINCIPAL = "principal";
    private static final String CHALLENGE = "Basic realm=\"Entente\", Bearer realm=\"Entente\"";

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
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    OpaqueTokenIntrospector tokenIntrospector(Tokens tokens) {
        return token -> {
            Tokens.Resolution resolved = tokens.resolve(token);
            NodePrincipal principal =
                    resolved.principal()
                            .orElseThrow(() -> new BadOpaqueTokenException(resolved.failure()));
            return new DefaultOAuth2AuthenticatedPrincipal(
                    principal.name(),
                    Map.of(PRINCIPAL_ID, principal.id(), PRINCIPAL, principal),
                    authorities(principal));
        };
    }

    static List<GrantedAuthority> authorities(NodePrincipal principal) {
        return principal.roles().stream()
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
    }

    @Bean
    UserDetailsService users(PrincipalDao principals) {
        return name -> {
            NodePrincipal principal =
                    principals
                            .byName(name)
                            .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
            String hash =
                    principals
                            .passwordHash(name)
                            .orElseThrow(() -> new UsernameNotFoundException("no password set"));
            if (principal.disabled()) {
                throw new DisabledException("the principal is disabled");
            }
            return User.withUsername(principal.name())
                    .password(hash)
                    .authorities(authorities(principal))
                    .build();
        };
    }

    private static org.springframework.security.core.userdetails.UserDetails certificateUser(
            PrincipalDao principals, String subject) {
        NodePrincipal principal =
                principals
                        .byCertificateSubject(subject)
                        .orElseThrow(
                                () ->
                                        new UsernameNotFoundException(
                                                "no principal has the certificate subject "
                                                        + subject));
        if (principal.disabled()) {
            throw new DisabledException("the principal is disabled");
        }
        return User.withUsername(principal.name())
                .password("")
                .authorities(authorities(principal))
                .build();
    }

    @Bean
    SecurityFilterChain api(
            HttpSecurity http, OpaqueTokenIntrospector introspector, PrincipalDao principals)
            throws Exception {
        AuthenticationEntryPoint unauthenticated =
                (request, response, e) -> {
                    response.setHeader("WWW-Authenticate", CHALLENGE);
                    ErrorResponses.write(
                            response,
                            HttpServletResponse.SC_UNAUTHORIZED,
                            "Authentication required",
                            "Send a bearer token (Authorization: Bearer ent_...) or HTTP Basic"
                                    + " credentials"
                                    + (e == null || e.getMessage() == null
                                            ? ""
                                            : ": " + e.getMessage()),
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
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
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
