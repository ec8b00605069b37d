package dev.landfall.serve;

import dev.landfall.data.Tensors;
import dev.landfall.nn.predict.Prediction;
import dev.landfall.nn.predict.Predictions;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One inference, whatever the protocol: the request's inputs made into the model's, run through the
 * version's batcher, and the outputs a client may ask for — the model's own outputs by name and, for a
 * classifier, {@code label} (BYTES) and {@code probabilities} (FP32, in label order).
 */
final class Inference {
    /** The names of the decoded outputs a classifier adds. */
    static final String LABEL = "label";
    static final String PROBABILITIES = "probabilities";

    private Inference() {
    }

    /** The outputs of a run, by name, in order. */
    /**
     * @param raw whether the request sent raw records, texts or images (through the saved preprocessing)
     *            rather than the model's own input tensors
     */
    record Result(Map<String, TensorData> outputs, Predictions predictions, boolean raw) {
    }

    /**
     * Runs the request through the version's batcher and waits for its rows.
     *
     * @param deadlineNanos {@code System.nanoTime()} after which the request is answered 504
     */
    static Result run(ModelRepository.Version v, List<TensorData> inputs, long deadlineNanos) {
        RequestInputs.Prepared prepared = RequestInputs.prepare(v.predictor(), inputs);
        Tensors out;
        try {
            var f = v.batcher.submit(prepared.inputs(), prepared.rows(), deadlineNanos);
            long wait = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadlineNanos - System.nanoTime());
            out = wait == Long.MAX_VALUE ? f.get() : f.get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ServeException(504, "the request's deadline passed before it was answered");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServeException.unavailable("the server is stopping");
        } catch (ExecutionException | CompletionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof ServeException s) {
                throw s;
            }
            if (c instanceof IllegalArgumentException) {
                throw ServeException.badRequest(c.getMessage());
            }
            throw new IllegalStateException(c.getMessage(), c);
        }
        return result(v.predictor(), out, prepared.rows(), prepared.raw());
    }

    static Result result(Predictor p, Tensors out, int rows, boolean raw) {
        Map<String, TensorData> all = new LinkedHashMap<>();
        List<String> names = p.model().outputNames();
        if (out.isSingle()) {
            all.put(names.get(0), tensor(names.get(0), out.single()));
        } else {
            out.named().forEach((k, t) -> all.put(k, tensor(k, t)));
        }
        Predictions predictions = null;
        if (!p.labels().isEmpty()) {
            int[] ids = new int[rows];
            Arrays.setAll(ids, i -> i + 1);
            predictions = p.decodeOutputs(out, ids);
            List<byte[]> labels = new ArrayList<>(rows);
            double[] probs = new double[rows * p.labels().size()];
            for (int i = 0; i < rows; i++) {
                Prediction pr = predictions.get(i);
                labels.add(pr.label().getBytes(StandardCharsets.UTF_8));
                System.arraycopy(pr.probabilities(), 0, probs, i * p.labels().size(), p.labels().size());
            }
            all.put(LABEL, new TensorData(LABEL, "BYTES", new long[] {rows}, null, labels));
            all.put(PROBABILITIES, new TensorData(PROBABILITIES, "FP32", new long[] {rows, p.labels().size()}, probs,
                    null));
        }
        return new Result(all, predictions, raw);
    }

    private static TensorData tensor(String name, Tensor t) {
        long[] shape = Arrays.stream(t.shape().toArray()).asLongStream().toArray();
        double[] v;
        if (t.dtype() == DType.FLOAT32) {
            float[] f = t.toFloatArray();
            v = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                v[i] = f[i];
            }
        } else {
            v = t.to(DType.FLOAT64).toDoubleArray();
        }
        return new TensorData(name, RequestInputs.datatype(t.dtype()), shape, v, null);
    }

    /** The outputs a request asked for (all when it named none). @throws ServeException 400 for an unknown name */
    static List<TensorData> select(Result r, java.util.Collection<String> requested) {
        if (requested.isEmpty()) {
            return List.copyOf(r.outputs().values());
        }
        List<TensorData> out = new ArrayList<>();
        for (String name : requested) {
            TensorData t = r.outputs().get(name);
            if (t == null) {
                throw ServeException.badRequest("unknown output '" + name + "' (outputs: " + r.outputs().keySet() + ")");
            }
            out.add(t);
        }
        return out;
    }
}
