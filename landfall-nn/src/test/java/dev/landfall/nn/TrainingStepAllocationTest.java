package dev.landfall.nn;

import dev.landfall.Landfall;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training step reuses its buffers (DESIGN.md §3), counted by the pool itself. It used to count every byte
 * the thread allocated, which also depended on whether C2 had compiled the Vector API kernels (their boxes
 * allocate until then) and failed now and then even in a JVM of its own.
 */
class TrainingStepAllocationTest {
    @Test
    void aTrainingStepTakesEveryTensorArrayFromThePool() {
        // The brief's MLP at batch 32: its step's tensors hold ~270 KB.
        Landfall.setSeed(11);
        Model m = Sequential.of(Input.of(30), Dense.of(128, Activations.RELU), Dense.of(64, Activations.RELU),
                Dense.of(1, Activations.SIGMOID));
        m.compile(Optimizers.adam(1e-3), Losses.binaryCrossentropy());
        Tensor[] data = ModelTest.toyData(32, 30, 12);
        // The step's tensors draw their arrays from the model's pool: after the first steps the pool holds every
        // length a step asks for, so further steps allocate no tensor array at all. (The small objects around
        // them, and the Vector API's boxes until C2 has compiled the kernels, are JMH's TrainStepBenchmark -prof
        // gc to measure, not a unit test's: they depend on the JIT.)
        for (int i = 0; i < 5; i++) {
            m.trainOnBatch(data[0], data[1]);
        }
        long before = m.buffers().freshBytes();
        for (int i = 0; i < 200; i++) {
            m.trainOnBatch(data[0], data[1]);
        }
        assertEquals(0, m.buffers().freshBytes() - before, "tensor bytes allocated past the pool in 200 steps");
        assertTrue(m.buffers().pooledBytes() > 200_000, "the pool holds the step's ~270 KB of tensors: "
                + m.buffers().pooledBytes());
    }
}
