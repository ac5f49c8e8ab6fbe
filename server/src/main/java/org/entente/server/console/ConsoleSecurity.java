package org.entente.server.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.entente.server.auth.Role;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's own security filter chain, for people in a browser, beside the API's (which stays
 * stateless and answers 401 to whatever this one does not match): a form login against the same
 * principals and passwords, a second factor, a session in the database, CSRF tokens, and headers
 * that forbid inline script and framing (docs/adr/0013).
 *
 * <p>A sign-in has two steps. The password step authenticates with the single authority {@link
 * #PASSWORD_PASSED}, which opens only the second-factor pages; the code step replaces it with the
 * person's roles (and a new session id). Every request of a signed-in person reads the principal
 * again ({@link SignIns#current}): disabled, removed or given other roles on any node, the session
 * ends at its next request.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {
    /** The authority of a person who passed the password and not yet the second factor. */
    static final String PASSWORD_PASSED = "CONSOLE_PASSWORD_PASSED";

    /** The request attribute that holds the signed-in {@link SignIns.Person}. */
    static final String PERSON = ConsoleSecurity.class.getName() + ".person";

    /**
     * Nothing inline, nothing from elsewhere: scripts and styles only from the node's own files, no
     * plugins, no framing, forms post only here.
     */
    static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " object-src 'none'; base-uri 'none'; form-action 'self';"
                    + " frame-ancestors 'none'";

    static final List<String> PATHS =
            List.of(
                    "/",
                    "/login",
                    "/login/**",
                    "/logout",
                    "/console/**",
                    "/webjars/**",
                    "/intelligence",
                    "/intelligence/**",
                    "/portal",
                    "/portal/**");

    private static final SecurityContextRepository CONTEXTS =
            new HttpSessionSecurityContextRepository();

    /**
     * Where each session's CSRF token is kept (the session, as Spring Security's default), named so
     * that {@link #renewCsrfToken} can replace a token that travelled in a URL.
     */
    private static final CsrfTokenRepository CSRF_TOKENS = new HttpSessionCsrfTokenRepository();

    /**
     * How a token is put on the request for the page (masked afresh for each page, the default).
     */
    private static final CsrfTokenRequestHandler CSRF_ON_PAGE =
            new XorCsrfTokenRequestAttributeHandler();

    @Bean
    @Order(1)
    SecurityFilterChain console(
            HttpSecurity http, SignIns signIns, MessageSource messages, LocaleResolver locales)
            throws Exception {
        String[] people = SignIns.PEOPLE.stream().map(Role::name).sorted().toArray(String[]::new);
        http.securityMatcher(PATHS.toArray(String[]::new))
                .authenticationManager(new ProviderManager(passwordStep(signIns)))
                .authorizeHttpRequests(
                        a ->
                                a.requestMatchers("/login", "/console/assets/**", "/webjars/**")
                                        .permitAll()
                                        .requestMatchers("/login/code", "/login/enrol")
                                        .hasAuthority(PASSWORD_PASSED)
                                        .requestMatchers("/portal", "/portal/**")
                                        .hasRole(Role.CONSTITUENT.name())
                                        .anyRequest()
                                        .hasAnyRole(people))
                .formLogin(
                        f ->
                                f.loginPage("/login")
                                        .loginProcessingUrl("/login")
                                        .successHandler(
                                                (request, response, auth) ->
                                                        response.sendRedirect(
                                                                request.getContextPath()
                                                                        + (signIns.enrolled(
                                                                                        person(
                                                                                                auth))
                                                                                ? "/login/code"
                                                                                : "/login/enrol")))
                                        .failureHandler(
                                                (request, response, e) ->
                                                        response.sendRedirect(
                                                                request.getContextPath()
                                                                        + (e
                                                                                        instanceof
                                                                                        LockedException
                                                                                ? "/login?locked"
                                                                                : "/login?error"))))
                .logout(
                        l ->
                                l.logoutUrl("/logout")
                                        .addLogoutHandler(
                                                (request, response, auth) -> {
                                                    if (auth != null
                                                            && auth.getPrincipal()
                                                                    instanceof SignIns.Person p) {
                                                        signIns.signedOut(
                                                                p, request.getRemoteAddr());
                                                    }
                                                })
                                        .logoutSuccessUrl("/login?signedOut"))
                .exceptionHandling(
                        e ->
                                e.authenticationEntryPoint(
                                                new LoginUrlAuthenticationEntryPoint("/login"))
                                        .accessDeniedHandler(
                                                (request, response, denied) -> {
                                                    if (denied instanceof CsrfException) {
                                                        refuse(
                                                                request,
                                                                response,
                                                                messages,
                                                                locales,
                                                                "error.csrf",
                                                                "/");
                                                    } else if (constituent(
                                                            SecurityContextHolder.getContext()
                                                                    .getAuthentication())) {
                                                        // the portal is a constituent's home;
                                                        // every other page is the agency's
                                                        if (request.getRequestURI()
                                                                .equals(
                                                                        request.getContextPath()
                                                                                + "/")) {
                                                            response.sendRedirect(
                                                                    request.getContextPath()
                                                                            + "/portal");
                                                        } else {
                                                            refuse(
                                                                    request,
                                                                    response,
                                                                    messages,
                                                                    locales,
                                                                    "portal.staffOnly",
                                                                    "/portal");
                                                        }
                                                    } else if (partial(
                                                            SecurityContextHolder.getContext()
                                                                    .getAuthentication())) {
                                                        response.sendRedirect(
                                                                request.getContextPath()
                                                                        + "/login/code");
                                                    } else {
                                                        response.sendRedirect(
                                                                request.getContextPath() + "/");
                                                    }
                                                }))
                .csrf(c -> c.csrfTokenRepository(CSRF_TOKENS).csrfTokenRequestHandler(CSRF_ON_PAGE))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .addFilterBefore(new StillAllowed(signIns), AuthorizationFilter.class)
                .headers(
                        h ->
                                h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
                                        .referrerPolicy(
                                                r ->
                                                        r.policy(
                                                                ReferrerPolicyHeaderWriter
                                                                        .ReferrerPolicy
                                                                        .NO_REFERRER))
                                        .frameOptions(f -> f.deny()));
        return http.build();
    }

    /**
     * The password step: a person who passes it holds {@link #PASSWORD_PASSED} alone. Every refusal
     * is a {@link BadCredentialsException}, whatever the reason; a lock a {@link LockedException},
     * which the page names (a name nobody holds locks the same way, so this tells nothing of who
     * exists).
     */
    static AuthenticationProvider passwordStep(SignIns signIns) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication request) {
                String remote =
                        request.getDetails() instanceof WebAuthenticationDetails d
                                ? d.getRemoteAddress()
                                : "";
                Object credentials = request.getCredentials();
                SignIns.PasswordStep step =
                        signIns.password(
                                request.getName(),
                                credentials == null ? "" : credentials.toString(),
                                remote);
                if (step instanceof SignIns.PasswordStep.Passed passed) {
                    return UsernamePasswordAuthenticationToken.authenticated(
                            passed.person(),
                            null,
                            List.of(new SimpleGrantedAuthority(PASSWORD_PASSED)));
                }
                if (step instanceof SignIns.PasswordStep.Locked) {
                    throw new LockedException("locked");
                }
                throw new BadCredentialsException("refused");
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    /** The person behind an authentication of this chain, either step. */
    /**
     * Gives the session a new CSRF token, and the page being answered that token: for a form whose
     * token had to travel in its action's query string (a multipart upload, {@link FormUpload}),
     * where a proxy's log, the browser's history or its address bar may keep it, so that what they
     * keep no longer passes. Other open pages of the session must be reloaded before their next
     * form.
     */
    static void renewCsrfToken(HttpServletRequest request, HttpServletResponse response) {
        CsrfToken fresh = CSRF_TOKENS.generateToken(request);
        CSRF_TOKENS.saveToken(fresh, request, response);
        CSRF_ON_PAGE.handle(request, response, () -> fresh);
    }

    static SignIns.Person person(Authentication auth) {
        return (SignIns.Person) auth.getPrincipal();
    }

    static boolean partial(Authentication auth) {
        return auth != null
                && auth.getAuthorities().stream()
                        .anyMatch(a -> PASSWORD_PASSED.equals(a.getAuthority()));
    }

    /**
     * Completes a sign-in after the second factor: the person's roles replace the password step's
     * authority, and the session gets a new id, so that an id seen before the sign-in is worth
     * nothing after it.
     */
    static void signedIn(
            SignIns.Person person, HttpServletRequest request, HttpServletResponse response) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        person.roles().stream()
                .sorted()
                .forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r.name())));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(person, null, authorities));
        SecurityContextHolder.setContext(context);
        request.changeSessionId();
        CONTEXTS.saveContext(context, request, response);
    }

    /** Ends a session (a lock during the second step, a principal no longer allowed). */
    static void end(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    /** A person signed in with the constituent role (both steps passed). */
    static boolean constituent(Authentication auth) {
        return auth != null
                && auth.getAuthorities().stream()
                        .anyMatch(
                                a -> ("ROLE_" + Role.CONSTITUENT.name()).equals(a.getAuthority()));
    }

    /**
     * A refusal before any controller: a form without its CSRF token (or another session's), or a
     * constituent's person on a page of the agency's. 403 and a short page saying so, written here
     * because the refusal may come before there is anyone to show a page to.
     *
     * @param key the messages' prefix: its {@code .title}, {@code .text} and {@code .back}
     * @param home where the page's one link leads
     */
    private static void refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            MessageSource messages,
            LocaleResolver locales,
            String key,
            String home)
            throws IOException {
        Locale locale = locales.resolveLocale(request);
        String title = messages.getMessage(key + ".title", null, locale);
        String text = messages.getMessage(key + ".text", null, locale);
        String back = messages.getMessage(key + ".back", null, locale);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/html;charset=UTF-8");
        byte[] body =
                ("<!DOCTYPE html><html lang=\""
                                + HtmlUtils.htmlEscape(locale.getLanguage())
                                + "\"><head><meta charset=\"utf-8\"><title>"
                                + HtmlUtils.htmlEscape(title)
                                + "</title><link rel=\"stylesheet\""
                                + " href=\"/console/assets/console.css\"></head><body><main"
                                + " class=\"narrow\"><h1>"
                                + HtmlUtils.htmlEscape(title)
                                + "</h1><p>"
                                + HtmlUtils.htmlEscape(text)
                                + "</p><p><a href=\""
                                + HtmlUtils.htmlEscape(request.getContextPath() + home)
                                + "\">"
                                + HtmlUtils.htmlEscape(back)
                                + "</a></p></main></body></html>")
                        .getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * Reads a signed-in person again on every request: ends the session of one who may no longer
     * use the console or whose roles changed, and hands the current person to the pages.
     */
    static final class StillAllowed extends OncePerRequestFilter {
        private final SignIns signIns;

        StillAllowed(SignIns signIns) {
            this.signIns = signIns;
        }

        @Override
        protected void doFilterInternal(
                HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.getPrincipal() instanceof SignIns.Person held) {
                Optional<SignIns.Person> now = signIns.current(held.principalId());
                if (now.isEmpty() || !now.get().roles().equals(held.roles())) {
                    end(request);
                    response.sendRedirect(request.getContextPath() + "/login?expired");
                    return;
                }
                request.setAttribute(PERSON, now.get());
            }
            chain.doFilter(request, response);
        }
    }
}
