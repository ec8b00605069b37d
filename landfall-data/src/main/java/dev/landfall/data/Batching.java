package dev.landfall.data;

import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stacks unbatched examples into one batched example. */
final class Batching {
    private Batching() {
    }

    static Example stack(List<Example> parts) {
        Example first = parts.get(0);
        Tensors features = stackTensors(parts, true);
        Tensors target = first.target() == null ? null : stackTensors(parts, false);
        Tensor weight = null;
        if (first.sampleWeight() != null) {
            Tensor[] ws = new Tensor[parts.size()];
            for (int i = 0; i < ws.length; i++) {
                ws[i] = parts.get(i).sampleWeight();
                if (ws[i] == null) {
                    throw new IllegalStateException("batch: example 0 of the batch has a sample weight but example "
                            + i + " has none");
                }
            }
            weight = stack(ws);
        }
        for (int i = 1; i < parts.size(); i++) {
            if ((parts.get(i).target() == null) != (target == null)) {
                throw new IllegalStateException("batch: example 0 of the batch " + (target == null ? "has no" : "has a")
                        + " target but example " + i + " differs");
            }
            if (first.sampleWeight() == null && parts.get(i).sampleWeight() != null) {
                throw new IllegalStateException("batch: example " + i + " has a sample weight but example 0 has none");
            }
        }
        return new Example(features, target, weight);
    }

    private static Tensors stackTensors(List<Example> parts, boolean features) {
        Tensors first = features ? parts.get(0).features() : parts.get(0).target();
        List<Tensors> all = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            Tensors t = features ? parts.get(i).features() : parts.get(i).target();
            if (!first.sameStructure(t)) {
                throw new IllegalStateException("batch: example " + i + " has " + (features ? "features " : "target ")
                        + t + " but example 0 has " + first);
            }
            all.add(t);
        }
        if (first.isSingle()) {
            Tensor[] ts = new Tensor[all.size()];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = all.get(i).single();
            }
            return Tensors.of(stack(ts));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : first.named().keySet()) {
            Tensor[] ts = new Tensor[all.size()];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = all.get(i).get(name);
            }
            out.put(name, stack(ts));
        }
        return Tensors.of(out);
    }

    /** Stacks along a new axis 0; FLOAT32 and INT32 are copied straight into one array. */
    static Tensor stack(Tensor[] ts) {
        Tensor t0 = ts[0];
        int[] dims = t0.shape().toArray();
        int[] out = new int[dims.length + 1];
        out[0] = ts.length;
        System.arraycopy(dims, 0, out, 1, dims.length);
        int each = t0.size();
        for (int i = 1; i < ts.length; i++) {
            if (!ts[i].shape().equals(t0.shape()) || ts[i].dtype() != t0.dtype()) {
                throw new IllegalStateException("batch: example " + i + " has a tensor of shape " + ts[i].shape() + " "
                        + ts[i].dtype().displayName() + " but example 0 has " + t0.shape() + " "
                        + t0.dtype().displayName() + "; pad or resize examples to one shape before batching");
            }
        }
        if (t0.dtype() == DType.FLOAT32) {
            float[] data = new float[each * ts.length];
            for (int i = 0; i < ts.length; i++) {
                System.arraycopy(ts[i].toFloatArray(), 0, data, i * each, each);
            }
            return Tensor.wrap(data, out);
        }
        if (t0.dtype() == DType.INT32) {
            int[] data = new int[each * ts.length];
            for (int i = 0; i < ts.length; i++) {
                System.arraycopy(ts[i].toIntArray(), 0, data, i * each, each);
            }
            return Tensor.wrap(data, out);
        }
        return Tensor.stack(0, ts);
    }
}
