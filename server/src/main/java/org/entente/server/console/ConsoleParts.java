package org.entente.server.console;

import java.time.Clock;
import org.entente.server.agreement.Agreements;
import org.entente.server.auth.Passwords;
import org.entente.server.auth.PrincipalDao;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Tokens;
import org.entente.server.collection.Catalog;
import org.entente.server.db.Database;
import org.entente.server.detection.Detection;
import org.entente.server.federation.Secrets;
import org.entente.server.ingest.Ingest;
import org.entente.server.ledger.Ledger;
import org.entente.server.org.Organisations;
import org.entente.server.policy.Administration;
import org.entente.server.policy.Disclosures;
import org.entente.server.policy.DryRun;
import org.entente.server.policy.Policy;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.SearchDao;
import org.entente.stix.Validator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The console's own parts, which {@code NodeParts} imports (docs/adr/0010): its DAOs stay
 * package-private, and the command line can reach the same use cases.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleParts {
    @Bean
    SignInDao signInDao(Database db) {
        return new SignInDao(db);
    }

    @Bean
    TotpDao totpDao(Database db) {
        return new TotpDao(db);
    }

    @Bean
    SignIns signIns(
            Database db,
            SignInDao events,
            TotpDao totp,
            PrincipalDao principals,
            Passwords passwords,
            Secrets secrets,
            Clock clock) {
        return new SignIns(
                db, new SignIns.Stores(events, totp), principals, passwords, secrets, clock);
    }

    @Bean
    Dashboard dashboard(
            Agreements agreements,
            Organisations organisations,
            Principals principals,
            Administration admin,
            Clock clock) {
        return new Dashboard(agreements, organisations, principals, admin, clock);
    }

    @Bean
    DashboardFlows dashboardFlows(
            Ledger ledger, Organisations organisations, Principals principals, Clock clock) {
        return new DashboardFlows(ledger, organisations, principals, clock);
    }

    @Bean
    DashboardWithheld dashboardWithheld(
            DryRun dryRun,
            Agreements agreements,
            Organisations organisations,
            Principals principals,
            Clock clock) {
        return new DashboardWithheld(dryRun, agreements, organisations, principals, clock);
    }

    @Bean
    AgreementPages agreementPages(
            Agreements agreements,
            Organisations organisations,
            Principals principals,
            Administration admin,
            DryRun dryRun,
            Clock clock) {
        return new AgreementPages(agreements, organisations, principals, admin, dryRun, clock);
    }

    @Bean
    AdminPages adminPages(
            Principals principals,
            Tokens tokens,
            Organisations organisations,
            SignIns signIns,
            Administration admin) {
        return new AdminPages(principals, tokens, organisations, signIns, admin);
    }

    @Bean
    SearchDao searchDao(Database db, ObjectDao objects) {
        return new SearchDao(db, objects);
    }

    @Bean
    Viewing viewing(Catalog catalog, Policy policy, Administration admin, Principals principals) {
        return new Viewing(catalog, policy, admin, principals);
    }

    @Bean
    Intelligence intelligence(
            Viewing viewing,
            Organisations organisations,
            Agreements agreements,
            ObjectDao objects,
            SearchDao search,
            Ledger ledger) {
        return new Intelligence(
                new IntelligenceSearch(viewing, organisations, search),
                new ObjectPage(viewing, organisations, agreements, objects, search, ledger));
    }

    @Bean
    LedgerPages ledgerPages(
            Ledger ledger,
            Organisations organisations,
            Principals principals,
            Administration admin) {
        return new LedgerPages(ledger, organisations, principals, admin);
    }

    @Bean
    LedgerChecks ledgerChecks(Ledger ledger, Clock clock) {
        return new LedgerChecks(ledger, clock);
    }

    @Bean
    LedgerReports ledgerReports(Ledger ledger, Clock clock) {
        return new LedgerReports(ledger, clock);
    }

    @Bean
    DetectionPages detectionPages(
            Detection detection,
            Viewing viewing,
            Organisations organisations,
            ObjectDao objects,
            SearchDao search) {
        return new DetectionPages(detection, viewing, organisations, objects, search);
    }

    @Bean
    Publishing publishing(
            Viewing viewing,
            Organisations organisations,
            ObjectDao objects,
            Ingest ingest,
            Validator validator,
            Clock clock) {
        return new Publishing(viewing, organisations, objects, ingest, validator, clock);
    }

    @Bean
    Portal portal(Viewing viewing, SearchDao search, Disclosures disclosures, Clock clock) {
        return new Portal(viewing, search, disclosures, clock);
    }
}
