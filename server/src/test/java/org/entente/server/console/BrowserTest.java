package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import org.entente.server.auth.Role;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Slow;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: headless Chromium driven by Selenium (Debian's {@code chromium}
 * and {@code chromium-driver}, which {@code .ci/run} installs; skipped with a message where they
 * are absent). A person opens the console in Japanese, switches to English, signs in, enrols the
 * second factor from the key on the page, sees the dashboard in their time zone and in Japanese,
 * and signs out; nothing on the way breaks the Content-Security-Policy.
 */
@Slow
class BrowserTest {
    /** A bound for one page to load and settle on a loaded 2-core machine. */
    private static final Duration PAGE = Duration.ofSeconds(30);

    static Optional<Path> onPath(String... names) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** A headless Chromium whose language and time zone are given, as a person's would be. */
    static WebDriver chromium(String language, String timeZone) {
        Optional<Path> browser = onPath("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = onPath("chromedriver");
        Assumptions.assumeTrue(
                browser.isPresent() && driver.isPresent(),
                "browser tests need Chromium and its driver on the PATH (Debian: apt-get install"
                        + " chromium chromium-driver; .ci/run installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,900",
                "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(driver.get().toFile())
                        .usingAnyFreePort()
                        .withEnvironment(Map.of("TZ", timeZone))
                        .build();
        return new ChromeDriver(service, options);
    }

    @EachDatabase
    void aPersonSignsInWithTheSecondFactorAndUsesTheConsoleInTwoLanguages(TestNode node) {
        String partner = "CSA-" + UUID.randomUUID();
        node.agency("local").organisation("partner", partner, "SG");
        String name = SignInTest.person(node, Role.LIAISON);
        WebDriver browser = chromium("ja", "Asia/Tokyo");
        try {
            WebDriverWait wait = new WebDriverWait(browser, PAGE);
            browser.get(node.base().resolve("/").toString());
            wait.until(ExpectedConditions.urlContains("/login"));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("サインイン");

            browser.findElement(By.cssSelector("a[hreflang=en]")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Sign in"));
            browser.findElement(By.id("username")).sendKeys(name);
            browser.findElement(By.id("password")).sendKeys(SignInTest.PASSWORD);
            browser.findElement(By.cssSelector("form button[type=submit]")).click();

            wait.until(ExpectedConditions.urlContains("/login/enrol"));
            byte[] secret = Totp.fromBase32(browser.findElement(By.id("secret")).getText());
            browser.findElement(By.id("code"))
                    .sendKeys(Totp.code(secret, Totp.step(node.clock().instant()), Totp.DIGITS));
            browser.findElement(By.cssSelector("main form button[type=submit]")).click();

            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));
            assertThat(browser.findElement(By.id("partners")).getText()).contains(partner);
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

            browser.findElement(By.cssSelector("form.signout button")).click();
            wait.until(ExpectedConditions.urlContains("/login"));
            assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
                    .isEqualTo("サインアウトしました。");
            browser.get(node.base().resolve("/").toString());
            wait.until(ExpectedConditions.urlContains("/login"));

            List<String> violations =
                    browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                            .map(LogEntry::getMessage)
                            .filter(
                                    m ->
                                            m.contains("Content Security Policy")
                                                    || m.contains("Refused to"))
                            .toList();
            assertThat(violations).as("CSP violations in the browser's console").isEmpty();
        } finally {
            browser.quit();
        }
    }
}
