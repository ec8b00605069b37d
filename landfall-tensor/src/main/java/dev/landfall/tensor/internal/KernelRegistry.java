package dev.landfall.tensor.internal;

import dev.landfall.tensor.spi.Kernels;
import dev.landfall.tensor.spi.KernelsProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses the kernels once per JVM: the usable provider with the highest priority, or the one named
 * by {@code -Dlandfall.kernels} / {@code LANDFALL_KERNELS}. Logs the choice once, with the reason for
 * any fallback, on the {@code dev.landfall.kernels} logger.
 */
public final class KernelRegistry {
    /** The system property that forces a provider; it wins over the environment variable. */
    public static final String PROPERTY = "landfall.kernels";
    /** The environment variable that forces a provider. */
    public static final String ENV = "LANDFALL_KERNELS";

    private static volatile Kernels active;
    private static volatile String summary;

    private KernelRegistry() {
    }

    /** The kernels every operation uses. */
    public static Kernels get() {
        Kernels k = active;
        if (k == null) {
            synchronized (KernelRegistry.class) {
                k = active;
                if (k == null) {
                    k = choose();
                    active = k;
                }
            }
        }
        return k;
    }

    /** The one-line description of the choice that was logged. */
    public static String summary() {
        get();
        return summary;
    }

    private static Kernels choose() {
        String forced = System.getProperty(PROPERTY);
        String source = "-D" + PROPERTY;
        if (forced == null || forced.isBlank()) {
            forced = System.getenv(ENV);
            source = ENV;
        }
        forced = forced == null || forced.isBlank() ? null : forced.trim().toLowerCase(Locale.ROOT);

        List<KernelsProvider> providers = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        ServiceLoader<KernelsProvider> loader = ServiceLoader.load(KernelsProvider.class, KernelRegistry.class.getClassLoader());
        var it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                providers.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                reasons.add("a kernels provider failed to load: " + e.getMessage());
            }
        }
        if (providers.stream().noneMatch(p -> p.name().equals("reference"))) {
            providers.add(new ReferenceKernelsProvider());
        }
        providers.sort((a, b) -> Integer.compare(b.priority(), a.priority()));

        if (forced != null) {
            final String name = forced;
            KernelsProvider p = providers.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (p == null) {
                List<String> names = providers.stream().map(KernelsProvider::name).toList();
                throw new IllegalStateException(source + "=" + name + " names no kernels provider on the class path; "
                        + "available: " + names);
            }
            String why = reasonOf(p);
            if (why == null) {
                return pick(p, "forced by " + source + "=" + name);
            }
            reasons.add(name + " unavailable: " + why);
            return pick(new ReferenceKernelsProvider(), String.join("; ", reasons));
        }
        for (KernelsProvider p : providers) {
            String why = reasonOf(p);
            if (why == null) {
                return pick(p, reasons.isEmpty() ? null : String.join("; ", reasons));
            }
            reasons.add(p.name() + " unavailable: " + why);
        }
        return pick(new ReferenceKernelsProvider(), String.join("; ", reasons));
    }

    private static String reasonOf(KernelsProvider p) {
        try {
            return p.unavailableReason();
        } catch (RuntimeException | LinkageError e) {
            return "its start-up check failed: " + e;
        }
    }

    private static Kernels pick(KernelsProvider p, String note) {
        Kernels k = p.create();
        summary = "Landfall kernels: " + k.name() + (note == null ? "" : " (" + note + ")");
        // A fallback (a faster provider could not run) is worth a warning; the normal choice is information.
        boolean fellBack = note != null && note.contains("unavailable");
        System.getLogger("dev.landfall.kernels").log(fellBack ? System.Logger.Level.WARNING : System.Logger.Level.INFO, summary);
        return k;
    }
}
