package org.entente.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.entente.server.auth.CurrentPrincipal;
import org.entente.server.auth.PrincipalDao;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Web wiring: the principal argument, TAXII headers on every response, Tomcat's limits. */
@Configuration(proxyBeanMethods = false)
public class WebConfig implements WebMvcConfigurer {
    private final PrincipalDao principals;

    public WebConfig(PrincipalDao principals) {
        this.principals = principals;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CurrentPrincipal(principals));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(
                        new HandlerInterceptor() {
                            @Override
                            public boolean preHandle(
                                    HttpServletRequest request,
                                    HttpServletResponse response,
                                    Object handler) {
                                // responses carry client-specific, possibly marked, content
                                response.setHeader("Cache-Control", "no-store");
                                return true;
                            }
                        })
                .addPathPatterns("/taxii2/**");
    }

    /**
     * The node's reads take their turns here ({@link RequestGate}); how many wait and how many are
     * worked on are gauges, {@code entente.reads.waiting} and {@code entente.reads.working}; how
     * many had to wait a counter, {@code entente.reads.queued}; and the seconds reads have been
     * worked on (summed over the reads at once, so its rate is the cores' worth of reads the node
     * serves) a counter, {@code entente.reads.worked}.
     */
    @Bean
    RequestGate requestGate(NodeSettings settings, MeterRegistry meters) {
        RequestGate gate = new RequestGate(settings.readsAtOnce(), READ_WAIT);
        Gauge.builder("entente.reads.waiting", gate, RequestGate::waiting)
                .description("reads waiting for their turn")
                .register(meters);
        Gauge.builder("entente.reads.working", gate, RequestGate::working)
                .description("reads worked on that have not started their answer")
                .register(meters);
        FunctionCounter.builder("entente.reads.queued", gate, RequestGate::queued)
                .description("reads that had to wait for their turn")
                .register(meters);
        FunctionCounter.builder("entente.reads.worked", gate, g -> g.workedNanos() / 1e9)
                .description("seconds reads have been worked on, from their turn to their answer")
                .baseUnit("seconds")
                .register(meters);
        return gate;
    }

    /**
     * Reads take their turn after the request's observation (so that {@code http.server.requests}
     * counts the wait the client saw) and before everything else, authentication included.
     */
    @Bean
    FilterRegistrationBean<RequestGate> requestGateRegistration(RequestGate gate) {
        FilterRegistrationBean<RequestGate> registration = new FilterRegistrationBean<>(gate);
        registration.setName("requestGate");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** The annotated handlers are found by path first ({@link PatternsFirst}). */
    @Bean
    WebMvcRegistrations patternsFirst() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new PatternsFirst();
            }
        };
    }

    /** How long a read waits for its turn before it is answered 503. */
    static final Duration READ_WAIT = Duration.ofSeconds(30);

    /**
     * TAXII clients send {@code match[type]=...} with raw brackets, which Tomcat rejects unless
     * told otherwise. {@code 100-continue} is answered only when the body is read, so a client that
     * asks first learns of a 413 before uploading; without it, the rejected body is read and
     * dropped (up to twice the limit) so that the client still gets the 413.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcat(NodeSettings settings) {
        return factory -> {
            // requests Tomcat refuses before the application sees them are answered by the host's
            // error valve: ours writes the TAXII error resource (Tomcat's writes an HTML page)
            factory.addContextCustomizers(
                    context -> {
                        if (context.getParent() instanceof StandardHost host) {
                            host.setErrorReportValveClass(TaxiiErrorValve.class.getName());
                        }
                    });
            factory.addConnectorCustomizers(
                    (Connector connector) -> {
                        connector.setProperty("relaxedQueryChars", "[]|{}");
                        connector.setProperty("continueResponseTiming", "onRead");
                        if (connector.getProtocolHandler()
                                instanceof AbstractHttp11Protocol<?> http) {
                            http.setMaxSwallowSize(
                                    (int)
                                            Math.min(
                                                    Integer.MAX_VALUE,
                                                    2 * settings.maxContentLength()));
                        }
                    });
        };
    }
}
