package dev.landfall.tensor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferPoolTest {
    @Test
    void aClosedScopesBuffersServeTheNextScope() {
        BufferPool pool = new BufferPool();
        Tensor x = Tensor.arange(6).to(DType.FLOAT32);
        Tensor one = Tensor.ones(6);
        Object first;
        try (BufferPool.Scope s = pool.open()) {
            first = x.add(x).storage.data();
        }
        assertEquals(6 * 4, pool.pooledBytes());
        try (BufferPool.Scope s = pool.open()) {
            Tensor y = x.add(one);
            assertSame(first, y.storage.data(), "the same array, reused");
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, y.toFloatArray());
            assertEquals(0, pool.pooledBytes(), "lent out again");
        }
    }

    @Test
    void aTensorUsedAfterItsStepEndedFailsLoudly() {
        BufferPool pool = new BufferPool();
        Tensor x = Tensor.ones(2, 3);
        Tensor inside;
        try (BufferPool.Scope s = pool.open()) {
            inside = x.mul(3.0);
            assertEquals(18.0, inside.sum().item(), 0);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, inside::toFloatArray);
        assertTrue(e.getMessage().contains("went back to the step's BufferPool"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> inside.reshape(3, 2).sum());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, x.toFloatArray(), "made before the scope: untouched");
    }

    @Test
    void keptTensorsAndTheirViewsOutliveTheStep() {
        BufferPool pool = new BufferPool();
        Tensor kept;
        Tensor view;
        try (BufferPool.Scope s = pool.open()) {
            kept = Tensor.ones(2, 2).mul(4.0);
            view = kept.transpose();
            BufferPool.keep(kept);
        }
        try (BufferPool.Scope s = pool.open()) {
            Tensor other = Tensor.ones(2, 2).mul(7.0); // same size: must not receive kept's array
            assertNotSame(kept.storage.data(), other.storage.data());
        }
        assertArrayEquals(new float[] {4, 4, 4, 4}, kept.toFloatArray());
        assertArrayEquals(new float[] {4, 4, 4, 4}, view.toFloatArray());
    }

    @Test
    void zerosFromARecycledBufferAreZero() {
        BufferPool pool = new BufferPool();
        try (BufferPool.Scope s = pool.open()) {
            Tensor.ones(5).mul(9.0);
        }
        try (BufferPool.Scope s = pool.open()) {
            assertArrayEquals(new float[5], Tensor.zeros(5).toFloatArray());
        }
    }

    @Test
    void gradientsInsideAStepMatchThoseOutside() {
        Tensor w = Tensor.fromArray(new float[] {0.5f, -1f, 2f}).requiresGrad(true);
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        x.mul(w).relu().sum().backward();
        float[] expected = w.grad().toFloatArray();
        BufferPool pool = new BufferPool();
        for (int step = 0; step < 3; step++) {
            w.zeroGrad();
            try (BufferPool.Scope s = pool.open()) {
                x.mul(w).relu().sum().backward();
                assertArrayEquals(expected, w.grad().toFloatArray());
            }
        }
    }

    @Test
    void buffersNoStepAskedForAreDropped() {
        BufferPool pool = new BufferPool();
        Tensor big = Tensor.ones(1000);
        Tensor small = Tensor.ones(10);
        try (BufferPool.Scope s = pool.open()) {
            big.add(big);
        }
        assertEquals(4000, pool.pooledBytes());
        for (int i = 0; i < 3; i++) {
            try (BufferPool.Scope s = pool.open()) {
                small.add(small);
            }
        }
        assertEquals(40, pool.pooledBytes(), "the 1000-element buffer went unused for three steps");
    }

    @Test
    void scopesCloseInnermostFirst() {
        BufferPool a = new BufferPool();
        BufferPool b = new BufferPool();
        BufferPool.Scope outer = a.open();
        BufferPool.Scope inner = b.open();
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("close the scope opened after this one first"), e.getMessage());
        Tensor inInner = Tensor.ones(4).mul(2.0);
        inner.close();
        Tensor inOuter = Tensor.ones(4).mul(3.0);
        outer.close();
        assertThrows(IllegalStateException.class, inInner::toFloatArray);
        assertThrows(IllegalStateException.class, inOuter::toFloatArray);
        Tensor after = Tensor.ones(4).mul(5.0); // no scope open any more: an ordinary tensor
        try (BufferPool.Scope again = a.open()) {
            Tensor.ones(4).mul(7.0);
        }
        assertArrayEquals(new float[] {5, 5, 5, 5}, after.toFloatArray());
    }

    @Test
    void oneScopeAtATimeAndOnlyOnItsThread() throws Exception {
        BufferPool pool = new BufferPool();
        try (BufferPool.Scope s = pool.open()) {
            assertNull(pool.tryOpen());
            IllegalStateException e = assertThrows(IllegalStateException.class, pool::open);
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            // another thread's tensors never come from this scope
            AtomicReference<Tensor> made = new AtomicReference<>();
            Thread t = new Thread(() -> made.set(Tensor.ones(3).mul(2.0)));
            t.start();
            t.join();
            s.close();
            assertArrayEquals(new float[] {2, 2, 2}, made.get().toFloatArray());
        }
        try (BufferPool.Scope s = pool.open()) {
            assertTrue(pool.tryOpen() == null);
        }
    }
}
