package org.entente.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code entente demo}: Singapore's and Japan's agencies, each with a node of its own in a child
 * process on loopback over HTTPS, record their memorandum, connect their nodes (each pinning the
 * other's certificate), exchange sample data of every TLP, and the demo prints what flowed, what
 * was withheld and why, from both ledgers and from the status resources.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start two nodes on loopback (a Singaporean and a Japanese agency) with an agreement,"
                    + " peering and sample data, and print what flowed and what was withheld and"
                    + " why.",
            "Needs nothing but the JDK: certificates are made with its keytool, data lives in a"
                    + " temporary folder, the nodes stop at the end unless --keep."
        })
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--keep",
            description = "leave both nodes running afterwards, until Ctrl-C, to explore them")
    boolean keep;

    @Option(names = "--dir", description = "work folder (default: a new temporary one)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? dir : Files.createTempDirectory("entente-demo-");
        DemoAgency sg = new DemoAgency(DemoScenario.SG, "SG", work.resolve("sg"));
        DemoAgency jp = new DemoAgency(DemoScenario.JP, "JP", work.resolve("jp"));
        List<DemoAgency> both = List.of(sg, jp);
        // on Ctrl-C (with --keep, or midway) the kit stops both nodes as this JVM exits
        try {
            say("Entente demo: two agencies on loopback, each node in a process of its own, HTTPS");
            say("");
            CompletableFuture<Void> s1 = CompletableFuture.runAsync(sg::start);
            CompletableFuture<Void> s2 = CompletableFuture.runAsync(jp::start);
            CompletableFuture.allOf(s1, s2).join(); // both settled, so none starts after a stop
            for (DemoAgency a : both) {
                say(
                        String.format(
                                "  %-14s %s   (data and log in %s)", a.name(), a.base(), a.home()));
            }
            say("");
            DemoScenario.agree(sg, jp);
            String tokenAtSg = sg.token("nisc-node", DemoScenario.JP);
            JsonNode peer = jp.peer("sg", sg, tokenAtSg);
            say(
                    "  "
                            + DemoScenario.JP
                            + " records "
                            + DemoScenario.SG
                            + "'s node as its peer, pinning its certificate:");
            JsonNode test = jp.api("POST", "/api/v1/peers/sg/test", null);
            for (JsonNode c : test.get("checks")) {
                say(
                        String.format(
                                "    %-4s %-12s %s",
                                c.get("ok").booleanValue() ? "ok" : "FAIL",
                                c.get("name").stringValue(),
                                c.get("detail").stringValue()));
            }
            say("");
            Map<String, String> names = new HashMap<>();
            DemoScenario.publish(sg, jp, names);
            say("Syncing (Japan pulls from Singapore, then pushes its own and its feedback)...");
            jp.api("POST", "/api/v1/peers/sg/sync", null);
            String amber = names.get("sg-amber-id");
            String sighting = "sighting--" + UUID.randomUUID();
            jp.post(
                    "threat-intel",
                    List.of(
                            DemoScenario.sighting(
                                    sighting,
                                    amber,
                                    jp.localIdentity(),
                                    "Sighted in Japan: C2 server (TLP:AMBER)")));
            names.put(sighting, "Japan's sighting of the TLP:AMBER C2 server");
            jp.api("POST", "/api/v1/peers/sg/sync", null);
            say("");
            new DemoReport(names).print(sg, jp, peer.get("principal_id").stringValue());
            if (keep) {
                say("");
                say("The nodes keep running; Ctrl-C stops them. Admin tokens:");
                for (DemoAgency a : both) {
                    say("  " + a.name() + ": " + a.base() + "  " + a.adminToken());
                }
                say(
                        "Try: curl --cacert "
                                + jp.home().resolve("node.pem")
                                + " -H 'Authorization: Bearer "
                                + jp.adminToken()
                                + "' "
                                + jp.base()
                                + "api/v1/peers/sg");
                Thread.currentThread().join();
            }
            return 0;
        } finally {
            if (!keep) {
                both.forEach(DemoAgency::stop);
                say("");
                say("Both nodes stopped. Their data stays in " + work + "; --keep leaves them up.");
            }
        }
    }

    static void say(String line) {
        System.out.println(line);
    }
}
