package io.streamtune.e2e.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its ChromeDriver (packages {@code chromium} and {@code chromium-driver};
 * nothing is downloaded). A missing browser fails the test with what to install: CI installs both ({@code .ci/run}).
 */
final class Chromium implements AutoCloseable {

    static final Path BROWSER = Path.of(System.getProperty("streamtune.e2e.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("streamtune.e2e.chromedriver", "/usr/bin/chromedriver"));

    final ChromeDriver driver;

    private Chromium(ChromeDriver driver) {
        this.driver = driver;
    }

    static Chromium start(Path profile) {
        for (Path p : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError("The dashboard's browser test needs Debian's Chromium and its ChromeDriver, "
                        + "but " + p + " is missing: apt-get install -y chromium chromium-driver (.ci/run does), or "
                        + "point -Dstreamtune.e2e.chromium / -Dstreamtune.e2e.chromedriver at them.");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // as root in a sandboxed CI box; no background traffic to hosts this machine cannot reach
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--window-size=1280,800", "--user-data-dir=" + profile.toAbsolutePath());
        // the page's console (errors included) comes back with a failure
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new Chromium(new ChromeDriver(service, options));
    }

    void open(String url) {
        driver.get(url);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits for {@code condition}; on a timeout, the page's text and a screenshot (target/) say what it showed. */
    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(200)).withMessage(what).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            Path shot = Path.of("target", "dashboard-failure-" + System.currentTimeMillis() + ".png");
            screenshot(shot);
            String console;
            try {
                console = driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                        .map(Object::toString).collect(java.util.stream.Collectors.joining("\n"));
            } catch (RuntimeException noLogs) {
                console = "(no console: " + noLogs + ")";
            }
            Object requests = js("return performance.getEntriesByType('resource').map(r => r.name + ' '"
                    + " + Math.round(r.duration) + ' ms').join('\\n')");
            throw new AssertionError("Not seen within " + timeout + ": " + what + " (screenshot " + shot
                    + "); the page at " + driver.getCurrentUrl() + " showed:\n" + js("return document.body.innerText")
                    + "\nconsole:\n" + console + "\nrequests:\n" + requests, e);
        }
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The rendered text of the first match, "" when none; read in one script, so a re-render cannot go stale. */
    String text(String css) {
        Object t = js("const el = document.querySelector(arguments[0]); return el ? el.innerText : '';", css);
        return t == null ? "" : t.toString().trim();
    }

    /** Light or dark, as the operating system's preference would set it ({@code prefers-color-scheme}). */
    void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** A phone's viewport (390 × 844 CSS pixels, as an iPhone 14's), or back to the window's. */
    void phone(boolean phone) {
        if (phone) {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                    "deviceScaleFactor", 2, "mobile", true));
        } else {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
