package dev.landfall.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian tools some tests run (promtool, Chromium and its driver). {@code .ci/run} installs them; on a
 * developer's machine without them those tests are skipped, under CI they fail. Shared with other
 * modules' tests through this module's test jar.
 */
public final class Tools {
    private Tools() {
    }

    /** The executable's path. @param debianPackage what to install when it is missing */
    public static Path require(String executable, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String why = executable + " is not installed (apt-get install " + debianPackage + ")";
        if (System.getenv("CI") != null) {
            fail(why);
        }
        Assumptions.abort(why);
        return null;
    }

    /**
     * Debian's headless Chromium driven through its chromedriver (given explicitly, since Selenium
     * Manager would try to download one).
     */
    public static org.openqa.selenium.chrome.ChromeDriver chromium(int width, int height) {
        Path chromium = require("chromium", "chromium");
        Path driver = require("chromedriver", "chromium-driver");
        org.openqa.selenium.chrome.ChromeOptions o = new org.openqa.selenium.chrome.ChromeOptions()
                .setBinary(chromium.toFile()).addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                        "--disable-dev-shm-usage", "--window-size=" + width + "," + height);
        return new org.openqa.selenium.chrome.ChromeDriver(new org.openqa.selenium.chrome.ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile()).usingAnyFreePort().build(), o);
    }
}
