package dev.landfall.kernels.vector;

import jdk.incubator.vector.FloatVector;

/** Asks the Vector API about the hardware; loaded by name only after the module check passed. */
final class VectorProbe {
    private VectorProbe() {
    }

    /** The bit size of {@code FloatVector.SPECIES_PREFERRED} on this CPU and JVM. */
    public static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
