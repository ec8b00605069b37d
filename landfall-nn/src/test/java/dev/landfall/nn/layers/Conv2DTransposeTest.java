package dev.landfall.nn.layers;

import dev.landfall.tensor.DType;
import dev.landfall.tensor.Functional;
import dev.landfall.tensor.Padding;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Shape;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Conv2DTranspose is the adjoint of conv2d with the same kernel, strides and padding (what TensorFlow and
 * PyTorch define it as): {@code <conv2d(x, K), y> = <x, conv2dTranspose(y, K)>} for every x and y, here for
 * random ones in float64, VALID and SAME, windows larger and smaller than the stride.
 */
class Conv2DTransposeTest {
    @ParameterizedTest
    @CsvSource({"3, 2, valid, 7", "3, 2, same, 8", "2, 2, same, 8", "1, 3, same, 9", "4, 3, valid, 10", "4, 1, same, 5",
            "5, 2, same, 6", "4, 2, same, 6"})
    void isTheAdjointOfConv2d(int k, int stride, String padding, int size) {
        int c = 2;
        int f = 3;
        Conv2DTranspose t = Conv2DTranspose.of(c, k);
        t.strides(stride).padding(padding);
        t.withoutBias();
        t.setName("t").setDtype(DType.FLOAT64);
        // SAME transposes a convolution of an input h·stride wide (Keras's output size), so both sizes are multiples
        int width = padding.equals("same") ? size + stride : size + 1;
        Tensor x = Tensor.normal(Shape.of(1, size, width, c), 0, 1, DType.FLOAT64, Rng.of(1));
        // the forward convolution with Keras's kernel layout (kh, kw, in = c, out = f)
        Tensor kernel = Tensor.normal(Shape.of(k, k, c, f), 0, 1, DType.FLOAT64, Rng.of(2));
        Tensor cx = Functional.conv2d(x, kernel, new int[] {stride, stride}, Padding.of(padding), new int[] {1, 1});
        Tensor y = Tensor.normal(cx.shape(), 0, 1, DType.FLOAT64, Rng.of(3));
        t.build(List.of(Shape.of(cx.dim(1), cx.dim(2), f)));
        // Conv2DTranspose(filters = c) on f channels has kernel (k, k, c, f): the same tensor
        t.weights().get(0).assign(kernel);
        Tensor ty = t.forward(y);
        if (padding.equals("same")) {
            assertEquals(Shape.of(1, cx.dim(1) * stride, cx.dim(2) * stride, c), ty.shape());
        }
        // the adjoint's output covers the input; positions beyond it (SAME's rounding) pair with nothing
        Tensor overlap = ty.slice(1, 0, Math.min(size, ty.dim(1))).slice(2, 0, Math.min(width, ty.dim(2)));
        Tensor xs = x.slice(1, 0, overlap.dim(1)).slice(2, 0, overlap.dim(2));
        double left = cx.mul(y).sum().item();
        double right = xs.mul(overlap).sum().item();
        assertEquals(left, right, 1e-9 * Math.max(1, Math.abs(left)), "k=" + k + " stride=" + stride + " " + padding);
    }
}
