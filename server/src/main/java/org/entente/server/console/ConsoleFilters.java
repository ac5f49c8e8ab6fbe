package org.entente.server.console;

import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * The console's two servlet filters on the console's paths only. Spring Boot maps Spring Session's
 * filter (sessions in the database) and the resource-URL filter (versioned links in templates) to
 * every path; the TAXII and REST API are stateless and render no template, yet every one of their
 * requests was wrapped by both, which cost a GET of one object more than its two SQL statements
 * (docs/benchmarks.md, "GET by id: the console's filters off the API's paths").
 */
@Configuration(proxyBeanMethods = false)
class ConsoleFilters {
    /** The bean name Spring Session's filter is registered under. */
    static final String SESSION_FILTER = "springSessionRepositoryFilter";

    /**
     * The console's paths ({@link ConsoleSecurity#PATHS}) as servlet URL patterns, which know only
     * exact paths and a trailing {@code /*}.
     */
    static final List<String> URL_PATTERNS =
            ConsoleSecurity.PATHS.stream()
                    .map(p -> p.endsWith("/**") ? p.substring(0, p.length() - 1) : p)
                    .distinct()
                    .toList();

    /** Static, so that it exists before the registrations it changes are made. */
    @Bean
    static BeanPostProcessor consoleFiltersOnConsolePaths() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof AbstractFilterRegistrationBean<?> registration
                        && isConsoles(registration)) {
                    registration.setUrlPatterns(URL_PATTERNS);
                }
                return bean;
            }
        };
    }

    private static boolean isConsoles(AbstractFilterRegistrationBean<?> registration) {
        if (registration instanceof DelegatingFilterProxyRegistrationBean proxy) {
            return SESSION_FILTER.equals(proxy.getFilterName());
        }
        return registration instanceof FilterRegistrationBean<?> plain
                && plain.getFilter() instanceof ResourceUrlEncodingFilter;
    }
}
