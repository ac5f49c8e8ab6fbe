package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.UUID;
import java.util.stream.Stream;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.Slow;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A liaison officer's journey in a real headless Chromium (issue 11's proof), in English and in
 * Japanese: sign in with the second factor, record an agreement through the form, read its dry run,
 * activate it, see the partner's TAXII read follow and the dashboard count what went, verify the
 * partner's ledger chain, and download the exchange report as CSV. Every page on the way passes the
 * accessibility and Content-Security-Policy checks, and shows the strings of the person's language.
 */
@Slow
class AgreementBrowserTest {
    @EachDatabase
    void aLiaisonOfficerRecordsAnAgreementActivatesItAndChecksTheLedger(TestNode node) {
        journey(node, Locale.ENGLISH, "UTC");
    }

    @EachDatabase
    void theSameJourneyInJapanese(TestNode node) {
        journey(node, Locale.JAPANESE, "Asia/Tokyo");
    }

    private static void journey(TestNode node, Locale language, String timeZone) {
        Agency agency = node.agency("local");
        String partnerName = "CSA-" + UUID.randomUUID();
        String partner = agency.organisation("partner", partnerName, "SG");
        String token = agency.token("node-" + UUID.randomUUID(), partner, "partner");
        Collection c = node.newCollection();
        String shared = Fixtures.newId("indicator");
        agency.post(
                c.id(),
                List.of(
                        """
                        {"type":"indicator","spec_version":"2.1","id":"%s",\
                        "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                        "name":"ind","pattern":"[ipv4-addr:value = '10.0.0.2']","pattern_type":"stix",\
                        "valid_from":"2024-01-01T00:00:00Z","object_marking_refs":["%s"]}"""
                                .formatted(shared, Tlp.GREEN.markingId())));
        String name = SignInTest.person(node, Role.LIAISON);
        String title = "MOC " + UUID.randomUUID();
        Path downloads = temporaryFolder();
        WebDriver browser =
                Browsers.chromium(language.getLanguage(), timeZone, Optional.of(downloads));
        try {
            WebDriverWait wait = new WebDriverWait(browser, Browsers.PAGE);
            Browsers.signIn(browser, node, name);
            wait.until(
                    ExpectedConditions.textToBe(
                            By.tagName("h1"), message(language, "dashboard.title")));
            assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang"))
                    .isEqualTo(language.getLanguage());

            nav(browser, "/console/agreements");
            wait.until(
                    ExpectedConditions.textToBe(
                            By.tagName("h1"), message(language, "agr.list.title")));
            Browsers.checkPage(browser, "the agreements");
            browser.findElement(By.id("new-agreement")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("agreement-form")));
            Browsers.checkPage(browser, "the agreement form");
            browser.findElement(By.id("title")).sendKeys(title);
            // a date input takes typed digits in the browser's locale order: set it as a script
            // would, which is what the date picker does
            ((JavascriptExecutor) browser)
                    .executeScript("document.getElementById('effectiveFrom').value = '2020-01-01'");
            browser.findElement(By.id("party-" + partner)).click();
            browser.findElement(By.id("area.information-exchange.on")).click();
            browser.findElement(By.cssSelector("button[value=record]")).click();

            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dry-run")));
            Browsers.checkPage(browser, "the dry run");
            String dryRun = browser.findElement(By.id("dry-run")).getText();
            assertThat(dryRun).contains(partnerName).contains(message(language, "agr.dry.would"));
            assertThat(
                            browser.findElement(
                                            By.cssSelector("tr[data-collection='" + c.id() + "']"))
                                    .getDomAttribute("data-would"))
                    .isEqualTo("1");

            browser.findElement(By.cssSelector("form[data-action=activate] button")).click();
            wait.until(
                    ExpectedConditions.presenceOfElementLocated(
                            By.cssSelector("[data-status=ACTIVE]")));
            Browsers.checkPage(browser, "the active agreement");
            var read =
                    node.client("Bearer " + token)
                            .get("/taxii2/api/collections/" + c.id() + "/objects/");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.text()).contains(shared);

            // the dashboard counts what the partner was just given, in the background: reloaded
            // until the count has reached the partner's read
            String row = "#flows tr[data-organisation='" + partnerName + "'] td.sent-short";
            wait.ignoring(StaleElementReferenceException.class)
                    .until(
                            b -> {
                                nav(browser, "/");
                                return b.findElements(By.cssSelector(row)).stream()
                                        .anyMatch(td -> td.getText().equals("1"));
                            });
            Browsers.checkPage(browser, "the dashboard with flows");
            assertThat(browser.findElement(By.id("flows-age")).getText()).isNotBlank();

            // the partner's chain, verified
            nav(browser, "/console/ledger");
            wait.until(
                    ExpectedConditions.textToBe(
                            By.tagName("h1"), message(language, "ledger.title")));
            Browsers.checkPage(browser, "the ledger");
            String chain = "#chains tr[data-org='" + partner + "']";
            browser.findElement(By.cssSelector(chain + " form button")).click();
            wait.until(
                    ExpectedConditions.presenceOfElementLocated(
                            By.cssSelector("#status[data-state=intact]")));
            Browsers.checkPage(browser, "the verification");

            // its exchange report, and the same as CSV
            nav(browser, "/console/ledger");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(chain)));
            browser.findElement(By.cssSelector(chain + " a[href*='/console/ledger/report']"))
                    .click();
            wait.until(
                    ExpectedConditions.textToBe(
                            By.tagName("h1"), message(language, "ledger.report.of", partnerName)));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("report")));
            Browsers.checkPage(browser, "the exchange report");
            browser.findElement(By.id("csv")).click();
            Path csv = wait.until(d -> downloaded(downloads).orElse(null));
            assertThat(csv.getFileName().toString()).endsWith(".csv");
            String text = read(csv);
            assertThat(text).contains(partnerName);
        } finally {
            browser.quit();
        }
    }

    /** Follows the navigation's link to {@code path}, as a person clicks it. */
    private static void nav(WebDriver browser, String path) {
        browser.findElement(By.cssSelector("header nav a[href='" + path + "']")).click();
    }

    /** The string the console shows in this language, as Spring's message source forms it. */
    static String message(Locale language, String key, Object... args) {
        ResourceBundle bundle =
                ResourceBundle.getBundle(
                        "messages",
                        language,
                        ResourceBundle.Control.getNoFallbackControl(
                                ResourceBundle.Control.FORMAT_PROPERTIES));
        String text = bundle.getString(key);
        return args.length == 0 ? text : new MessageFormat(text, language).format(args);
    }

    /**
     * The file the browser finished saving there, if it has. Chromium first reserves the final name
     * with an empty file and writes into a {@code .crdownload} beside it, which it renames over the
     * empty one at the end; so a download is finished when no {@code .crdownload} is left and the
     * file has content (a report always has its header line).
     */
    private static Optional<Path> downloaded(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all =
                    files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
            if (all.stream().anyMatch(f -> f.getFileName().toString().endsWith(".crdownload"))) {
                return Optional.empty();
            }
            for (Path file : all) {
                try {
                    if (Files.size(file) > 0) {
                        return Optional.of(file);
                    }
                } catch (NoSuchFileException gone) {
                    // replaced between the listing and this look: asked again at the next poll
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("entente-downloads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
