package dev.landfall.kernels.vector;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up checks, and which provider a JVM picks. Selection happens once per JVM, so each case
 * runs in a child JVM with this test's class path.
 */
class VectorKernelsProviderTest {
    private static final String ADD = "--add-modules=jdk.incubator.vector";

    @Test
    void usableInThisJvm() {
        assertNull(new VectorKernelsProvider().unavailableReason());
        assertTrue(VectorProbe.preferredBits() >= 128);
    }

    @Test
    void compilerCheckRejectsInterpreterC1AndJvmci() {
        String vm = "OpenJDK 64-Bit Server VM";
        assertNull(VectorKernelsProvider.compilerReason(vm, "mixed mode, sharing", List.of("-Xss4m")));
        assertNull(VectorKernelsProvider.compilerReason(vm, "mixed mode", List.of("-XX:TieredStopAtLevel=4")));
        assertTrue(VectorKernelsProvider.compilerReason(vm, "mixed mode", List.of("-XX:TieredStopAtLevel=1"))
                .contains("C2 is off"));
        assertTrue(VectorKernelsProvider.compilerReason(vm, "interpreted mode", List.of()).contains("-Xint"));
        assertTrue(VectorKernelsProvider.compilerReason(vm, "mixed mode", List.of("-XX:+UseJVMCICompiler"))
                .contains("JVMCI"));
        assertTrue(VectorKernelsProvider.compilerReason("Eclipse OpenJ9 VM", "", List.of()).contains("not HotSpot"));
    }

    @Test
    void fastIsChosenByDefault() throws Exception {
        List<String> out = child(Map.of(), ADD);
        assertEquals("Landfall kernels: fast", out.get(0));
        assertEquals("sum=60.0", out.get(1));
    }

    @Test
    void forcedReferenceIsChosenAndSaysSo() throws Exception {
        List<String> out = child(Map.of(), ADD, "-Dlandfall.kernels=reference");
        assertEquals("Landfall kernels: reference (forced by -Dlandfall.kernels=reference)", out.get(0));
        assertEquals("sum=60.0", out.get(1));
    }

    @Test
    void forcedFastPropertyWinsOverTheEnvironment() throws Exception {
        List<String> out = child(Map.of("LANDFALL_KERNELS", "reference"), ADD, "-Dlandfall.kernels=fast");
        assertEquals("Landfall kernels: fast (forced by -Dlandfall.kernels=fast)", out.get(0));
        assertEquals("sum=60.0", out.get(1));
    }

    @Test
    void withoutC2TheReferenceKernelsRunAndTheReasonIsGiven() throws Exception {
        List<String> out = child(Map.of(), ADD, "-XX:TieredStopAtLevel=1");
        assertEquals("Landfall kernels: reference (fast unavailable: C2 is off (-XX:TieredStopAtLevel=1))", out.get(0));
        assertEquals("sum=60.0", out.get(1));
    }

    /** Runs {@link PrintKernels} in a fresh JVM and returns its stdout lines. */
    private static List<String> child(Map<String, String> env, String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PrintKernels.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("LANDFALL_KERNELS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), "child JVM failed; stdout:\n" + stdout);
        return stdout.lines().toList();
    }
}
