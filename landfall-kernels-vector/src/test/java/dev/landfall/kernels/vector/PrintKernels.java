package dev.landfall.kernels.vector;

import dev.landfall.Landfall;
import dev.landfall.tensor.Tensor;

/** Child-JVM entry point for {@link VectorKernelsProviderTest}: prints the chosen kernels and a product. */
public final class PrintKernels {
    private PrintKernels() {
    }

    public static void main(String[] args) {
        System.out.println(Landfall.kernels());
        System.out.println("sum=" + Tensor.ones(3, 4).matmul(Tensor.ones(4, 5)).sum().item());
    }
}
