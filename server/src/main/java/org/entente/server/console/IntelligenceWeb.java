package org.entente.server.console;

import javax.sql.DataSource;
import org.entente.server.RequestGate;
import org.entente.server.store.SearchDao;
import org.entente.server.store.SearchIndexer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the intelligence pages need of the running server, not of the command line: the search
 * indexer's loop (docs/adr/0015), which gives way to ingest and to reads at the gate (queued, or
 * worked on half the time or more). Their language switch is the console's ({@link ConsoleWeb}).
 */
@Configuration(proxyBeanMethods = false)
class IntelligenceWeb {
    /** The pause between the indexer's rounds. */
    static final long INDEX_PERIOD_MILLIS = 1_000;

    /**
     * @param pool unused, but named so that the indexer stops before the pool closes: the server
     *     exposes the database's pool as a bean of its own, which Spring closes on its own
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    SearchIndexer searchIndexer(SearchDao search, DataSource pool, RequestGate reads) {
        return new SearchIndexer(
                search,
                INDEX_PERIOD_MILLIS,
                new SearchIndexer.Reads(reads::queued, reads::workedNanos),
                System::nanoTime);
    }
}
