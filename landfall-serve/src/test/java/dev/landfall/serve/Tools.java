package dev.landfall.serve;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian tools some server tests run (promtool, Chromium and its driver). {@code .ci/run} installs
 * them; on a developer's machine without them those tests are skipped, under CI they fail.
 */
final class Tools {
    private Tools() {
    }

    static Path require(String executable, String debianPackage) {
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
}
