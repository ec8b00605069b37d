package dev.landfall.tensor.internal;

import dev.landfall.tensor.spi.Kernels;
import dev.landfall.tensor.spi.KernelsProvider;

/** Always available; the lowest priority, so any usable faster provider wins. */
public final class ReferenceKernelsProvider implements KernelsProvider {
    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public Kernels create() {
        return new ReferenceKernels();
    }
}
