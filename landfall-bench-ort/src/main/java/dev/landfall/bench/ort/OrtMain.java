package dev.landfall.bench.ort;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ONNX Runtime peer, W4 only: {@code --workload W4 --threads N --seed S [--weights FILE]}, two
 * {@code RESULT {json}} lines on stdout (docs/benchmarks.md).
 *
 * <p>The W2 network is written as an ONNX file (Gemm, Relu, Gemm, Relu, Gemm; opset 13) with Tribuo's
 * generated {@code OnnxMl} protobuf classes from the same weights the other peers use, under this module's
 * {@code target/}; one session is created with intra-op threads N and inter-op threads 1.
 */
public final class OrtMain {

  static final String FRAMEWORK = "onnxruntime";
  static final String INPUT = "input";
  static final String OUTPUT = "logits";

  private OrtMain() {}

  public static void main(String[] argv) throws Exception {
    PeerSupport.Args args = PeerSupport.Args.parse(argv);
    if (!args.workload().equals("W4")) {
      System.err.println("onnxruntime peer: only W4 is supported, not " + args.workload());
      System.exit(2);
    }
    float[][] w = PeerSupport.w2Weights(args.seed(), args.weights());
    Path model = writeModel(w);
    PeerSupport.log("wrote " + model);

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(args.threads());
      opts.setInterOpNumThreads(1);
      opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession session = env.createSession(model.toString(), opts)) {
        PeerSupport.log("ONNX Runtime " + env.getVersion() + ", intra-op threads " + args.threads()
            + ", inputs " + session.getInputNames() + ", outputs " + session.getOutputNames());
        run(args, env, session, opts, model);
      }
    }
  }

  // ---------------------------------------------------------------- the ONNX file

  /** The W2 network as ONNX: logits = Gemm(Relu(Gemm(Relu(Gemm(x, W1, b1)), W2, b2)), W3, b3). */
  static Path writeModel(float[][] w) throws IOException, URISyntaxException {
    OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("w2_mlp");
    String[] names = {"dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias", "dense_2.kernel", "dense_2.bias"};
    for (int t = 0; t < w.length; t++) {
      OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
          .setName(names[t])
          .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE);
      for (int dim : PeerSupport.W2_SHAPES[t]) {
        tensor.addDims(dim);
      }
      ByteBuffer raw = ByteBuffer.allocate(w[t].length * 4).order(ByteOrder.LITTLE_ENDIAN);
      raw.asFloatBuffer().put(w[t]);
      tensor.setRawData(ByteString.copyFrom(raw.array()));
      graph.addInitializer(tensor);
    }
    String x = INPUT;
    for (int layer = 0; layer < 3; layer++) {
      String gemmOut = layer == 2 ? OUTPUT : "gemm_" + layer;
      graph.addNode(OnnxMl.NodeProto.newBuilder()
          .setOpType("Gemm").setName("gemm_" + layer)
          .addInput(x).addInput(names[2 * layer]).addInput(names[2 * layer + 1])
          .addOutput(gemmOut));
      if (layer < 2) {
        String reluOut = "relu_" + layer;
        graph.addNode(OnnxMl.NodeProto.newBuilder()
            .setOpType("Relu").setName("relu_" + layer).addInput(gemmOut).addOutput(reluOut));
        x = reluOut;
      }
    }
    graph.addInput(valueInfo(INPUT, 784));
    graph.addOutput(valueInfo(OUTPUT, 10));
    OnnxMl.ModelProto modelProto = OnnxMl.ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("landfall-bench-ort")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(graph)
        .build();
    return writeOnnx("w2-mlp", modelProto);
  }

  /** Writes {@code target/onnx/NAME.onnx} atomically (temp file + rename); returns its path. */
  static Path writeOnnx(String name, OnnxMl.ModelProto model) throws IOException, URISyntaxException {
    Path dir = targetDir().resolve("onnx");
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".onnx");
    Path tmp = Files.createTempFile(dir, name, ".tmp");
    Files.write(tmp, model.toByteArray());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  private static OnnxMl.ValueInfoProto valueInfo(String name, int width) {
    OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width))
        .build();
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
            .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
        .build();
  }

  /** This module's {@code target/}: where the classes or the jar were loaded from. */
  static Path targetDir() throws URISyntaxException {
    Path here = Path.of(OrtMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path parent = here.getParent();
    return parent != null && Files.isDirectory(parent) ? parent : Path.of("target");
  }

  // ---------------------------------------------------------------- timing

  private static void run(PeerSupport.Args args, OrtEnvironment env, OrtSession session,
      OrtSession.SessionOptions opts, Path model) throws OrtException {
    int rows = 64;
    float[] inputs = PeerSupport.w4Inputs(args.seed(), rows);

    // Batch 1. The main figure: one caller-owned direct FloatBuffer reused for the input, a new OnnxTensor
    // over it per call (no copy: ORT wraps direct buffers), run, output copied out into a float[].
    FloatBuffer in1 = directFloats(784);
    long[] shape1 = {1, 784};
    float[] out = null;
    for (int i = 0; i < 500; i++) {
      out = callFreshTensor(env, session, in1, shape1, inputs, (i % rows) * 784);
      if (i == 0) {
        PeerSupport.log("W4 logits of input row 0: " + java.util.Arrays.toString(out));
      }
    }
    int calls = 2000;
    double[] us = new double[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      out = callFreshTensor(env, session, in1, shape1, inputs, (i % rows) * 784);
      us[i] = (System.nanoTime() - t0) / 1e3;
    }
    check(out, 10);
    double latency = PeerSupport.median(us);

    // The same with one OnnxTensor created once over the buffer and reused: only the copy-in changes per call.
    double[] usReused = new double[calls];
    try (OnnxTensor reused = OnnxTensor.createTensor(env, in1, shape1)) {
      Map<String, OnnxTensor> feed = Map.of(INPUT, reused);
      for (int i = 0; i < 500; i++) {
        out = callReusedTensor(session, feed, in1, inputs, (i % rows) * 784);
      }
      for (int i = 0; i < calls; i++) {
        long t0 = System.nanoTime();
        out = callReusedTensor(session, feed, in1, inputs, (i % rows) * 784);
        usReused[i] = (System.nanoTime() - t0) / 1e3;
      }
    }
    check(out, 10);
    double latencyReused = PeerSupport.median(usReused);

    Map<String, Object> notes = new LinkedHashMap<>();
    notes.put("input", "one caller-owned direct FloatBuffer reused; OnnxTensor per call over it; output getFloatBuffer() into float[]");
    notes.put("weights", args.weights() == null ? "seeded random" : args.weights().toString());
    notes.put("model", model.toString());
    notes.put("reused_tensor_latency_us", latencyReused);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("reused_tensor_latency_us", latencyReused);
    extra.put("calls", calls);
    extra.put("p10_us", PeerSupport.percentile(us, 10));
    extra.put("p90_us", PeerSupport.percentile(us, 90));
    PeerSupport.log("W4-b1: median " + String.format("%.1f", latency) + " us per call (fresh tensor), "
        + String.format("%.1f", latencyReused) + " us (reused tensor)");
    PeerSupport.result(FRAMEWORK, "W4-b1", "latency_us", latency, args.threads(), env.getVersion(),
        env(env, args, opts, notes), extra);

    // Batch 256, over >= 3 s, both ways.
    int batch = 256;
    float[] big = new float[batch * 784];
    for (int r = 0; r < batch; r++) {
      System.arraycopy(inputs, (r % rows) * 784, big, r * 784, 784);
    }
    FloatBuffer in256 = directFloats(batch * 784);
    long[] shape256 = {batch, 784};
    long warmEnd = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      out = callFreshTensor(env, session, in256, shape256, big, 0);
    }
    long n = 0;
    long t0 = System.nanoTime();
    long elapsed;
    do {
      out = callFreshTensor(env, session, in256, shape256, big, 0);
      n++;
      elapsed = System.nanoTime() - t0;
    } while (elapsed < 3_000_000_000L);
    check(out, batch * 10);
    double throughput = n * batch / (elapsed / 1e9);

    double throughputReused;
    try (OnnxTensor reused = OnnxTensor.createTensor(env, in256, shape256)) {
      Map<String, OnnxTensor> feed = Map.of(INPUT, reused);
      long m = 0;
      long t1 = System.nanoTime();
      long elapsed2;
      do {
        out = callReusedTensor(session, feed, in256, big, 0);
        m++;
        elapsed2 = System.nanoTime() - t1;
      } while (elapsed2 < 3_000_000_000L);
      throughputReused = m * batch / (elapsed2 / 1e9);
    }
    check(out, batch * 10);
    Map<String, Object> notes2 = new LinkedHashMap<>(notes);
    notes2.remove("reused_tensor_latency_us");
    notes2.put("reused_tensor_samples_per_s", throughputReused);
    Map<String, Object> extra2 = new LinkedHashMap<>();
    extra2.put("reused_tensor_samples_per_s", throughputReused);
    extra2.put("calls", n);
    extra2.put("seconds", elapsed / 1e9);
    PeerSupport.log("W4-b256: " + String.format("%.0f", throughput) + " samples/s (fresh tensor), "
        + String.format("%.0f", throughputReused) + " (reused tensor)");
    PeerSupport.result(FRAMEWORK, "W4-b256", "samples_per_s", throughput, args.threads(), env.getVersion(),
        env(env, args, opts, notes2), extra2);
  }

  /** What a caller pays for one prediction: float[] in, float[] out. */
  private static float[] callFreshTensor(OrtEnvironment env, OrtSession session, FloatBuffer direct, long[] shape,
      float[] src, int offset) throws OrtException {
    direct.clear();
    direct.put(src, offset, direct.capacity());
    direct.rewind();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, direct, shape);
        OrtSession.Result result = session.run(Map.of(INPUT, tensor))) {
      return copyOut(result);
    }
  }

  private static float[] callReusedTensor(OrtSession session, Map<String, OnnxTensor> feed, FloatBuffer direct,
      float[] src, int offset) throws OrtException {
    direct.clear();
    direct.put(src, offset, direct.capacity());
    direct.rewind();
    try (OrtSession.Result result = session.run(feed)) {
      return copyOut(result);
    }
  }

  private static float[] copyOut(OrtSession.Result result) {
    FloatBuffer o = ((OnnxTensor) result.get(0)).getFloatBuffer();
    float[] out = new float[o.remaining()];
    o.get(out);
    return out;
  }

  private static FloatBuffer directFloats(int n) {
    return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  private static void check(float[] out, int expected) {
    if (out == null || out.length != expected) {
      throw new IllegalStateException("unexpected output length " + (out == null ? -1 : out.length));
    }
    for (float v : out) {
      if (!Float.isFinite(v)) {
        throw new IllegalStateException("non-finite output");
      }
    }
  }

  private static Map<String, Object> env(OrtEnvironment env, PeerSupport.Args args, OrtSession.SessionOptions opts,
      Map<String, Object> notes) {
    Map<String, Object> e = PeerSupport.baseEnv();
    e.put("onnxruntime.version", env.getVersion());
    e.put("intra_op_threads", args.threads());
    e.put("inter_op_threads", 1);
    e.put("execution_mode", "SEQUENTIAL");
    e.put("optimization_level", "ALL_OPT");
    e.put("session_config", String.valueOf(opts.getConfigEntries()));
    e.put("backend", "CPU execution provider (MLAS)");
    e.put("graph", "Gemm+Relu x2, Gemm; opset 13");
    e.putAll(notes);
    return e;
  }
}
