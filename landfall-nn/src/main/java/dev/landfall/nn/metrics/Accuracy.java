package dev.landfall.nn.metrics;

import dev.landfall.nn.Loss;
import dev.landfall.nn.Metric;
import dev.landfall.nn.losses.CrossEntropy;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

/** The accuracy functions, and "accuracy", which picks one from the loss the way Keras's compile does. */
public final class Accuracy {
    private Accuracy() {
    }

    /** 1 where {@code (ŷ > threshold) == y}, averaged over the last axis. */
    public static Tensor binary(Tensor yTrue, Tensor yPred, double threshold) {
        Tensor y = align(yTrue, yPred);
        return yPred.gt(threshold).eq(y.gt(0.5)).to(DType.FLOAT32).mean(new int[] {-1}, false);
    }

    /** 1 where argmax(y) == argmax(ŷ). */
    public static Tensor categorical(Tensor yTrue, Tensor yPred) {
        return yTrue.argmax(-1).eq(yPred.argmax(-1)).to(DType.FLOAT32);
    }

    /** 1 where the class id equals argmax(ŷ). */
    public static Tensor sparseCategorical(Tensor yTrue, Tensor yPred) {
        Tensor ids = yTrue;
        if (ids.rank() == yPred.rank() && ids.dim(-1) == 1) {
            ids = ids.squeeze(-1);
        }
        return ids.to(DType.INT32).eq(yPred.argmax(-1)).to(DType.FLOAT32);
    }

    /** 1 where the true class (one-hot) scores among the k highest; ties count as inside, as tf.math.in_top_k. */
    public static Tensor topK(Tensor yTrue, Tensor yPred, int k) {
        return sparseTopK(yTrue.argmax(-1), yPred, k);
    }

    /** 1 where the class id scores among the k highest. */
    public static Tensor sparseTopK(Tensor yTrue, Tensor yPred, int k) {
        Tensor ids = yTrue;
        if (ids.rank() == yPred.rank() && ids.dim(-1) == 1) {
            ids = ids.squeeze(-1);
        }
        Tensor hot = Tensor.oneHot(ids.to(DType.INT32), yPred.dim(-1)).to(yPred.dtype());
        Tensor trueScore = yPred.mul(hot).sum(new int[] {-1}, true);
        Tensor higher = yPred.gt(trueScore).to(DType.FLOAT32).sum(new int[] {-1}, false);
        return higher.lt((double) k).to(DType.FLOAT32);
    }

    private static Tensor align(Tensor yTrue, Tensor yPred) {
        if (yTrue.rank() == yPred.rank() - 1 && yPred.dim(-1) == 1) {
            return yTrue.unsqueeze(-1);
        }
        return yTrue;
    }

    /**
     * Keras's "accuracy": binary accuracy for a binary cross-entropy loss or a one-unit output,
     * sparse categorical accuracy for sparse targets, categorical otherwise.
     */
    public static final class Auto extends Metric {
        private Loss loss;
        private MeanMetric resolved;

        public Auto() {
            super("accuracy");
        }

        @Override
        public void bindLoss(Loss l) {
            this.loss = l;
        }

        @Override
        public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
            if (resolved == null) {
                resolved = resolve(yTrue, yPred);
            }
            resolved.update(yTrue, yPred, sampleWeight);
        }

        private MeanMetric resolve(Tensor yTrue, Tensor yPred) {
            CrossEntropy.Kind kind = loss instanceof CrossEntropy ce ? ce.kind() : null;
            if (kind == CrossEntropy.Kind.BINARY || (kind == null && yPred.dim(-1) == 1)) {
                return new MeanMetric(name(), (t, p) -> binary(t, p, 0.5));
            }
            boolean sparse = kind == CrossEntropy.Kind.SPARSE_CATEGORICAL
                    || yTrue.rank() < yPred.rank() || (yTrue.dim(-1) == 1 && yPred.dim(-1) > 1);
            return sparse ? new MeanMetric(name(), Accuracy::sparseCategorical)
                    : new MeanMetric(name(), Accuracy::categorical);
        }

        @Override
        public double result() {
            return resolved == null ? 0 : resolved.result();
        }

        @Override
        public void reset() {
            if (resolved != null) {
                resolved.reset();
            }
        }

        @Override
        public Metric copy() {
            Auto a = new Auto();
            a.loss = loss;
            return a;
        }
    }
}
