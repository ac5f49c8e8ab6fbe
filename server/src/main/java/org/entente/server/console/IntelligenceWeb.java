package org.entente.server.console;

import javax.sql.DataSource;
import org.entente.server.store.SearchDao;
import org.entente.server.store.SearchIndexer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * What the intelligence pages need of the running server, not of the command line: the search
 * indexer's loop (docs/adr/0015), and the language switcher on their paths.
 */
@Configuration(proxyBeanMethods = false)
class IntelligenceWeb implements WebMvcConfigurer {
    /** The pause between the indexer's rounds. */
    static final long INDEX_PERIOD_MILLIS = 1_000;

    /**
     * @param pool unused, but named so that the indexer stops before the pool closes: the server
     *     exposes the database's pool as a bean of its own, which Spring closes on its own
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    SearchIndexer searchIndexer(SearchDao search, DataSource pool) {
        return new SearchIndexer(search, INDEX_PERIOD_MILLIS);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change).addPathPatterns("/intelligence", "/intelligence/**");
    }
}
