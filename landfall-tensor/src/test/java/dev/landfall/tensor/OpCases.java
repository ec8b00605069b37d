package dev.landfall.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every differentiable operation as a test case: a function of FLOAT64 inputs and the inputs to try
 * it on. Shared by the gradient check and the FLOAT32-vs-FLOAT64 check.
 */
final class OpCases {
    record Case(String name, Function<Tensor[], Tensor> f, Tensor[] inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static long seed = 1;

    private OpCases() {
    }

    static Tensor normal(int... dims) {
        return Tensor.normal(Shape.of(dims), 0, 1, DType.FLOAT64, Rng.of(seed++));
    }

    static Tensor positive(int... dims) {
        return Tensor.uniform(Shape.of(dims), 0.5, 2.0, DType.FLOAT64, Rng.of(seed++));
    }

    private static Case c(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        return new Case(name, f, inputs);
    }

    static List<Case> all() {
        seed = 1;
        List<Case> cs = new ArrayList<>();
        // elementwise, one input
        cs.add(c("neg", x -> x[0].neg(), normal(3, 4)));
        cs.add(c("exp", x -> x[0].exp(), normal(3, 4)));
        cs.add(c("log", x -> x[0].log(), positive(3, 4)));
        cs.add(c("sqrt", x -> x[0].sqrt(), positive(3, 4)));
        cs.add(c("reciprocal", x -> x[0].reciprocal(), positive(3, 4)));
        cs.add(c("abs", x -> x[0].abs(), normal(3, 4)));
        cs.add(c("tanh", x -> x[0].tanh(), normal(3, 4)));
        cs.add(c("sigmoid", x -> x[0].sigmoid(), normal(3, 4)));
        cs.add(c("erf", x -> x[0].erf(), normal(3, 4).mul(2)));
        cs.add(c("relu", x -> x[0].relu(), normal(3, 4)));
        cs.add(c("gelu", x -> x[0].gelu(), normal(3, 4)));
        cs.add(c("gelu_tanh", x -> x[0].gelu(true), normal(3, 4)));
        cs.add(c("clamp", x -> x[0].clamp(-0.5, 0.7), normal(3, 4)));
        cs.add(c("square", x -> x[0].square(), normal(3, 4)));
        cs.add(c("pow_scalar", x -> x[0].pow(2.5), positive(3, 4)));
        cs.add(c("softmax_last", x -> x[0].softmax(-1), normal(3, 5)));
        cs.add(c("softmax_first", x -> x[0].softmax(0), normal(3, 5)));
        cs.add(c("log_softmax", x -> x[0].logSoftmax(1), normal(2, 3, 4)));
        cs.add(c("logsumexp", x -> x[0].logsumexp(new int[] {0, 2}, false), normal(2, 3, 4)));
        // elementwise, two inputs, with broadcasting
        cs.add(c("add_bcast", x -> x[0].add(x[1]), normal(3, 4), normal(4)));
        cs.add(c("sub_bcast", x -> x[0].sub(x[1]), normal(3, 1), normal(1, 4)));
        cs.add(c("mul_bcast", x -> x[0].mul(x[1]), normal(2, 3, 4), normal(3, 1)));
        cs.add(c("div_bcast", x -> x[0].div(x[1]), normal(3, 4), positive(3, 1)));
        cs.add(c("pow_bcast", x -> x[0].pow(x[1]), positive(3, 4), normal(4)));
        cs.add(c("maximum_bcast", x -> x[0].maximum(x[1]), normal(3, 4), normal(4)));
        cs.add(c("minimum_bcast", x -> x[0].minimum(x[1]), normal(3, 4), normal(3, 1)));
        cs.add(c("where_bcast", x -> Tensor.where(x[0].gt(0.0), x[0], x[1]), normal(3, 4), normal(4)));
        cs.add(c("shared_input", x -> x[0].mul(x[0].exp()).add(x[0]), normal(3, 4)));
        // reductions along each axis
        for (int axis = 0; axis < 3; axis++) {
            final int a = axis;
            cs.add(c("sum_axis" + a, x -> x[0].sum(new int[] {a}, false), normal(2, 3, 4)));
            cs.add(c("mean_axis" + a + "_keep", x -> x[0].mean(new int[] {a}, true), normal(2, 3, 4)));
            cs.add(c("max_axis" + a, x -> x[0].max(new int[] {a}, false), normal(2, 3, 4)));
            cs.add(c("min_axis" + a + "_keep", x -> x[0].min(new int[] {a}, true), normal(2, 3, 4)));
            cs.add(c("var_axis" + a, x -> x[0].var(new int[] {a}, false), normal(2, 3, 4)));
            cs.add(c("std_axis" + a + "_keep", x -> x[0].std(new int[] {a}, true), normal(2, 3, 4)));
        }
        cs.add(c("sum_all", x -> x[0].sum(), normal(2, 3, 4)));
        cs.add(c("mean_two_axes", x -> x[0].mean(new int[] {0, 2}, false), normal(2, 3, 4)));
        cs.add(c("max_all", x -> x[0].max(), normal(2, 3, 4)));
        cs.add(c("var_unbiased", x -> x[0].var(new int[] {1}, false, 1), normal(2, 5)));
        // layout
        cs.add(c("reshape", x -> x[0].reshape(4, -1), normal(2, 3, 4)));
        cs.add(c("permute", x -> x[0].permute(2, 0, 1).mul(x[1]), normal(2, 3, 4), normal(4, 2, 3)));
        cs.add(c("transpose_contiguous", x -> x[0].transpose().contiguous().reshape(-1), normal(3, 4)));
        cs.add(c("slice_step", x -> x[0].slice(1, 1, 7, 2), normal(3, 8)));
        cs.add(c("select", x -> x[0].select(0, -1), normal(3, 4)));
        cs.add(c("expand", x -> x[0].expand(2, 3, 4).mul(x[1]), normal(3, 1), normal(2, 3, 4)));
        cs.add(c("pad", x -> x[0].pad(new int[][] {{1, 0}, {2, 1}}, 0.5), normal(2, 3)));
        cs.add(c("concat", x -> Tensor.concat(1, x[0], x[1]), normal(2, 3), normal(2, 2)));
        cs.add(c("stack", x -> Tensor.stack(0, x[0], x[1]), normal(2, 3), normal(2, 3)));
        cs.add(c("split", x -> x[0].split(1, 2, 3).get(1).mul(2), normal(2, 5)));
        cs.add(c("gather_axis0_repeats", x -> x[0].gather(0, Tensor.fromArray(new int[] {2, 0, 2, 1}, 2, 2)), normal(3, 4)));
        cs.add(c("gather_axis1", x -> x[0].gather(1, Tensor.fromArray(new int[] {3, 3, 0})), normal(2, 4, 2)));
        // products
        cs.add(c("matmul_2d", x -> x[0].matmul(x[1]), normal(3, 4), normal(4, 5)));
        cs.add(c("matmul_batched", x -> x[0].matmul(x[1]), normal(2, 3, 4), normal(2, 4, 5)));
        cs.add(c("matmul_bcast_batch", x -> x[0].matmul(x[1]), normal(2, 3, 4), normal(4, 5)));
        cs.add(c("matmul_transposed_operands", x -> x[0].transpose().matmul(x[1].transpose()), normal(4, 3), normal(5, 4)));
        cs.add(c("matmul_vector", x -> x[0].matmul(x[1]), normal(3, 4), normal(4)));
        // windows: conv and pooling with stride, SAME padding and dilation
        cs.add(c("conv2d_valid", x -> Functional.conv2d(x[0], x[1]), normal(2, 5, 5, 3), normal(3, 3, 3, 4)));
        cs.add(c("conv2d_stride2_same", x -> Functional.conv2d(x[0], x[1], new int[] {2, 2}, Padding.SAME, new int[] {1, 1}),
                normal(2, 6, 5, 2), normal(3, 3, 2, 3)));
        cs.add(c("conv2d_dilated_same", x -> Functional.conv2d(x[0], x[1], new int[] {1, 1}, Padding.SAME, new int[] {2, 2}),
                normal(1, 5, 6, 2), normal(3, 2, 2, 2)));
        cs.add(c("conv1d_stride2_same", x -> Functional.conv1d(x[0], x[1], 2, Padding.SAME, 1), normal(2, 7, 3), normal(3, 3, 2)));
        cs.add(c("maxpool2d_valid", x -> Functional.maxPool2d(x[0], new int[] {2, 2}, null, Padding.VALID), normal(2, 4, 6, 3)));
        cs.add(c("maxpool2d_stride2_same", x -> Functional.maxPool2d(x[0], new int[] {3, 3}, new int[] {2, 2}, Padding.SAME),
                normal(1, 5, 6, 2)));
        cs.add(c("avgpool2d_same", x -> Functional.avgPool2d(x[0], new int[] {2, 2}, new int[] {2, 2}, Padding.SAME),
                normal(2, 5, 5, 2)));
        cs.add(c("maxpool1d", x -> Functional.maxPool1d(x[0], 2, 2, Padding.SAME), normal(2, 7, 3)));
        cs.add(c("avgpool1d", x -> Functional.avgPool1d(x[0], 3, 1, Padding.VALID), normal(2, 7, 3)));
        cs.add(c("dropout", x -> Functional.dropout(x[0], 0.4, Rng.of(7)), normal(4, 5)));
        return cs;
    }
}
