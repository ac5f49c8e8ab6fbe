package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A liaison officer's journey in a real headless Chromium (issue 11's proof): record an agreement
 * through the form, read its dry run, activate it, and see the partner's TAXII read follow.
 */
@Slow
class AgreementBrowserTest {
    @EachDatabase
    void aLiaisonOfficerRecordsAnAgreementReadsItsDryRunAndActivatesIt(TestNode node) {
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
        WebDriver browser = Browsers.chromium("en", "UTC");
        try {
            WebDriverWait wait = new WebDriverWait(browser, Browsers.PAGE);
            Browsers.signIn(browser, node, name);
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));

            browser.findElement(By.linkText("Agreements")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Agreements"));
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
            assertThat(dryRun).contains(partnerName).contains("would receive");
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

        } finally {
            browser.quit();
        }
    }
}
