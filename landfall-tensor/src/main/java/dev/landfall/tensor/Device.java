package dev.landfall.tensor;

/** Where a tensor's storage lives. Only the CPU today; the kernel SPI does not assume it stays so. */
public enum Device {
    CPU
}
