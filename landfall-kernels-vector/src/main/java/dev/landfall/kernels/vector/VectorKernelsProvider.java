package dev.landfall.kernels.vector;

import dev.landfall.tensor.spi.Kernels;
import dev.landfall.tensor.spi.KernelsProvider;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * The "fast" kernels: SIMD through the Vector API, multithreaded GEMM. Usable only when the start-up
 * checks pass, and they run without touching a Vector API class, so a JVM started without
 * {@code --add-modules jdk.incubator.vector} still loads this provider, learns why it cannot run, and
 * falls back to the reference kernels.
 */
public final class VectorKernelsProvider implements KernelsProvider {
    static final String MODULE = "jdk.incubator.vector";
    /** Loaded by name only after the module check: it touches {@code FloatVector}. */
    private static final String PROBE = "dev.landfall.kernels.vector.VectorProbe";
    private static final String KERNELS = "dev.landfall.kernels.vector.VectorKernels";

    @Override
    public String name() {
        return "fast";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String unavailableReason() {
        String why = moduleReason();
        if (why != null) {
            return why;
        }
        why = compilerReason(System.getProperty("java.vm.name", ""), System.getProperty("java.vm.info", ""),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (why != null) {
            return why;
        }
        int bits;
        try {
            bits = (int) Class.forName(PROBE, true, VectorKernelsProvider.class.getClassLoader())
                    .getMethod("preferredBits").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return "the Vector API probe failed: " + e;
        }
        return bits < 128 ? "the preferred vector size is " + bits + " bits (fewer than 128)" : null;
    }

    @Override
    public Kernels create() {
        try {
            return (Kernels) Class.forName(KERNELS, true, VectorKernelsProvider.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the fast kernels: " + e, e);
        }
    }

    /** Null when the incubator module is in the boot layer and this code can read it. */
    static String moduleReason() {
        var module = ModuleLayer.boot().findModule(MODULE);
        if (module.isEmpty()) {
            return MODULE + " is not in the boot layer: add --add-modules " + MODULE + " to the java command";
        }
        if (!VectorKernelsProvider.class.getModule().canRead(module.get())) {
            return MODULE + " is not readable by " + VectorKernelsProvider.class.getModule()
                    + ": add --add-reads or --add-modules " + MODULE;
        }
        return null;
    }

    /**
     * Null when the JIT that intrinsifies the Vector API (HotSpot's C2) will compile the kernels;
     * without it every vector operation is a boxed object and the kernels run many times slower than
     * plain loops.
     */
    static String compilerReason(String vmName, String vmInfo, List<String> jvmArgs) {
        String name = vmName.toLowerCase(Locale.ROOT);
        if (!name.contains("hotspot") && !name.contains("server")) {
            return "the VM '" + vmName + "' is not HotSpot's server VM (C2 intrinsifies the Vector API)";
        }
        if (vmInfo.toLowerCase(Locale.ROOT).contains("interpreted mode")) {
            return "the JIT is off (-Xint)";
        }
        for (String arg : jvmArgs) {
            if (arg.equals("-Xint")) {
                return "the JIT is off (-Xint)";
            }
            if (arg.startsWith("-XX:TieredStopAtLevel=")) {
                try {
                    if (Integer.parseInt(arg.substring("-XX:TieredStopAtLevel=".length()).trim()) < 4) {
                        return "C2 is off (" + arg + ")";
                    }
                } catch (NumberFormatException ignored) {
                    // the JVM itself rejects such a flag
                }
            }
            if (arg.equals("-XX:+UseJVMCICompiler")) {
                return "the JIT is JVMCI (" + arg + "), not C2";
            }
            if (arg.equals("-XX:-UseCompiler")) {
                return "the JIT is off (" + arg + ")";
            }
        }
        return null;
    }
}
