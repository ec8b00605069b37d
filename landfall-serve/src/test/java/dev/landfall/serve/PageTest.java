package dev.landfall.serve;

import dev.landfall.data.format.DataFormats;
import dev.landfall.data.format.RawData;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages in a real browser: Debian's headless Chromium, driven through its chromedriver by
 * Selenium, fills each model's form, submits it and reads the label the page shows; screenshots go
 * to {@code target/page-test/}.
 */
class PageTest {
    static final Path SHOTS = Path.of("target/page-test");

    @TempDir
    static Path dir;
    static ModelServer server;
    static WebDriver browser;
    static Path repo;

    @BeforeAll
    static void start() throws IOException {
        Tools.require("chromium", "chromium");
        repo = ServedModels.repository(dir.resolve("models"));
        server = ModelServer.start(repo, ServeOptions.defaults().port(0));
        browser = Tools.chromium(1000, 900);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop();
        }
    }

    static void screenshot(String name) throws IOException {
        ((ChromeDriver) browser).executeScript("const b = document.getElementById('bars'); if (b) { b.scrollIntoView(false); }");
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Submits the form and returns the label the page shows. */
    static String predict() {
        ((ChromeDriver) browser).executeScript("document.getElementById('label').textContent = ''");
        browser.findElement(By.id("predict")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> !d.findElement(By.id("label")).getText().isEmpty()
                || !d.findElement(By.id("error")).getText().isEmpty());
        assertEquals("", browser.findElement(By.id("error")).getText(), "the page shows an error");
        return browser.findElement(By.id("label")).getText();
    }

    static void open(String model) {
        browser.get(server.uri().resolve("ui/model.html?name=" + model).toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("signature"), "inputs:"));
    }

    @Test
    void theIndexListsEveryModel() throws IOException {
        browser.get(server.uri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#models tbody a"))
                .size() == 3);
        List<String> names = browser.findElements(By.cssSelector("#models tbody a")).stream().map(WebElement::getText)
                .toList();
        assertEquals(List.of("fashion", "quickstart", "sentiment"), names);
        screenshot("index");
    }

    @Test
    void aTextGetsTheLabelPredictGives() throws IOException {
        Predictor sentiment = Predictor.load(repo.resolve("sentiment/1/model.landfall"));
        open("sentiment");
        for (String text : List.of("The food was wonderful and the staff friendly", "Cold fries, rude waiter, never again")) {
            WebElement box = browser.findElement(By.id("f-text"));
            box.clear();
            box.sendKeys(text);
            assertEquals(sentiment.predictText(text).label(), predict(), text);
        }
        assertEquals(2, browser.findElements(By.cssSelector("#bars .barrow")).size(), "a bar per label");
        screenshot("sentiment");
    }

    @Test
    void rawColumnsGetTheLabelPredictGives() throws IOException {
        Predictor quickstart = Predictor.load(repo.resolve("quickstart/1/model.landfall"));
        RawData rows = DataFormats.read(ServedModels.EXAMPLES.resolve("data/breast_cancer.csv"), "sklearn-csv",
                quickstart.readOptions(false, null));
        open("quickstart");
        for (int row : new int[] {0, 19}) {
            for (String c : rows.table().names()) {
                WebElement f = browser.findElement(By.id("f-" + c));
                f.clear();
                f.sendKeys(Double.toString(rows.table().column(c).numbers()[row]));
            }
            assertEquals(quickstart.predict(rows.select(new int[] {row})).get(0).label(), predict(), "row " + row);
        }
        screenshot("quickstart");
    }

    @Test
    void anUploadedImageGetsTheLabelPredictGives() throws IOException {
        Predictor fashion = Predictor.load(repo.resolve("fashion/1/model.landfall"));
        byte[] png = ServerTest.png(5);
        Path file = Files.write(dir.resolve("shirt.png"), png);
        open("fashion");
        browser.findElement(By.id("image")).sendKeys(file.toString());
        String label = predict();
        assertEquals(fashion.predictImage(png).label(), label);
        assertTrue(fashion.labels().contains(label), label);
        screenshot("fashion");
    }
}
