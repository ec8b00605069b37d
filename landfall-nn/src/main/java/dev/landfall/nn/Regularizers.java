package dev.landfall.nn;

import dev.landfall.data.config.ConfigMap;
import dev.landfall.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/** L1 and L2 weight penalties, Keras's defaults (0.01). */
public final class Regularizers {
    private Regularizers() {
    }

    /** {@code l1 · Σ|w|}. */
    public static Regularizer l1(double l1) {
        return l1l2(l1, 0);
    }

    /** {@code l2 · Σw²}. */
    public static Regularizer l2(double l2) {
        return l1l2(0, l2);
    }

    /** {@code l1 · Σ|w| + l2 · Σw²}. */
    public static Regularizer l1l2(double l1, double l2) {
        if (l1 < 0 || l2 < 0 || Double.isNaN(l1) || Double.isNaN(l2)) {
            throw new IllegalArgumentException("Received an invalid value for a regularization factor, expected a "
                    + "non-negative number. Received: l1=" + l1 + ", l2=" + l2);
        }
        return new Regularizer() {
            @Override
            public Tensor penalty(Tensor w) {
                Tensor p = null;
                if (l1 > 0) {
                    p = w.abs().sum().mul(l1);
                }
                if (l2 > 0) {
                    Tensor q = w.square().sum().mul(l2);
                    p = p == null ? q : p.add(q);
                }
                return p == null ? Tensor.scalar(0, w.dtype()) : p;
            }

            @Override
            public Map<String, Object> getConfig() {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("class_name", l1 > 0 && l2 > 0 ? "L1L2" : l1 > 0 ? "L1" : "L2");
                c.put("l1", l1);
                c.put("l2", l2);
                return c;
            }
        };
    }

    /** Rebuilds a regularizer from {@link Regularizer#getConfig()}; null stays null. */
    public static Regularizer fromConfig(Map<String, Object> config) {
        if (config == null) {
            return null;
        }
        return l1l2(ConfigMap.number(config, "l1", 0), ConfigMap.number(config, "l2", 0));
    }
}
