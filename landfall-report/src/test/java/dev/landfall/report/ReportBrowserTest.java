package dev.landfall.report;

import dev.landfall.testing.Tools;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report in a real browser, opened from disk as a user opens it: Debian's headless Chromium
 * loads every picture (each {@code naturalWidth > 0}). The report and a screenshot stay in
 * {@code target/report-test/} to look at.
 */
class ReportBrowserTest {
    static final Path OUT = Path.of("target/report-test");

    @Test
    void everyPictureLoadsInChromium() throws IOException {
        Blobs train = new Blobs(600, 1);
        Blobs test = new Blobs(300, 2);
        ReportCallback callback = new ReportCallback(OUT.resolve("blobs")).testData(test.x, test.y, Blobs.CLASSES);
        Blobs.model().fit(train.x, train.y, Blobs.fit(6).callbacks(callback));
        List<String> pictures = ReportFiles.check(callback.page());
        ChromeDriver browser = Tools.chromium(1400, 1000);
        try {
            browser.get(callback.page().toAbsolutePath().toUri().toString());
            @SuppressWarnings("unchecked")
            List<Object> widths = (List<Object>) browser.executeScript(
                    "return Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0);");
            assertEquals(pictures.size(), widths.size());
            for (int i = 0; i < widths.size(); i++) {
                assertTrue(((Number) widths.get(i)).intValue() > 0, pictures.get(i) + " did not load");
            }
            assertEquals("blobs", browser.getTitle());
            browser.executeScript("document.body.style.zoom = '0.5'");
            Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, OUT.resolve("screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }
}
