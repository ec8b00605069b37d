package dev.landfall.bench.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The Deeplearning4j peer: {@code --workload ID --threads N --seed S [--weights FILE]}, one or two
 * {@code RESULT {json}} lines on stdout (docs/benchmarks.md).
 *
 * <p>libnd4j and OpenBLAS read {@code OMP_NUM_THREADS} / {@code OPENBLAS_NUM_THREADS} from the environment
 * when they load (the driver sets them to N); the thread counts are also set through ND4J's API here, and
 * what the backend then reports goes into {@code env}.
 */
public final class Dl4jMain {

  static final String FRAMEWORK = "dl4j";

  private Dl4jMain() {}

  public static void main(String[] argv) throws Exception {
    PeerSupport.Args args = PeerSupport.Args.parse(argv);
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    Nd4j.getEnvironment().setMaxThreads(args.threads());
    Nd4j.getEnvironment().setMaxMasterThreads(args.threads());
    Nd4j.factory().blas().setMaxThreads(args.threads());
    Nd4j.getRandom().setSeed(args.seed());
    PeerSupport.log("DL4J " + dl4jVersion() + ", backend " + Nd4j.getBackend().getClass().getSimpleName()
        + ", BLAS " + Nd4j.factory().blas().getBlasVendor() + ", nd4j threads " + Nd4j.getEnvironment().maxThreads()
        + ", BLAS threads " + Nd4j.factory().blas().getMaxThreads());

    for (String w : args.workloads()) {
      PeerSupport.Args one = args.with(w);
      switch (w) {
        case "W1" -> trainW1(one);
        case "W2" -> trainW2(one);
        case "W3" -> trainW3(one);
        case "W4" -> inferW4(one);
        case "W5-1024" -> gemm(one, "W5-1024", 1024, 1024, 1024);
        case "W5-128x512x784" -> gemm(one, "W5-128x512x784", 128, 512, 784);
        default -> throw new IllegalArgumentException("unknown workload " + w);
      }
    }
  }

  // ---------------------------------------------------------------- networks

  private static NeuralNetConfiguration.ListBuilder base(long seed) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .updater(new Adam(1e-3))
        .weightInit(WeightInit.XAVIER)
        .list();
  }

  private static MultiLayerNetwork w1Net(long seed) {
    MultiLayerConfiguration conf = base(seed)
        .layer(new DenseLayer.Builder().nIn(30).nOut(128).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build())
        .setInputType(InputType.feedForward(30))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /**
   * The W2 network. For training the last layer is DL4J's softmax output layer with multi-class cross-entropy;
   * for inference (W4) it is an identity output layer, so the output is the logits (its loss is never used).
   */
  private static MultiLayerNetwork w2Net(long seed, boolean forTraining) {
    OutputLayer out = forTraining
        ? new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build()
        : new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(10).activation(Activation.IDENTITY).build();
    MultiLayerConfiguration conf = base(seed)
        .layer(new DenseLayer.Builder().nIn(784).nOut(512).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
        .layer(out)
        .setInputType(InputType.feedForward(784))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static MultiLayerNetwork w3Net(long seed) {
    MultiLayerConfiguration conf = base(seed)
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
        .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
        .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
        .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
        .setInputType(InputType.convolutional(28, 28, 1)) // NCHW, DL4J's default
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  // ---------------------------------------------------------------- training (W1-W3)

  private static void trainW1(PeerSupport.Args args) {
    train(args, "W1", w1Net(args.seed()), PeerSupport.w1Data(args.seed()), 32, new long[] {30}, 0,
        Map.of("loss", "XENT on a sigmoid output layer"));
  }

  private static void trainW2(PeerSupport.Args args) {
    train(args, "W2", w2Net(args.seed(), true), PeerSupport.w2Data(args.seed()), 128, new long[] {784}, 10,
        Map.of("loss", "MCXENT on a softmax output layer"));
  }

  private static void trainW3(PeerSupport.Args args) {
    train(args, "W3", w3Net(args.seed()), PeerSupport.w3Data(args.seed()), 64, new long[] {1, 28, 28}, 10,
        Map.of("loss", "MCXENT on a softmax output layer", "layout", "NCHW (DL4J's natural layout)"));
  }

  /**
   * One warm-up epoch, then one timed epoch of {@code MultiLayerNetwork.fit(DataSet)} over the same pre-built
   * batches; no listeners.
   *
   * @param classes 0 for a single 0/1 label column, else the one-hot width
   */
  private static void train(PeerSupport.Args args, String id, MultiLayerNetwork net, PeerSupport.Data data,
      int batchSize, long[] sampleShape, int classes, Map<String, Object> notes) {
    List<DataSet> batches = new ArrayList<>();
    for (int start = 0; start < data.n(); start += batchSize) {
      int b = Math.min(batchSize, data.n() - start);
      float[] x = new float[b * data.d()];
      System.arraycopy(data.x(), start * data.d(), x, 0, x.length);
      long[] dims = new long[sampleShape.length + 1];
      dims[0] = b;
      System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
      INDArray features = Nd4j.create(x, dims, 'c');
      INDArray labels;
      if (classes == 0) {
        float[] y = new float[b];
        for (int i = 0; i < b; i++) {
          y[i] = data.y()[start + i];
        }
        labels = Nd4j.create(y, new long[] {b, 1}, 'c');
      } else {
        float[] y = new float[b * classes];
        for (int i = 0; i < b; i++) {
          y[i * classes + data.y()[start + i]] = 1f;
        }
        labels = Nd4j.create(y, new long[] {b, classes}, 'c');
      }
      batches.add(new DataSet(features, labels));
    }
    double lossStart = net.score(batches.get(0));
    double warm = epoch(net, batches);
    double seconds = epoch(net, batches);
    double lossEnd = net.score(batches.get(0));
    PeerSupport.log(id + ": warm-up epoch " + String.format("%.2f", warm) + " s, timed epoch "
        + String.format("%.2f", seconds) + " s, loss on batch 0 " + lossStart + " -> " + lossEnd);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("epoch_seconds", seconds);
    extra.put("warmup_epoch_seconds", warm);
    extra.put("loss_first_batch_start", lossStart);
    extra.put("loss_first_batch_end", lossEnd);
    PeerSupport.result(FRAMEWORK, id, "train_samples_per_s", data.n() / seconds, args.threads(), dl4jVersion(),
        env(notes), extra);
  }

  private static double epoch(MultiLayerNetwork net, List<DataSet> batches) {
    long t0 = System.nanoTime();
    for (DataSet ds : batches) {
      net.fit(ds);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  // ---------------------------------------------------------------- W4: inference with the W2 network

  private static void inferW4(PeerSupport.Args args) throws Exception {
    float[][] w = PeerSupport.w2Weights(args.seed(), args.weights());
    MultiLayerNetwork net = w2Net(args.seed(), false);
    for (int layer = 0; layer < 3; layer++) {
      int[] ks = PeerSupport.W2_SHAPES[2 * layer];
      // DL4J's dense kernel is (nIn, nOut), like the file.
      net.getLayer(layer).getParam("W").assign(Nd4j.create(w[2 * layer], new long[] {ks[0], ks[1]}, 'c'));
      net.getLayer(layer).getParam("b").assign(Nd4j.create(w[2 * layer + 1], new long[] {1, ks[1]}, 'c'));
    }
    int rows = 64;
    float[] inputs = PeerSupport.w4Inputs(args.seed(), rows);
    float[][] row = new float[rows][784];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(inputs, r * 784, row[r], 0, 784);
    }
    // One caller-owned input array, reused: each call copies the caller's float[] into it.
    INDArray in1 = Nd4j.create(DataType.FLOAT, new long[] {1, 784}, 'c');
    float[] out = null;
    for (int i = 0; i < 500; i++) {
      out = call(net, in1, row[i % rows]);
      if (i == 0) {
        PeerSupport.log("W4 logits of input row 0: " + java.util.Arrays.toString(out));
      }
    }
    int calls = 2000;
    double[] us = new double[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      out = call(net, in1, row[i % rows]);
      us[i] = (System.nanoTime() - t0) / 1e3;
    }
    check(out, 10);
    double latency = PeerSupport.median(us);
    Map<String, Object> notes = new LinkedHashMap<>();
    notes.put("input", "caller-owned INDArray reused (DataBuffer.setData from float[]); output data().asFloat()");
    notes.put("weights", args.weights() == null ? "seeded random" : args.weights().toString());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("calls", calls);
    extra.put("p10_us", PeerSupport.percentile(us, 10));
    extra.put("p90_us", PeerSupport.percentile(us, 90));
    PeerSupport.log("W4-b1: median " + String.format("%.1f", latency) + " us over " + calls + " calls");
    PeerSupport.result(FRAMEWORK, "W4-b1", "latency_us", latency, args.threads(), dl4jVersion(), env(notes), extra);

    int batch = 256;
    float[] big = new float[batch * 784];
    for (int r = 0; r < batch; r++) {
      System.arraycopy(inputs, (r % rows) * 784, big, r * 784, 784);
    }
    INDArray in256 = Nd4j.create(DataType.FLOAT, new long[] {batch, 784}, 'c');
    long warmEnd = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      out = call(net, in256, big);
    }
    long n = 0;
    long t0 = System.nanoTime();
    long elapsed;
    do {
      out = call(net, in256, big);
      n++;
      elapsed = System.nanoTime() - t0;
    } while (elapsed < 3_000_000_000L);
    check(out, batch * 10);
    double throughput = n * batch / (elapsed / 1e9);
    Map<String, Object> extra2 = new LinkedHashMap<>();
    extra2.put("calls", n);
    extra2.put("seconds", elapsed / 1e9);
    PeerSupport.log("W4-b256: " + String.format("%.0f", throughput) + " samples/s");
    PeerSupport.result(FRAMEWORK, "W4-b256", "samples_per_s", throughput, args.threads(), dl4jVersion(), env(notes),
        extra2);
  }

  /** What a caller pays for one prediction: float[] in, float[] out. */
  private static float[] call(MultiLayerNetwork net, INDArray input, float[] values) {
    input.data().setData(values);
    INDArray y = net.output(input, false);
    if (y.ordering() != 'c' || y.isView() || y.data().length() != y.length()) {
      y = y.dup('c');
    }
    return y.data().asFloat();
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

  // ---------------------------------------------------------------- W5: sgemm through Nd4j.gemm

  private static void gemm(PeerSupport.Args args, String id, int m, int n, int k) {
    INDArray a = Nd4j.create(PeerSupport.gemmOperand(args.seed(), m * k), new long[] {m, k}, 'c');
    INDArray b = Nd4j.create(PeerSupport.gemmOperand(args.seed() + 1, k * n), new long[] {k, n}, 'c');
    INDArray c = Nd4j.create(DataType.FLOAT, new long[] {m, n}, 'c');
    double flop = 2.0 * m * n * k;
    long warmStart = System.nanoTime();
    for (int i = 0; i < 3 || System.nanoTime() - warmStart < 500_000_000L; i++) {
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }
    int calibrationCalls = 0;
    long calStart = System.nanoTime();
    while (calibrationCalls < 2 || System.nanoTime() - calStart < 250_000_000L) {
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      calibrationCalls++;
    }
    double perCall = (System.nanoTime() - calStart) / 1e9 / calibrationCalls;
    int iters = (int) Math.max(1, Math.ceil(0.25 / perCall));
    int repeats = 7;
    double[] gflops = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < iters; i++) {
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      }
      gflops[r] = flop * iters / ((System.nanoTime() - t0) / 1e9) / 1e9;
    }
    // A spot check that the product is right: one element against a plain dot product.
    float[] av = PeerSupport.gemmOperand(args.seed(), m * k);
    float[] bv = PeerSupport.gemmOperand(args.seed() + 1, k * n);
    double ref = 0;
    for (int i = 0; i < k; i++) {
      ref += (double) av[(m - 1) * k + i] * bv[i * n + (n - 1)];
    }
    double got = c.getDouble(m - 1, n - 1);
    if (Math.abs(got - ref) > 1e-3 * k) {
      throw new IllegalStateException("gemm check failed: " + got + " vs " + ref);
    }
    double med = PeerSupport.median(gflops);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("repeats", gflops);
    extra.put("calls_per_repeat", iters);
    extra.put("shape", Map.of("m", m, "n", n, "k", k));
    PeerSupport.log(id + ": " + String.format("%.1f", med) + " GFLOP/s (median of " + repeats + ")");
    PeerSupport.result(FRAMEWORK, id, "gflops", med, args.threads(), dl4jVersion(),
        env(Map.of("op", "Nd4j.gemm into a preallocated C, c-order float32")), extra);
  }

  // ---------------------------------------------------------------- environment

  private static String dl4jVersion() {
    return PeerSupport.mavenVersion("org.deeplearning4j", "deeplearning4j-nn");
  }

  private static Map<String, Object> env(Map<String, Object> notes) {
    Map<String, Object> env = PeerSupport.baseEnv();
    Blas blas = Nd4j.factory().blas();
    env.put("dl4j.version", dl4jVersion());
    env.put("nd4j.backend", Nd4j.getBackend().getClass().getName());
    env.put("nd4j.max_threads", Nd4j.getEnvironment().maxThreads());
    env.put("nd4j.max_master_threads", Nd4j.getEnvironment().maxMasterThreads());
    env.put("blas.vendor", String.valueOf(blas.getBlasVendor()));
    env.put("blas.max_threads", blas.getMaxThreads());
    Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
    for (String key : new String[] {"backend", "blas.vendor", "omp.threads", "cores", "blas.threads"}) {
      if (info.containsKey(key)) {
        env.put("nd4j.info." + key, String.valueOf(info.get(key)));
      }
    }
    env.put("layout", "c-order (row-major); images NCHW");
    env.putAll(notes);
    return env;
  }
}
