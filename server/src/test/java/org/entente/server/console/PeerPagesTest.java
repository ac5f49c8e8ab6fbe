package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.entente.server.auth.Role;
import org.entente.server.federation.PeerHealth;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.springframework.web.util.HtmlUtils;

/**
 * The peers page over real HTTP on both databases (issue 11 item 7): each peer's health and its
 * latest problems as the REST API's health reads them; admins test a peer and sync it now, as the
 * REST API's POSTs do; liaison officers and auditors look only; analysts are refused.
 */
class PeerPagesTest {
    private static final String BASE = "/console/peers";

    /** Two peers: this node itself (as a partner reads it) and one nobody answers at. */
    private record Peers(String self, String selfName, String dead, String deadName) {}

    /**
     * Removes the peers a test recorded. NB: the shared node is its own peer here, and its schedule
     * would go on syncing with itself through every later test, each run a ledger entry: the
     * dashboard's head moved under DashboardTest in a CI run.
     */
    private final List<Runnable> removals = new ArrayList<>();

    @AfterEach
    void removePeers() {
        removals.forEach(Runnable::run);
    }

    private Peers peers(TestNode node) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Agency local = node.agency("local");
        String partner =
                local.organisation("partner", "<script>alert(1)</script> partner " + tag, "SG");
        local.agreement(
                "peers " + tag,
                partner,
                Agency.area("information-exchange", "both", "green", "none", false));
        String token = local.token("peer-" + tag, partner, "partner");
        String selfName = "self-" + tag;
        String self =
                local.peer(selfName, partner, node.base(), token, Optional.empty(), true, false)
                        .get("id")
                        .stringValue();
        String deadName = "dead-" + tag;
        String dead = local.deadPeer(deadName, partner, token, true);
        removals.add(() -> node.node().federation().remove(self));
        removals.add(() -> node.node().federation().remove(dead));
        return new Peers(self, selfName, dead, deadName);
    }

    private static ConsoleClient as(TestNode node, Role role) {
        return SignInTest.signedIn(node, SignInTest.person(node, role));
    }

    @EachDatabase
    void anAdminTestsAndSyncsAPeerAndSeesItsHealthAndErrors(TestNode node) {
        Peers p = peers(node);
        ConsoleClient admin = as(node, Role.ADMIN);
        ConsoleClient.Page page = admin.get(BASE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("data-peer=\"" + p.self() + "\"")
                .contains("data-peer=\"" + p.dead() + "\"")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; partner")
                .doesNotContain("<script>alert(1)</script>");
        assertThat(page.body()).contains("action=\"/console/peers/" + p.self() + "/sync\"");

        // test: every check of our own node passes; the dead one fails at the first
        ConsoleClient.Page tested =
                admin.post(BASE + "/" + p.self() + "/test", Map.of("_csrf", page.csrf()));
        assertThat(tested.status()).isEqualTo(200);
        assertThat(DashboardTest.section(tested.body(), "checks")).contains("Passed");
        assertThat(tested.body()).contains("Every check passed.");
        ConsoleClient.Page deadTest =
                admin.post(BASE + "/" + p.dead() + "/test", Map.of("_csrf", page.csrf()));
        assertThat(deadTest.status()).isEqualTo(200);
        assertThat(deadTest.body()).contains("A check failed");
        assertThat(DashboardTest.section(deadTest.body(), "checks")).contains("Failed");

        // sync now: the run's outcome, then the health the REST API reads
        ConsoleClient.Page synced =
                admin.post(BASE + "/" + p.self() + "/sync", Map.of("_csrf", page.csrf()));
        assertThat(synced.status()).isEqualTo(200);
        assertThat(synced.body()).contains("id=\"synced\"").contains("The run ended:");
        ConsoleClient.Page deadSync =
                admin.post(BASE + "/" + p.dead() + "/sync", Map.of("_csrf", page.csrf()));
        assertThat(deadSync.body()).contains("The run failed").contains("id=\"sync-failure\"");

        PeerHealth dead =
                node.node()
                        .federation()
                        .status(node.node().federation().require(p.dead()))
                        .health();
        assertThat(dead.failures()).isPositive();
        String after = admin.get(BASE).body();
        String deadRow = IntelligenceTest.row(DashboardTest.section(after, "peers"), p.dead());
        assertThat(deadRow).contains("data-state=\"failing\"").contains("Error");
        String selfRow = IntelligenceTest.row(DashboardTest.section(after, "peers"), p.self());
        assertThat(selfRow).contains("data-state=\"ok\"").doesNotContain("Never");
    }

    @EachDatabase
    void liaisonOfficersAndAuditorsLookButMayNotActAndAnalystsAreRefused(TestNode node) {
        Peers p = peers(node);
        for (Role role : List.of(Role.LIAISON, Role.AUDITOR)) {
            ConsoleClient person = as(node, role);
            ConsoleClient.Page page = person.get(BASE);
            assertThat(page.status()).as(role.name()).isEqualTo(200);
            assertThat(person.get("/").body()).contains("href=\"/console/peers\"");
            assertThat(page.body())
                    .contains("data-peer=\"" + p.self() + "\"")
                    .doesNotContain("/sync\"")
                    .doesNotContain("/test\"");
            String csrf = person.get("/").csrf();
            for (String action : List.of("/test", "/sync")) {
                ConsoleClient.Page refused =
                        person.post(BASE + "/" + p.self() + action, Map.of("_csrf", csrf));
                assertThat(refused.status()).as(role + action).isEqualTo(403);
            }
        }
        ConsoleClient analyst = as(node, Role.ANALYST);
        assertThat(analyst.get("/").body()).doesNotContain("/console/peers");
        ConsoleClient.Page refused = analyst.get(BASE);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(p.deadName());
        assertThat(
                        analyst.post(
                                        BASE + "/" + p.self() + "/sync",
                                        Map.of("_csrf", analyst.get("/").csrf()))
                                .status())
                .isEqualTo(403);
    }

    @EachDatabase
    void forgedFormsAndUnknownPeersAreRefused(TestNode node) {
        Peers p = peers(node);
        ConsoleClient admin = as(node, Role.ADMIN);
        assertThat(admin.post(BASE + "/" + p.self() + "/sync", Map.of()).status()).isEqualTo(403);
        assertThat(
                        admin.post(
                                        BASE + "/" + p.self() + "/test",
                                        Map.of("_csrf", UUID.randomUUID().toString()))
                                .status())
                .isEqualTo(403);
        String csrf = admin.get(BASE).csrf();
        for (String id : List.of(UUID.randomUUID().toString(), p.deadName())) {
            ConsoleClient.Page missing =
                    admin.post(BASE + "/" + id + "/test", Map.of("_csrf", csrf));
            assertThat(missing.status()).as(id).isEqualTo(404);
            assertThat(HtmlUtils.htmlUnescape(missing.body())).contains("there is no such peer");
        }
    }
}
