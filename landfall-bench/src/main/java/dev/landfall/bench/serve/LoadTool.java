package dev.landfall.bench.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A load generator from a Debian package (wrk, h2load): found on the PATH, run to its end, its output
 * and the CPU seconds it used (user + system, from the waited-for-children times of a wrapping shell).
 */
final class LoadTool {
    /** What a run printed and the CPU it cost. */
    record Output(String text, double cpuSeconds) {
    }

    private LoadTool() {
    }

    /**
     * The executable's path.
     *
     * @throws IllegalStateException naming the package to install when it is not on the PATH
     */
    static Path find(String executable, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(executable + " is not installed (apt-get install " + debianPackage + ")");
    }

    /** Runs {@code executable args…}; a non-zero exit is an IOException with what it printed. */
    static Output run(String executable, String debianPackage, List<String> args) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c",
                "\"$@\"; rc=$?; read -r s < /proc/$$/stat; echo \"CPUSTAT $s\"; exit $rc", executable,
                find(executable, debianPackage).toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(executable + " failed: " + out.strip());
        }
        double cpu = Double.NaN;
        StringBuilder text = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("CPUSTAT ")) {
                cpu = ProcStat.childrenCpuSeconds(line.substring(8));
            } else {
                text.append(line).append('\n');
            }
        }
        return new Output(text.toString(), cpu);
    }
}
