package dev.landfall.kernels.vector;

import dev.landfall.tensor.spi.AdamStep;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused optimizer updates in float32 SIMD. Only exactly rounded operations (add, mul, div, sqrt,
 * fma, max), so results do not depend on the JIT's state.
 */
final class VectorUpdates {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorUpdates() {
    }

    /** Adam over {@code [from, to)}; the formulas are those of {@code Kernels.adam}. */
    static void adam(float[] w, float[] g, float[] m, float[] v, float[] vMax, int from, int to, AdamStep s) {
        double lr = s.lr();
        double beta1 = s.beta1();
        double beta2 = s.beta2();
        double eps = s.eps();
        double c1 = s.c1();
        double c2 = s.c2();
        boolean epsAfterCorrection = s.epsAfterCorrection();
        float d1 = (float) (1 - beta1);
        float d2 = (float) (1 - beta2);
        float alpha = (float) (lr * Math.sqrt(c2) / c1);
        float lrOverC1 = (float) (lr / c1);
        float fc2 = (float) c2;
        float feps = (float) eps;
        FloatVector d1v = FloatVector.broadcast(S, d1);
        FloatVector d2v = FloatVector.broadcast(S, d2);
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i);
            FloatVector vv = FloatVector.fromArray(S, v, i);
            mv = gv.sub(mv).fma(d1v, mv);
            vv = gv.mul(gv).sub(vv).fma(d2v, vv);
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            if (vMax != null) {
                vv = FloatVector.fromArray(S, vMax, i).lanewise(VectorOperators.MAX, vv);
                vv.intoArray(vMax, i);
            }
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector step = epsAfterCorrection
                    ? mv.mul(lrOverC1).div(vv.div(fc2).sqrt().add(feps))
                    : mv.mul(alpha).div(vv.sqrt().add(feps));
            wv.sub(step).intoArray(w, i);
        }
        for (; i < to; i++) {
            float mi = Math.fma(g[i] - m[i], d1, m[i]);
            float vi = Math.fma(g[i] * g[i] - v[i], d2, v[i]);
            m[i] = mi;
            v[i] = vi;
            if (vMax != null) {
                vi = Math.max(vMax[i], vi);
                vMax[i] = vi;
            }
            float step = epsAfterCorrection
                    ? mi * lrOverC1 / ((float) Math.sqrt(vi / fc2) + feps)
                    : mi * alpha / ((float) Math.sqrt(vi) + feps);
            w[i] -= step;
        }
    }
}
