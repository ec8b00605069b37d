package dev.landfall.tensor;

import java.util.Locale;

/** NumPy-style printing: nested brackets, aligned columns, summarised when large. */
final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {
    }

    static String format(Tensor t) {
        Tensor c = t.detach().contiguousRaw();
        boolean summarise = t.size() > THRESHOLD;
        int[] dims = t.shape.toArray();
        DType dt = t.dtype();
        // Pick one number style for the whole tensor from the magnitudes that will be shown.
        boolean scientific = false;
        if (dt.isFloating()) {
            double maxAbs = 0;
            double minAbs = Double.POSITIVE_INFINITY;
            for (int i = 0; i < c.size(); i++) {
                double v = Math.abs(Layout.get(c.storage.data(), c.offset + i));
                if (Double.isFinite(v) && v != 0) {
                    maxAbs = Math.max(maxAbs, v);
                    minAbs = Math.min(minAbs, v);
                }
            }
            scientific = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs != Double.POSITIVE_INFINITY)
                    || (maxAbs > 0 && maxAbs / minAbs > 1e5 && maxAbs >= 1e3);
        }
        final boolean sci = scientific;
        int width = 0;
        for (int i = 0; i < c.size(); i++) {
            width = Math.max(width, element(c, i, dt, sci).length());
        }
        StringBuilder sb = new StringBuilder(PREFIX);
        if (dims.length == 0) {
            sb.append(element(c, 0, dt, sci));
        } else {
            appendDim(sb, c, dims, 0, 0, summarise, width, dt, sci, PREFIX.length());
        }
        sb.append(", shape=").append(t.shape).append(", dtype=").append(dt.displayName());
        if (t.requiresGrad) {
            sb.append(t.gradFn == null ? ", requiresGrad=true" : ", gradFn=" + t.gradFn.op);
        }
        return sb.append(')').toString();
    }

    private static void appendDim(StringBuilder sb, Tensor c, int[] dims, int axis, int base, boolean summarise,
                                  int width, DType dt, boolean sci, int indent) {
        sb.append('[');
        int n = dims[axis];
        int stride = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            stride *= dims[i];
        }
        boolean cut = summarise && n > 2 * EDGE;
        for (int i = 0; i < n; i++) {
            if (cut && i == EDGE) {
                sb.append(axis == dims.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + axis + 1));
                i = n - EDGE;
            }
            if (axis == dims.length - 1) {
                String s = element(c, base + i, dt, sci);
                sb.append(" ".repeat(width - s.length())).append(s);
            } else {
                appendDim(sb, c, dims, axis + 1, base + i * stride, summarise, width, dt, sci, indent);
            }
            if (i < n - 1) {
                sb.append(',');
                if (axis == dims.length - 1) {
                    sb.append(' ');
                } else {
                    sb.append("\n".repeat(dims.length - 1 - axis)).append(" ".repeat(indent + axis + 1));
                }
            }
        }
        sb.append(']');
    }

    private static String element(Tensor c, int i, DType dt, boolean sci) {
        Object d = c.storage.data();
        int at = c.offset + i;
        return switch (dt) {
            case BOOL -> ((boolean[]) d)[at] ? "true" : "false";
            case INT8, INT32 -> Integer.toString((int) Layout.get(d, at));
            case FLOAT32, FLOAT64 -> {
                double v = Layout.get(d, at);
                if (Double.isNaN(v)) {
                    yield "nan";
                } else if (Double.isInfinite(v)) {
                    yield v > 0 ? "inf" : "-inf";
                }
                yield String.format(Locale.ROOT, sci ? "%.4e" : "%.4f", v);
            }
        };
    }
}
