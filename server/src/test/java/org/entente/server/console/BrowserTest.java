package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.entente.server.auth.Role;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Slow;
import org.entente.server.testing.TestNode;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: headless Chromium driven by Selenium (Debian's {@code chromium}
 * and {@code chromium-driver}, which {@code .ci/run} installs; skipped with a message where they
 * are absent). A person opens the console in Japanese, switches to English, signs in, enrols the
 * second factor from the key on the page, sees the dashboard in their time zone and in Japanese,
 * and signs out; nothing on the way breaks the Content-Security-Policy or axe-core's serious and
 * critical accessibility rules.
 */
@Slow
class BrowserTest {
    @EachDatabase
    void aPersonSignsInWithTheSecondFactorAndUsesTheConsoleInTwoLanguages(TestNode node) {
        String partner = "CSA-" + UUID.randomUUID();
        node.agency("local").organisation("partner", partner, "SG");
        String name = SignInTest.person(node, Role.LIAISON);
        WebDriver browser = Browsers.chromium("ja", "Asia/Tokyo");
        try {
            WebDriverWait wait = new WebDriverWait(browser, Browsers.PAGE);
            browser.get(node.base().resolve("/").toString());
            wait.until(ExpectedConditions.urlContains("/login"));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("サインイン");
            Browsers.checkPage(browser, "the sign-in page in Japanese");

            browser.findElement(By.cssSelector("a[hreflang=en]")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Sign in"));
            browser.findElement(By.id("username")).sendKeys(name);
            browser.findElement(By.id("password")).sendKeys(SignInTest.PASSWORD);
            browser.findElement(By.cssSelector("form button[type=submit]")).click();

            wait.until(ExpectedConditions.urlContains("/login/enrol"));
            Browsers.checkPage(browser, "the enrolment page");
            byte[] secret = Totp.fromBase32(browser.findElement(By.id("secret")).getText());
            browser.findElement(By.id("code"))
                    .sendKeys(Totp.code(secret, Totp.step(node.clock().instant()), Totp.DIGITS));
            browser.findElement(By.cssSelector("main form button[type=submit]")).click();

            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));
            assertThat(browser.findElement(By.id("partners")).getText()).contains(partner);
            Browsers.checkPage(browser, "the dashboard");
            assertThat(((JavascriptExecutor) browser).executeScript("return typeof htmx"))
                    .as("htmx, served from its webjar")
                    .isEqualTo("object");
            // the page's script told the node the browser's zone; the next page shows times in it
            browser.navigate().refresh();
            wait.until(
                    ExpectedConditions.textToBePresentInElementLocated(
                            By.tagName("footer"), "Asia/Tokyo"));

            browser.findElement(By.cssSelector("a[hreflang=ja]")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "ダッシュボード"));
            Browsers.checkPage(browser, "the dashboard in Japanese");

            browser.findElement(By.cssSelector("form.signout button")).click();
            wait.until(ExpectedConditions.urlContains("/login"));
            assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
                    .isEqualTo("サインアウトしました。");
            browser.get(node.base().resolve("/").toString());
            wait.until(ExpectedConditions.urlContains("/login"));

            assertThat(Browsers.cspViolations(browser))
                    .as("CSP violations in the browser's console")
                    .isEmpty();
        } finally {
            browser.quit();
        }
    }
}
