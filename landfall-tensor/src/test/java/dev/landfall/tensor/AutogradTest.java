package dev.landfall.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutogradTest {
    @Test
    void gradientsAccumulateWhenATensorFeedsSeveralOps() {
        Tensor x = Tensor.fromArray(new double[] {1, 2, 3}).requiresGrad(true);
        // y = x*x + 3x  ->  dy/dx = 2x + 3
        x.mul(x).add(x.mul(3.0)).sum().backward();
        assertArrayEquals(new double[] {5, 7, 9}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = Tensor.fromArray(new double[] {1, 2}).requiresGrad(true);
        x.mul(2.0).sum().backward();
        x.mul(2.0).sum().backward();
        assertArrayEquals(new double[] {4, 4}, x.grad().toDoubleArray(), 0);
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(5.0).sum().backward();
        assertArrayEquals(new double[] {5, 5}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void backwardSumsBroadcastGradientToTheInputShape() {
        Tensor bias = Tensor.zeros(Shape.of(3), DType.FLOAT64).requiresGrad(true);
        Tensor x = Tensor.ones(Shape.of(4, 3), DType.FLOAT64);
        x.add(bias).sum().backward();
        assertEquals(Shape.of(3), bias.grad().shape());
        assertArrayEquals(new double[] {4, 4, 4}, bias.grad().toDoubleArray(), 0);
    }

    @Test
    void noGradScopeRecordsNothingAndRestoresTheMode() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor y;
        try (var g = Tensor.noGrad()) {
            y = x.mul(2.0);
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        assertTrue(x.mul(2.0).requiresGrad());
    }

    @Test
    void detachCutsTheGraphButSharesStorage() {
        Tensor x = Tensor.fromArray(new double[] {1, 2}).requiresGrad(true);
        Tensor d = x.mul(3.0).detach();
        assertFalse(d.requiresGrad());
        Tensor y = x.mul(d).sum();   // d is a constant: dy/dx = d
        y.backward();
        assertArrayEquals(new double[] {3, 6}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void inPlaceChangeToASavedTensorRaisesTheDocumentedError() {
        Tensor w = Tensor.fromArray(new double[] {1, 2}).requiresGrad(true);
        Tensor x = Tensor.fromArray(new double[] {3, 4});
        Tensor y = w.mul(x).sum();       // MUL saves x
        x.addInPlace(Tensor.scalar(1, DType.FLOAT64));
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("was modified in place after op MUL saved it for backward"), e.getMessage());
        assertEquals(1, x.version());
    }

    @Test
    void inPlaceChangeThroughAViewIsCaughtToo() {
        Tensor w = Tensor.fromArray(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor x = Tensor.fromArray(new double[] {1, 1, 1, 1}, 2, 2);
        Tensor y = w.mul(x).sum();
        x.slice(0, 0, 1).fill(7);        // the view shares x's version counter
        assertThrows(IllegalStateException.class, y::backward);
        assertArrayEquals(new double[] {7, 7, 1, 1}, x.toDoubleArray(), 0);
    }

    @Test
    void inPlaceOnATensorThatRequiresGradIsRefusedOutsideNoGrad() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.addInPlace(Tensor.ones(2)));
        assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
        try (var g = Tensor.noGrad()) {
            w.subInPlace(Tensor.full(0.5, 2));
        }
        assertArrayEquals(new float[] {0.5f, 0.5f}, w.toFloatArray(), 0);
    }

    @Test
    void secondBackwardThroughAFreedGraphExplainsRetainGraph() {
        Tensor x = Tensor.fromArray(new double[] {1, 2}).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());

        Tensor z = x.exp().sum();
        z.backward(Tensor.scalar(1, DType.FLOAT64), true);
        z.backward(Tensor.scalar(1, DType.FLOAT64), true);
    }

    @Test
    void backwardOfANonScalarNeedsAGradient() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        Tensor y = x.mul(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("[3]"), e.getMessage());
        y.backward(Tensor.fromArray(new float[] {1, 2, 3}), false);
        assertArrayEquals(new float[] {2, 4, 6}, x.grad().toFloatArray(), 0);
    }

    @Test
    void backwardOnATensorThatNeedsNoGradientIsAnError() {
        Tensor y = Tensor.ones(2).sum();
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test
    void castPassesGradientBackInTheInputType() {
        Tensor x = Tensor.fromArray(new double[] {1.5, -2}).requiresGrad(true);
        x.to(DType.FLOAT32).mul(Tensor.fromArray(new float[] {2, 3})).sum().backward();
        assertEquals(DType.FLOAT64, x.grad().dtype());
        assertArrayEquals(new double[] {2, 3}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Tensor x = Tensor.scalar(1.0, DType.FLOAT64).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 50_000; i++) {
            y = y.add(1.0);
        }
        y.backward();
        assertEquals(1.0, x.grad().item(), 0);
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Tensor x = Tensor.fromArray(new double[] {1, 2}).requiresGrad(true);
        Tensor h = x.mul(3.0).retainGrad();
        h.mul(h).sum().backward();
        assertArrayEquals(new double[] {6, 12}, h.grad().toDoubleArray(), 0);
        assertArrayEquals(new double[] {18, 36}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void leafGradientIsOwnedNotAViewOfAnotherGradient() {
        Tensor a = Tensor.ones(2).requiresGrad(true);
        Tensor b = Tensor.ones(2).requiresGrad(true);
        a.add(b).sum().backward();
        try (var g = Tensor.noGrad()) {
            a.grad().mulInPlace(10);
        }
        assertArrayEquals(new float[] {1, 1}, b.grad().toFloatArray(), 0);
    }

    @Test
    void requiresGradIsOnlyForFloatingLeaves() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(3).requiresGrad(true));
        Tensor y = Tensor.ones(2).requiresGrad(true).mul(2.0);
        assertThrows(IllegalArgumentException.class, () -> y.requiresGrad(false));
    }
}
