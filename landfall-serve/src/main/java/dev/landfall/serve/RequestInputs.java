package dev.landfall.serve;

import dev.landfall.data.InvalidRecordException;
import dev.landfall.data.Tensors;
import dev.landfall.data.ValueKind;
import dev.landfall.data.format.RawData;
import dev.landfall.data.io.ImageFolder;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnSpec;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import dev.landfall.nn.io.ServingSignature;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a request's named inputs into the model's input tensors, whatever a client sends: the model's
 * own input tensors (already preprocessed), the raw columns of the training data (run through the
 * model's saved preprocessing), or encoded images. Every mismatch is a 400 that names the input and
 * what was expected.
 */
final class RequestInputs {
    private RequestInputs() {
    }

    /** The model inputs and the number of rows. */
    record Prepared(Tensors inputs, int rows, boolean raw) {
    }

    static Prepared prepare(Predictor p, List<TensorData> given) {
        if (given.isEmpty()) {
            throw ServeException.badRequest("no inputs; the model takes " + accepted(p));
        }
        List<String> modelInputs = p.model().inputNames();
        List<String> names = given.stream().map(TensorData::name).toList();
        try {
            if (modelInputs.containsAll(names)) {
                return tensors(p, given);
            }
            List<String> raw = p.rawSchema().stream().map(ColumnSpec::name).toList();
            if (p.inputKind() == Predictor.InputKind.TABLE && raw.containsAll(names)) {
                return records(p, given);
            }
            if (p.inputKind() == Predictor.InputKind.IMAGES && given.size() == 1 && given.get(0).isBytes()) {
                return images(p, given.get(0));
            }
        } catch (InvalidRecordException e) {
            throw ServeException.badRequest(e.getMessage());
        }
        String unknown = names.stream().filter(n -> !modelInputs.contains(n)).findFirst().orElse(names.get(0));
        throw ServeException.badRequest("unknown input '" + unknown + "'; the model takes " + accepted(p));
    }

    /** What a model accepts, for messages. */
    static String accepted(Predictor p) {
        StringBuilder sb = new StringBuilder();
        for (Input in : p.model().inputs()) {
            sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(in.name()).append("' ")
                    .append(datatype(in.dtype())).append(' ').append(shape(in));
        }
        if (p.inputKind() == Predictor.InputKind.TABLE) {
            sb.append(", or the raw columns ").append(p.rawSchema().stream().map(c -> c.name() + " (" + (c.type()
                    == ColumnType.NUMERIC ? "FP64" : "BYTES") + ")").toList());
        } else if (p.inputKind() == Predictor.InputKind.IMAGES) {
            sb.append(", or one BYTES input of encoded images (PNG, JPEG, BMP, GIF)");
        }
        return sb.toString();
    }

    static String shape(Input in) {
        int[] s = in.shape().toArray();
        StringBuilder sb = new StringBuilder("[-1");
        for (int d : s) {
            sb.append(", ").append(d);
        }
        return sb.append(']').toString();
    }

    /** A tensor as both protocols' metadata show it: its V2 datatype and shape (-1: any number of rows). */
    record Spec(String name, String datatype, int[] shape) {
    }

    /** The model's tensor inputs. */
    static List<Spec> inputSpecs(Predictor p) {
        List<Spec> out = new ArrayList<>();
        for (Input in : p.model().inputs()) {
            int[] s = in.shape().toArray();
            int[] shape = new int[s.length + 1];
            shape[0] = -1;
            System.arraycopy(s, 0, shape, 1, s.length);
            out.add(new Spec(in.name(), datatype(in.dtype()), shape));
        }
        return out;
    }

    /** The outputs a request can ask for: the signature's, then label and probabilities for a classifier. */
    static List<Spec> outputSpecs(Predictor p) {
        List<Spec> out = new ArrayList<>();
        for (ServingSignature.TensorSpec o : p.loaded().signature().outputs()) {
            String datatype = Arrays.stream(DType.values()).filter(d -> d.displayName().equals(o.dtype())).findFirst()
                    .map(RequestInputs::datatype).orElse(o.dtype().toUpperCase(Locale.ROOT));
            out.add(new Spec(o.name(), datatype, o.shape()));
        }
        if (!p.labels().isEmpty()) {
            out.add(new Spec(Inference.LABEL, "BYTES", new int[] {-1}));
            out.add(new Spec(Inference.PROBABILITIES, "FP32", new int[] {-1, p.labels().size()}));
        }
        return out;
    }

    static String datatype(DType d) {
        return switch (d) {
            case FLOAT32 -> "FP32";
            case FLOAT64 -> "FP64";
            case INT32 -> "INT32";
            case INT8 -> "INT8";
            case BOOL -> "BOOL";
        };
    }

    private static Prepared tensors(Predictor p, List<TensorData> given) {
        Map<String, Tensor> named = new LinkedHashMap<>();
        int rows = -1;
        for (Input in : p.model().inputs()) {
            TensorData t = given.stream().filter(g -> g.name().equals(in.name())).findFirst().orElseThrow(() ->
                    ServeException.badRequest("missing input '" + in.name() + "' (" + datatype(in.dtype()) + " "
                            + shape(in) + ")"));
            long[] expected = Arrays.stream(in.shape().toArray()).asLongStream().toArray();
            if (t.isBytes() || t.shape().length != expected.length + 1 || !Arrays.equals(t.perRow(), expected)) {
                throw ServeException.badRequest("input '" + in.name() + "': expected " + datatype(in.dtype()) + " "
                        + shape(in) + ", got " + t.datatype() + " " + Arrays.toString(t.shape()));
            }
            if (rows >= 0 && t.rows() != rows) {
                throw ServeException.badRequest("input '" + in.name() + "' has " + t.rows() + " rows, the others " + rows);
            }
            rows = t.rows();
            int[] shape = Arrays.stream(t.shape()).mapToInt(d -> (int) d).toArray();
            Tensor x = switch (in.dtype()) {
                case FLOAT64 -> Tensor.fromArray(t.numbers(), shape); // fromArray copies
                case INT32 -> {
                    int[] v = new int[t.size()];
                    for (int i = 0; i < v.length; i++) {
                        double d = t.numbers()[i];
                        if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
                            throw ServeException.badRequest("input '" + in.name() + "': element " + i
                                    + " is not an INT32 (found " + (Double.isFinite(d) && d == Math.rint(d)
                                    ? "an integer outside the INT32 range" : ValueKind.ofNumber(d)) + ")");
                        }
                        v[i] = (int) d;
                    }
                    yield Tensor.wrap(v, shape); // a fresh array: no second copy
                }
                default -> {
                    float[] v = new float[t.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) t.numbers()[i];
                    }
                    yield Tensor.wrap(v, shape).to(in.dtype());
                }
            };
            named.put(in.name(), x);
        }
        return new Prepared(named.size() == 1 ? Tensors.of(named.values().iterator().next()) : Tensors.of(named), rows,
                false);
    }

    private static Prepared records(Predictor p, List<TensorData> given) {
        int rows = -1;
        Map<String, TensorData> byName = new LinkedHashMap<>();
        for (TensorData t : given) {
            if (t.shape().length > 2 || t.shape().length == 2 && t.shape()[1] != 1) {
                throw ServeException.badRequest("input '" + t.name() + "': a raw column is one value per record, shape "
                        + "[N] or [N, 1]; got " + Arrays.toString(t.shape()));
            }
            if (rows >= 0 && t.rows() != rows) {
                throw ServeException.badRequest("input '" + t.name() + "' has " + t.rows() + " records, the others " + rows);
            }
            rows = t.rows();
            byName.put(t.name(), t);
        }
        List<Column> cols = new ArrayList<>();
        for (ColumnSpec c : p.rawSchema()) {
            TensorData t = byName.get(c.name());
            if (t == null) {
                throw ServeException.badRequest("missing input '" + c.name() + "': the model reads the raw columns "
                        + p.rawSchema().stream().map(ColumnSpec::name).toList());
            }
            if (c.type() == ColumnType.NUMERIC) {
                if (t.isBytes()) {
                    double[] v = new double[rows];
                    for (int i = 0; i < rows; i++) {
                        byte[] e = t.bytes().get(i);
                        String s = e == null ? "" : new String(e, StandardCharsets.UTF_8).strip();
                        try {
                            v[i] = s.isEmpty() ? Double.NaN : Double.parseDouble(s);
                        } catch (NumberFormatException notANumber) {
                            throw ServeException.badRequest("input '" + c.name() + "': record " + i + ": expected a "
                                    + "number, found " + ValueKind.NOT_A_NUMBER);
                        }
                    }
                    cols.add(Column.numeric(c.name(), v));
                } else {
                    cols.add(Column.numeric(c.name(), t.numbers().clone()));
                }
            } else {
                String[] v = new String[rows];
                for (int i = 0; i < rows; i++) {
                    v[i] = t.isBytes() ? (t.bytes().get(i) == null ? null : new String(t.bytes().get(i),
                            StandardCharsets.UTF_8)) : Double.isNaN(t.numbers()[i]) ? null : number(t.numbers()[i]);
                }
                cols.add(Column.strings(c.name(), c.type(), v));
            }
        }
        int[] ids = new int[rows];
        Arrays.setAll(ids, i -> i + 1);
        RawData d = new RawData(Table.of(cols), null, null, List.of(), ids, List.of(), "request", null);
        return new Prepared(p.inputs(d), rows, true);
    }

    /** A number as a category key: whole numbers without ".0", as the encoders write them. */
    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static Prepared images(Predictor p, TensorData t) {
        Input in = p.model().inputs().get(0);
        int[] s = in.shape().toArray();
        float[] all = new float[t.bytes().size() * s[0] * s[1] * s[2]];
        int each = s[0] * s[1] * s[2];
        for (int i = 0; i < t.bytes().size(); i++) {
            if (t.bytes().get(i) == null) {
                throw ServeException.badRequest("input '" + t.name() + "' element " + i + " is null; expected an image");
            }
            java.awt.image.BufferedImage img;
            try {
                img = ImageFolder.decode(t.bytes().get(i), "input '" + t.name() + "' element " + i);
            } catch (dev.landfall.data.DataFormatException e) {
                throw ServeException.badRequest(e.getMessage());
            }
            if (img.getHeight() != s[0] || img.getWidth() != s[1]) {
                throw ServeException.badRequest("input '" + t.name() + "' element " + i + ": the image is "
                        + img.getHeight() + "x" + img.getWidth() + " (height x width); the model takes " + s[0] + "x" + s[1]);
            }
            Tensor x = ImageFolder.toTensor(img, s[0], s[1], s[2] == 1 ? ImageFolder.ColorMode.GRAYSCALE
                    : ImageFolder.ColorMode.RGB);
            System.arraycopy(x.toFloatArray(), 0, all, i * each, each);
        }
        return new Prepared(Tensors.of(Tensor.wrap(all, t.bytes().size(), s[0], s[1], s[2])), t.bytes().size(), true);
    }
}
