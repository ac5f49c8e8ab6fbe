package org.entente.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.entente.server.testing.Slow;
import org.junit.jupiter.api.Test;

/**
 * {@code entente demo} as a newcomer runs it: two nodes in child processes over HTTPS, and a report
 * of what flowed and what was withheld and why.
 */
@Slow
class DemoTest {
    @Test
    void theDemoShowsWhatFlowedAndWhatWasWithheldAndWhy() throws Exception {
        Path dir = Files.createTempDirectory("entente-demo-test-");
        CliRun run = CliRun.run("demo", "--dir", dir.toString());
        int code = run.code();
        String report = run.out();
        System.out.println(report);
        assertThat(code).as(report).isZero();
        String flowed = section(report, "What flowed", "What was withheld");
        String withheld = section(report, "What was withheld", "Japan's view");
        assertThat(flowed)
                .contains("C2 server (TLP:CLEAR)")
                .contains("C2 server (TLP:GREEN)")
                .contains("C2 server (TLP:AMBER)")
                .contains("Advisory: phishing wave (TLP:CLEAR)")
                .contains("Japan's advisory: ransomware campaign (TLP:GREEN)")
                .contains("Japan's sighting of the TLP:AMBER C2 server")
                .contains("(feedback, anonymised: no creator, no place)")
                .contains("under Singapore-Japan cybersecurity MOC (demo) / information-exchange")
                .doesNotContain("TLP:RED)")
                .doesNotContain("(TLP:AMBER+STRICT)");
        assertThat(withheld)
                .contains("C2 server (TLP:RED)")
                .contains("is for named people only")
                .contains("C2 server (TLP:AMBER+STRICT)")
                .contains("C2 server (unmarked)")
                .contains("(the collection's default)")
                .contains("label 'internal' is excluded")
                .contains("Advisory: phishing wave (TLP:AMBER)")
                .contains("Japan's own scanner (TLP:GREEN)")
                .contains("Japan's advisory: ransomware campaign (TLP:AMBER+STRICT)")
                .contains("above this area's ceiling TLP:GREEN");
        assertThat(report).contains("chain intact").contains("Both nodes stopped");
    }

    private static String section(String text, String from, String to) {
        int a = text.indexOf(from);
        int b = text.indexOf(to, a + 1);
        assertThat(a).as("section '" + from + "' in:\n" + text).isNotNegative();
        return text.substring(a, b < 0 ? text.length() : b);
    }
}
