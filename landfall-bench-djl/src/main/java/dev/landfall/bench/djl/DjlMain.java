package dev.landfall.bench.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DJL / PyTorch peer: {@code --workload ID --threads N --seed S [--weights FILE]}, one or two
 * {@code RESULT {json}} lines on stdout (docs/benchmarks.md).
 *
 * <p>Offline: libtorch comes from {@code pytorch-native-cpu} and the JNI glue from {@code pytorch-jni} on the
 * classpath; {@code ai.djl.offline=true}, {@code PYTORCH_VERSION=2.7.1}, {@code PYTORCH_FLAVOR=cpu} and the
 * cache directories are set here as system properties unless the command line or the environment already set
 * them, so DJL never reaches for the network.
 */
public final class DjlMain {

  static final String FRAMEWORK = "pytorch";

  private DjlMain() {}

  public static void main(String[] argv) throws Exception {
    PeerSupport.Args args = PeerSupport.Args.parse(argv);
    configureOffline();
    // Read by PtEngine when it starts: intra-op threads = N, inter-op threads = 1.
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(args.threads()));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    System.setProperty("ai.djl.pytorch.graph_optimizer", "false");

    Engine engine = Engine.getEngine("PyTorch");
    if (JniUtils.getNumThreads() != args.threads()) {
      JniUtils.setNumThreads(args.threads());
    }
    engine.setRandomSeed((int) args.seed());
    PeerSupport.log("DJL " + Engine.getDjlVersion() + ", PyTorch " + engine.getVersion() + ", intra-op threads "
        + JniUtils.getNumThreads() + ", inter-op threads " + JniUtils.getNumInteropThreads());

    for (String w : args.workloads()) {
      PeerSupport.Args one = args.with(w);
      switch (w) {
        case "W1" -> trainW1(one, engine);
        case "W2" -> trainW2(one, engine);
        case "W3" -> trainW3(one, engine);
        case "W4" -> inferW4(one, engine);
        case "W5-1024" -> gemm(one, engine, "W5-1024", 1024, 1024, 1024);
        case "W5-128x512x784" -> gemm(one, engine, "W5-128x512x784", 128, 512, 784);
        default -> throw new IllegalArgumentException("unknown workload " + w);
      }
    }
  }

  /** Offline settings, as system properties, unless already given on the command line or in the environment. */
  static void configureOffline() throws URISyntaxException {
    setDefault("ai.djl.offline", "true");
    setDefault("PYTORCH_VERSION", "2.7.1");
    setDefault("PYTORCH_FLAVOR", "cpu");
    Path cache = targetDir().resolve("djl-cache");
    setDefault("DJL_CACHE_DIR", cache.toString());
    setDefault("ENGINE_CACHE_DIR", cache.toString());
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** This module's {@code target/}: where the classes or the jar were loaded from. */
  static Path targetDir() throws URISyntaxException {
    Path here = Path.of(DjlMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // target/classes or target/landfall-bench-djl-*.jar -> target
    Path parent = here.getParent();
    return parent != null && Files.isDirectory(parent) ? parent : Path.of("target");
  }

  // ---------------------------------------------------------------- training (W1-W3)

  private static void trainW1(PeerSupport.Args args, Engine engine) {
    PeerSupport.Data data = PeerSupport.w1Data(args.seed());
    SequentialBlock net = new SequentialBlock()
        .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(64).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(1).build());
    // Dense 1 + sigmoid + BCE, computed by DJL from the logit (fromSigmoid = false): the stable form.
    Loss loss = Loss.sigmoidBinaryCrossEntropyLoss("bce", 1f, false);
    train(args, engine, "W1", net, loss, data, 32, new Shape(30), true,
        Map.of("loss", "sigmoid BCE from logits"));
  }

  private static void trainW2(PeerSupport.Args args, Engine engine) {
    PeerSupport.Data data = PeerSupport.w2Data(args.seed());
    train(args, engine, "W2", w2Net(), Loss.softmaxCrossEntropyLoss(), data, 128, new Shape(784), false,
        Map.of("loss", "softmax cross-entropy, sparse labels"));
  }

  private static void trainW3(PeerSupport.Args args, Engine engine) {
    PeerSupport.Data data = PeerSupport.w3Data(args.seed());
    SequentialBlock net = new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(32).build()).add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(64).build()).add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(10).build());
    train(args, engine, "W3", net, Loss.softmaxCrossEntropyLoss(), data, 64, new Shape(1, 28, 28), false,
        Map.of("loss", "softmax cross-entropy, sparse labels", "layout", "NCHW (PyTorch's natural layout)"));
  }

  static SequentialBlock w2Net() {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(512).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(256).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(10).build());
  }

  /**
   * One warm-up epoch, then one timed epoch over the same pre-built batches: {@code EasyTrain.trainBatch} +
   * {@code trainer.step()}, no training listeners. Each step's intermediates live in a sub-manager that the
   * batch is attached to for that step (as DJL's own dataset iteration does), closed after the step.
   */
  private static void train(PeerSupport.Args args, Engine engine, String id, Block net, Loss loss,
      PeerSupport.Data data, int batchSize, Shape sampleShape, boolean binary, Map<String, Object> notes) {
    try (NDManager manager = engine.newBaseManager(Device.cpu());
        Model model = Model.newInstance(id, Device.cpu(), "PyTorch")) {
      model.setBlock(net);
      Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
      DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
          .optOptimizer(adam)
          .optDevices(new Device[] {Device.cpu()});
      List<Batch> batches = new ArrayList<>();
      for (int start = 0; start < data.n(); start += batchSize) {
        int b = Math.min(batchSize, data.n() - start);
        long[] dims = new long[sampleShape.dimension() + 1];
        dims[0] = b;
        System.arraycopy(sampleShape.getShape(), 0, dims, 1, sampleShape.dimension());
        float[] xs = Arrays.copyOfRange(data.x(), start * data.d(), (start + b) * data.d());
        NDArray x = manager.create(xs, new Shape(dims));
        float[] y = new float[b];
        for (int i = 0; i < b; i++) {
          y[i] = data.y()[start + i];
        }
        NDArray labels = binary ? manager.create(y, new Shape(b, 1)) : manager.create(y, new Shape(b));
        batches.add(new Batch(manager, new NDList(x), new NDList(labels), b, Batchifier.STACK, Batchifier.STACK,
            batches.size(), (data.n() + batchSize - 1) / batchSize));
      }
      try (Trainer trainer = model.newTrainer(config)) {
        long[] initDims = new long[sampleShape.dimension() + 1];
        initDims[0] = batchSize;
        System.arraycopy(sampleShape.getShape(), 0, initDims, 1, sampleShape.dimension());
        trainer.initialize(new Shape(initDims));
        float lossStart = firstBatchLoss(trainer, batches.get(0), manager);
        double warm = epoch(trainer, batches, manager);
        double seconds = epoch(trainer, batches, manager);
        float lossEnd = firstBatchLoss(trainer, batches.get(0), manager);
        double samplesPerS = data.n() / seconds;
        PeerSupport.log(id + ": warm-up epoch " + String.format("%.2f", warm) + " s, timed epoch "
            + String.format("%.2f", seconds) + " s, loss on batch 0 " + lossStart + " -> " + lossEnd);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("epoch_seconds", seconds);
        extra.put("warmup_epoch_seconds", warm);
        extra.put("loss_first_batch_start", (double) lossStart);
        extra.put("loss_first_batch_end", (double) lossEnd);
        PeerSupport.result(FRAMEWORK, id, "train_samples_per_s", samplesPerS, args.threads(), version(engine),
            env(engine, notes), extra);
      }
    }
  }

  private static double epoch(Trainer trainer, List<Batch> batches, NDManager manager) {
    long t0 = System.nanoTime();
    for (Batch batch : batches) {
      try (NDManager step = manager.newSubManager()) {
        // The step's intermediates follow the input's manager: lend the batch to the step, get it back on close.
        batch.getData().tempAttach(step);
        batch.getLabels().tempAttach(step);
        EasyTrain.trainBatch(trainer, batch);
        trainer.step();
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static float firstBatchLoss(Trainer trainer, Batch batch, NDManager manager) {
    try (NDManager step = manager.newSubManager()) {
      batch.getData().tempAttach(step);
      batch.getLabels().tempAttach(step);
      NDList preds = trainer.evaluate(batch.getData());
      return trainer.getLoss().evaluate(batch.getLabels(), preds).getFloat();
    }
  }

  // ---------------------------------------------------------------- W4: inference with the W2 network

  private static void inferW4(PeerSupport.Args args, Engine engine) throws Exception {
    float[][] w = PeerSupport.w2Weights(args.seed(), args.weights());
    try (NDManager manager = engine.newBaseManager(Device.cpu())) {
      SequentialBlock net = w2Net();
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 784));
      int t = 0;
      for (Block child : net.getChildren().values()) {
        if (child instanceof Linear linear) {
          int[] ks = PeerSupport.W2_SHAPES[t];
          // DJL's Linear keeps its weight as (out, in); the file is (in, out).
          linear.getParameters().get("weight").getArray().set(transpose(w[t], ks[0], ks[1]));
          linear.getParameters().get("bias").getArray().set(w[t + 1]);
          t += 2;
        }
      }
      ParameterStore ps = new ParameterStore(manager, false);
      JniUtils.setGradMode(false);

      int rows = 64;
      float[] inputs = PeerSupport.w4Inputs(args.seed(), rows);
      // One caller-owned direct buffer for the input, reused: DJL wraps a direct ByteBuffer without a copy.
      ByteBuffer in1 = ByteBuffer.allocateDirect(784 * 4).order(ByteOrder.nativeOrder());
      float[] out = null;
      for (int i = 0; i < 500; i++) {
        out = call(net, ps, manager, in1, inputs, (i % rows) * 784, 1);
        if (i == 0) {
          PeerSupport.log("W4 logits of input row 0: " + java.util.Arrays.toString(out));
        }
      }
      int calls = 2000;
      double[] us = new double[calls];
      for (int i = 0; i < calls; i++) {
        long t0 = System.nanoTime();
        out = call(net, ps, manager, in1, inputs, (i % rows) * 784, 1);
        us[i] = (System.nanoTime() - t0) / 1e3;
      }
      check(out, 10);
      double latency = PeerSupport.median(us);
      Map<String, Object> notes = new LinkedHashMap<>();
      notes.put("input", "caller-owned direct ByteBuffer reused, NDArray per call in a sub-manager; output toFloatArray()");
      notes.put("weights", args.weights() == null ? "seeded random" : args.weights().toString());
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("calls", calls);
      extra.put("p10_us", PeerSupport.percentile(us, 10));
      extra.put("p90_us", PeerSupport.percentile(us, 90));
      PeerSupport.log("W4-b1: median " + String.format("%.1f", latency) + " us over " + calls + " calls");
      PeerSupport.result(FRAMEWORK, "W4-b1", "latency_us", latency, args.threads(), version(engine),
          env(engine, notes), extra);

      int batch = 256;
      float[] big = new float[batch * 784];
      for (int r = 0; r < batch; r++) {
        System.arraycopy(inputs, (r % rows) * 784, big, r * 784, 784);
      }
      ByteBuffer in256 = ByteBuffer.allocateDirect(batch * 784 * 4).order(ByteOrder.nativeOrder());
      long warmEnd = System.nanoTime() + 1_000_000_000L;
      while (System.nanoTime() < warmEnd) {
        out = call(net, ps, manager, in256, big, 0, batch);
      }
      long n = 0;
      long t0 = System.nanoTime();
      long elapsed;
      do {
        out = call(net, ps, manager, in256, big, 0, batch);
        n++;
        elapsed = System.nanoTime() - t0;
      } while (elapsed < 3_000_000_000L);
      check(out, batch * 10);
      double throughput = n * batch / (elapsed / 1e9);
      Map<String, Object> extra2 = new LinkedHashMap<>();
      extra2.put("calls", n);
      extra2.put("seconds", elapsed / 1e9);
      PeerSupport.log("W4-b256: " + String.format("%.0f", throughput) + " samples/s");
      PeerSupport.result(FRAMEWORK, "W4-b256", "samples_per_s", throughput, args.threads(), version(engine),
          env(engine, notes), extra2);
    }
  }

  /** What a caller pays for one prediction: float[] in, float[] out. */
  private static float[] call(Block net, ParameterStore ps, NDManager manager, ByteBuffer direct, float[] src,
      int offset, int rows) {
    direct.clear();
    direct.asFloatBuffer().put(src, offset, rows * 784);
    try (NDManager call = manager.newSubManager()) {
      NDArray x = call.create(direct, new Shape(rows, 784), DataType.FLOAT32);
      NDArray y = net.forward(ps, new NDList(x), false).singletonOrThrow();
      return y.toFloatArray();
    }
  }

  private static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[r * cols + c];
      }
    }
    return t;
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

  // ---------------------------------------------------------------- W5: sgemm through NDArray.matMul

  private static void gemm(PeerSupport.Args args, Engine engine, String id, int m, int n, int k) {
    try (NDManager manager = engine.newBaseManager(Device.cpu())) {
      NDArray a = manager.create(PeerSupport.gemmOperand(args.seed(), m * k), new Shape(m, k));
      NDArray b = manager.create(PeerSupport.gemmOperand(args.seed() + 1, k * n), new Shape(k, n));
      double flop = 2.0 * m * n * k;
      // Warm-up (0.5 s), then find how many calls make a repeat of about 0.25 s.
      long warmStart = System.nanoTime();
      for (int i = 0; i < 3 || System.nanoTime() - warmStart < 500_000_000L; i++) {
        try (NDArray c = a.matMul(b)) {
          c.getShape();
        }
      }
      int calibrationCalls = 0;
      long calStart = System.nanoTime();
      while (calibrationCalls < 2 || System.nanoTime() - calStart < 250_000_000L) {
        try (NDArray c = a.matMul(b)) {
          c.getShape();
        }
        calibrationCalls++;
      }
      double perCall = (System.nanoTime() - calStart) / 1e9 / calibrationCalls;
      int iters = (int) Math.max(1, Math.ceil(0.25 / perCall));
      int repeats = 7;
      double[] gflops = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < iters; i++) {
          try (NDArray c = a.matMul(b)) {
            c.getShape();
          }
        }
        gflops[r] = flop * iters / ((System.nanoTime() - t0) / 1e9) / 1e9;
      }
      double med = PeerSupport.median(gflops);
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("repeats", gflops);
      extra.put("calls_per_repeat", iters);
      extra.put("shape", Map.of("m", m, "n", n, "k", k));
      PeerSupport.log(id + ": " + String.format("%.1f", med) + " GFLOP/s (median of " + repeats + ")");
      PeerSupport.result(FRAMEWORK, id, "gflops", med, args.threads(), version(engine),
          env(engine, Map.of("op", "NDArray.matMul, new result per call")), extra);
    }
  }

  // ---------------------------------------------------------------- environment

  private static String version(Engine engine) {
    return "DJL " + Engine.getDjlVersion() + " / PyTorch " + engine.getVersion();
  }

  private static Map<String, Object> env(Engine engine, Map<String, Object> notes) {
    Map<String, Object> env = PeerSupport.baseEnv();
    env.put("djl.version", Engine.getDjlVersion());
    env.put("pytorch.version", engine.getVersion());
    env.put("pytorch.flavor", System.getProperty("PYTORCH_FLAVOR", System.getenv("PYTORCH_FLAVOR")));
    env.put("ai.djl.offline", System.getProperty("ai.djl.offline", System.getenv("ai.djl.offline")));
    env.put("intra_op_threads", JniUtils.getNumThreads());
    env.put("inter_op_threads", JniUtils.getNumInteropThreads());
    env.put("features", String.valueOf(JniUtils.getFeatures()));
    env.put("backend", "libtorch CPU (MKL BLAS, oneDNN, OpenMP via bundled libgomp)");
    env.put("layout", "row-major; images NCHW");
    env.putAll(notes);
    return env;
  }
}
