package dev.cistern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.testkit.browser.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The {@code --html} reports in a real headless Chromium, opened from a file with no network: the charts are
 * drawn and the console has no error. Leaves screenshots in target/ (docs/load-report.png is one of these).
 */
class ReportBrowserTest {

    @BeforeAll
    static void chromiumIsHere() {
        if (!HeadlessChromium.installed()) {
            assertThat("true".equals(System.getenv("CI"))).as("CI installs chromium and chromium-driver (.ci/run)")
                    .isFalse();
            Assumptions.abort("Chromium is not installed here: apt-get install chromium chromium-driver");
        }
    }

    @Test
    void theLoadReportDrawsItsFourCharts(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("load.html");
        assertThat(new CommandRun().run("load", "--duration", "3s", "--warmup", "1s", "--clients", "24", "--quiet",
                "--html", html.toString())).isZero();
        assertDrawn(html, 4, Path.of("target", "load-report.png"), dir);
    }

    @Test
    void theSizeReportDrawsItsTwoCharts(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("size.html");
        assertThat(new CommandRun().run("size", "--sizes", "1,2,4", "--duration", "1s", "--warmup", "200ms",
                "--quiet", "--html", html.toString())).isZero();
        assertDrawn(html, 2, Path.of("target", "size-report.png"), dir);
    }

    private static void assertDrawn(Path html, int charts, Path screenshot, Path dir) throws Exception {
        ChromeDriver browser = HeadlessChromium.start(Files.createDirectory(dir.resolve("profile")));
        try {
            browser.get(html.toUri().toString());
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> ((Number) browser.executeScript(
                    "return (window.cisternReport || {}).charts || 0")).intValue() >= charts);
            assertThat(browser.findElements(By.cssSelector("#charts canvas"))).hasSizeGreaterThanOrEqualTo(charts);
            assertThat(browser.findElements(By.cssSelector("#charts .uplot"))).hasSize(charts);
            assertThat(HeadlessChromium.consoleErrors(browser)).as("console errors").isEmpty();
            assertThat(browser.findElement(By.id("summary")).getText()).isNotBlank();
            Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
            assertThat(Files.size(screenshot)).isGreaterThan(20_000);
        } finally {
            browser.quit();
        }
    }
}
