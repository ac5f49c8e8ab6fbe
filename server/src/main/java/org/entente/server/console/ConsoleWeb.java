package org.entente.server.console;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console's language and time zone. The language is the one the person chose ({@code ?lang=}
 * from the switcher, kept in a cookie), else the browser's first of English and Japanese, else
 * English. The time zone is the browser's, which the console's script puts in a cookie (a request
 * carries no time zone of its own); until then, and for a zone the JDK does not know, UTC.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWeb implements WebMvcConfigurer {
    static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.JAPANESE);
    static final String LANGUAGE_COOKIE = "entente_lang";
    static final String ZONE_COOKIE = "entente_tz";

    /** The bean Spring MVC looks up by this name; the API ignores it. */
    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver =
                new CookieLocaleResolver(LANGUAGE_COOKIE) {
                    @Override
                    public void setLocaleContext(
                            HttpServletRequest request,
                            HttpServletResponse response,
                            org.springframework.context.i18n.LocaleContext context) {
                        // only the languages the console speaks end up in the cookie
                        Locale asked = context == null ? null : context.getLocale();
                        Locale kept =
                                asked == null
                                        ? null
                                        : LANGUAGES.stream()
                                                .filter(
                                                        l ->
                                                                l.getLanguage()
                                                                        .equals(
                                                                                asked
                                                                                        .getLanguage()))
                                                .findFirst()
                                                .orElse(Locale.ENGLISH);
                        super.setLocaleContext(
                                request,
                                response,
                                kept == null
                                        ? null
                                        : new org.springframework.context.i18n.SimpleLocaleContext(
                                                kept));
                    }
                };
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        resolver.setDefaultLocaleFunction(ConsoleWeb::fromBrowser);
        resolver.setDefaultTimeZoneFunction(ConsoleWeb::zone);
        return resolver;
    }

    /** On every console page, so that a page added to {@link ConsoleSecurity#PATHS} has it too. */
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change).addPathPatterns(ConsoleSecurity.PATHS);
    }

    static Locale fromBrowser(HttpServletRequest request) {
        String header = request.getHeader("Accept-Language");
        if (header == null || header.isBlank()) {
            return Locale.ENGLISH;
        }
        try {
            Locale found = Locale.lookup(Locale.LanguageRange.parse(header), LANGUAGES);
            return found == null ? Locale.ENGLISH : found;
        } catch (IllegalArgumentException e) {
            return Locale.ENGLISH;
        }
    }

    static TimeZone zone(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (ZONE_COOKIE.equals(c.getName()) && c.getValue().length() <= 64) {
                    try {
                        String id =
                                java.net.URLDecoder.decode(
                                        c.getValue(), java.nio.charset.StandardCharsets.UTF_8);
                        return TimeZone.getTimeZone(ZoneId.of(id));
                    } catch (DateTimeException | IllegalArgumentException e) {
                        break;
                    }
                }
            }
        }
        return TimeZone.getTimeZone(ZoneOffset.UTC);
    }
}
