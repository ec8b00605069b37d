package dev.landfall.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts one child JVM for a framework and collects its {@code RESULT {json}} lines (the protocol of
 * docs/benchmarks.md). Other output is passed to the log stream.
 */
final class ChildRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How to start a framework's child. */
    record Framework(String name, List<String> command, Map<String, String> env) {
    }

    private ChildRunner() {
    }

    static List<Measurement> run(Framework f, List<String> args, long timeoutSeconds, PrintStream log)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(f.command());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(f.env());
        Process p = pb.start();
        List<Measurement> out = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("RESULT ")) {
                        JsonNode n = JSON.readTree(line.substring(7));
                        synchronized (out) {
                            out.add(new Measurement(f.name(), n.path("workload").asText(), n.path("metric").asText(),
                                    n.path("value").asDouble(), n.path("threads").asInt(), n.path("env").toString()));
                        }
                    } else if (log != null) {
                        log.println("  [" + f.name() + "] " + line);
                    }
                }
            } catch (IOException e) {
                if (log != null) {
                    log.println("  [" + f.name() + "] output unreadable: " + e.getMessage());
                }
            }
        }, "bench-child-" + f.name());
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(f.name() + " did not finish within " + timeoutSeconds + " s");
        }
        reader.join(10_000);
        if (p.exitValue() != 0) {
            throw new IOException(f.name() + " exited with status " + p.exitValue() + " (its output is above)");
        }
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    /** The java launcher of the running JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A peer module's classpath: its classes plus the dependency list written by {@code dependency:build-classpath}. */
    static String peerClasspath(Path module) throws IOException {
        Path cp = module.resolve("target/cp.txt");
        Path classes = module.resolve("target/classes");
        if (!Files.isRegularFile(cp) || !Files.isDirectory(classes)) {
            throw new IOException(module.getFileName() + " is not built; run: mvn -B -q -Pcompare -pl "
                    + module.getFileName() + " -am package dependency:build-classpath -Dmdep.outputFile=target/cp.txt");
        }
        return classes + java.io.File.pathSeparator + Files.readString(cp).trim();
    }
}
