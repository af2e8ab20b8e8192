package dev.cistern.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cistern.CisternDataSource;
import dev.cistern.PoolConfig;
import dev.cistern.testkit.browser.HeadlessChromium;
import dev.cistern.testkit.stub.StubDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in a real headless Chromium (Debian's chromium and chromium-driver): it loads with no
 * internet, draws its charts, keeps updating them while a load runs, and logs no error to the console.
 * Leaves a screenshot in target/dashboard.png (docs/dashboard.png is one of these).
 */
class DashboardBrowserTest {
    @Test
    void thePageDrawsAndUpdatesItsChartsWhileALoadRuns() throws Exception {
        if (!HeadlessChromium.installed()) {
            assertThat("true".equals(System.getenv("CI"))).as("CI installs chromium and chromium-driver (.ci/run)")
                    .isFalse();
            Assumptions.abort("Chromium is not installed here: apt-get install chromium chromium-driver");
        }
        StubDatabase db = StubDatabase.create();
        AtomicBoolean loadOn = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(3);
        Path profile = Files.createTempDirectory("cistern-chromium");
        ChromeDriver browser = null;
        try (CisternDataSource pool = new CisternDataSource(PoolConfig.builder().jdbcUrl(db.url()).poolName("orders")
                .password("never-on-the-page-4411").maximumPoolSize(2).metricsLatency(true)
                .leakDetectionThreshold(Duration.ofSeconds(2)).build());
             CisternDashboard dashboard = CisternDashboard.start(0, pool)) {
            for (int i = 0; i < 3; i++) { // three clients on two connections: some wait
                load.submit(() -> {
                    while (loadOn.get()) {
                        try (Connection c = pool.getConnection()) {
                            c.isValid(1);
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
                        } catch (Exception e) {
                            // a timeout under load is fine here; the page shows it
                        }
                    }
                    return null;
                });
            }
            browser = HeadlessChromium.start(profile);
            browser.get(dashboard.url().toString());
            JavascriptExecutor js = browser;
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b ->
                    ((Number) js.executeScript("return (window.cisternDashboard||{}).updates || 0")).intValue() >= 4);
            List<WebElement> charts = browser.findElements(By.cssSelector("section[data-pool='orders'] canvas"));
            assertThat(charts).as("the three charts are drawn").hasSizeGreaterThanOrEqualTo(3);
            long pointsBefore = points(js);
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> points(js) >= pointsBefore + 3);
            assertThat(((Number) js.executeScript("return window.cisternDashboard.failures")).intValue()).isZero();
            String tiles = browser.findElement(By.cssSelector("section[data-pool='orders'] .tiles")).getText();
            assertThat(tiles).contains("in use").contains("wait p99 (ms)").doesNotContain("off");
            assertThat(browser.findElement(By.cssSelector("section[data-pool='orders'] .servers")).getText())
                    .as("the stub's servers are not asked: unknown").matches("connections on: unknown \\([12]\\)");
            assertThat(browser.findElement(By.cssSelector("section[data-pool='orders'] .badge")).getText())
                    .isIn("UP", "DEGRADED");
            assertThat(browser.getPageSource()).doesNotContain("never-on-the-page-4411");

            assertThat(HeadlessChromium.consoleErrors(browser)).as("console errors").isEmpty();

            Path screenshot = Path.of("target", "dashboard.png");
            Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);
        } finally {
            loadOn.set(false);
            load.shutdown();
            load.awaitTermination(10, TimeUnit.SECONDS);
            if (browser != null) {
                browser.quit();
            }
        }
        assertThat(db.openConnectionCount()).isZero();
    }

    private static long points(JavascriptExecutor js) {
        return ((Number) js.executeScript("return (window.cisternDashboard.points||{}).orders || 0")).longValue();
    }
}
