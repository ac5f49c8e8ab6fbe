package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
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
 * What every browser test needs: a headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, which {@code .ci/run} installs; a test is skipped with a message where they are
 * absent), a sign-in with the second factor, and the checks every page must pass: no
 * Content-Security-Policy violation, and no serious or critical accessibility violation by
 * axe-core's rules.
 */
final class Browsers {
    /** A bound for one page to load and settle on a loaded 2-core machine. */
    static final Duration PAGE = Duration.ofSeconds(30);

    /** Where {@link #screenshot} writes; {@code bench/screenshots.sh} copies them to docs. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final String AXE = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

    private Browsers() {}

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
        return chromium(language, timeZone, Optional.empty());
    }

    /**
     * The same, saving what the person downloads into {@code downloads} without asking, as a
     * browser set to do so does.
     */
    static WebDriver chromium(String language, String timeZone, Optional<Path> downloads) {
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
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("intl.accept_languages", language);
        downloads.ifPresent(
                d -> {
                    prefs.put("download.default_directory", d.toAbsolutePath().toString());
                    prefs.put("download.prompt_for_download", false);
                });
        options.setExperimentalOption("prefs", prefs);
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

    /**
     * Signs a person in through the forms, enrolling the second factor from the key the page shows,
     * and waits for the page the console sends them to.
     */
    static void signIn(WebDriver browser, TestNode node, String name) {
        WebDriverWait wait = new WebDriverWait(browser, PAGE);
        browser.get(node.base().resolve("/login").toString());
        browser.findElement(By.id("username")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(SignInTest.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/login/enrol"));
        byte[] secret = Totp.fromBase32(browser.findElement(By.id("secret")).getText());
        browser.findElement(By.id("code"))
                .sendKeys(Totp.code(secret, Totp.step(node.clock().instant()), Totp.DIGITS));
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        wait.until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** The Content-Security-Policy violations the browser logged since the last call. */
    static List<String> cspViolations(WebDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
                .toList();
    }

    /**
     * axe-core's serious and critical violations on the page now shown, one line each: rule,
     * impact, what it asks and the first elements it found. The script is given to the page by the
     * driver, which the page's policy does not govern; the node never serves it.
     */
    @SuppressWarnings("unchecked")
    static List<String> accessibilityViolations(WebDriver browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof axe === 'object'"))) {
            js.executeScript(axeSource());
        }
        Object result =
                js.executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "axe.run(document, {resultTypes: ['violations']})"
                                + ".then(r => done(r.violations.map(v => ({id: v.id,"
                                + " impact: v.impact, help: v.help,"
                                + " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
                                + ".catch(e => done([{id: 'axe-failed', impact: 'critical',"
                                + " help: String(e), nodes: []}]));");
        List<String> out = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            Object impact = v.get("impact");
            if ("serious".equals(impact) || "critical".equals(impact)) {
                out.add(
                        v.get("id")
                                + " ("
                                + impact
                                + "): "
                                + v.get("help")
                                + " at "
                                + v.get("nodes"));
            }
        }
        return out;
    }

    /** Asserts the page now shown breaks neither the policy nor the accessibility rules. */
    static void checkPage(WebDriver browser, String page) {
        assertThat(accessibilityViolations(browser))
                .as("axe-core's serious or critical violations on %s", page)
                .isEmpty();
        assertThat(cspViolations(browser)).as("CSP violations on %s", page).isEmpty();
    }

    /** Saves the page now shown as {@code target/screenshots/<name>.png}. */
    static void screenshot(WebDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(
                    file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String axeSource() {
        try (InputStream in = Browsers.class.getResourceAsStream(AXE)) {
            assertThat(in).as("axe-core on the test class path at %s", AXE).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
