package dev.landfall.tensor.internal;

import dev.landfall.tensor.spi.KernelsProvider;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelRegistryTest {
    @Test
    void theReferenceProviderIsFoundByServiceLoader() {
        boolean found = ServiceLoader.load(KernelsProvider.class).stream()
                .anyMatch(p -> p.type() == ReferenceKernelsProvider.class);
        assertTrue(found, "META-INF/services must list the reference provider");
    }

    @Test
    void theChoiceIsMadeOnceAndDescribed() {
        assertNotNull(KernelRegistry.get());
        assertEquals(KernelRegistry.get(), KernelRegistry.get());
        assertTrue(KernelRegistry.summary().startsWith("Landfall kernels: " + KernelRegistry.get().name()),
                KernelRegistry.summary());
    }
}
