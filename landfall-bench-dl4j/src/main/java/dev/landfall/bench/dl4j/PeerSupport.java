package dev.landfall.bench.dl4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The child protocol and the synthetic workloads shared by every peer (docs/benchmarks.md). Each peer module
 * carries an identical copy in its own package: peers share no classpath with Landfall or with each other.
 */
final class PeerSupport {

  static final String[] WORKLOADS = {"W1", "W2", "W3", "W4", "W5-1024", "W5-128x512x784"};
  /** Shapes of the W2 network's tensors, in the weights file's order: W1, b1, W2, b2, W3, b3. */
  static final int[][] W2_SHAPES = {{784, 512}, {512}, {512, 256}, {256}, {256, 10}, {10}};

  private PeerSupport() {}

  /** {@code --workload ID[,ID…] --threads N --seed S [--weights FILE]}: one JVM may run several workloads. */
  record Args(String workload, int threads, long seed, Path weights) {
    /** The workloads asked for, in order. */
    java.util.List<String> workloads() {
      return java.util.List.of(workload.split(","));
    }

    /** The same settings for one workload. */
    Args with(String oneWorkload) {
      return new Args(oneWorkload, threads, seed, weights);
    }

    static Args parse(String[] argv) {
      String workload = null;
      Integer threads = null;
      long seed = 42;
      Path weights = null;
      for (int i = 0; i < argv.length; i++) {
        String a = argv[i];
        if (i + 1 >= argv.length) {
          throw new IllegalArgumentException("missing value after " + a);
        }
        String v = argv[++i];
        switch (a) {
          case "--workload" -> workload = v;
          case "--threads" -> threads = Integer.parseInt(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--weights" -> weights = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (workload == null || threads == null) {
        throw new IllegalArgumentException(
            "usage: --workload ID --threads N --seed S [--weights FILE]; ID one of "
                + String.join(", ", WORKLOADS));
      }
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
      }
      return new Args(workload, threads, seed, weights);
    }
  }

  // ---------------------------------------------------------------- synthetic data (identical in every peer)

  /** A training set: row-major features (n × d) and integer labels. */
  record Data(int n, int d, float[] x, int[] y) {}

  /** W1: 50,000 × 30, standard normal; label 1 when x0 + x1 + x2 > 0. */
  static Data w1Data(long seed) {
    int n = 50_000;
    int d = 30;
    float[] x = normal(new SplittableRandom(seed), n * d);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = x[i * d] + x[i * d + 1] + x[i * d + 2] > 0 ? 1 : 0;
    }
    return new Data(n, d, x, y);
  }

  /** W2: 60,000 × 784, standard normal; label = argmax of the first 10 features. */
  static Data w2Data(long seed) {
    int n = 60_000;
    int d = 784;
    float[] x = normal(new SplittableRandom(seed), n * d);
    return new Data(n, d, x, argmaxFirst10(x, n, d));
  }

  /**
   * W3: 10,000 images 28 × 28 × 1, standard normal, stored row-major per image (with one channel, NHWC and
   * NCHW are the same bytes); label = argmax of the first 10 pixels of the top row.
   */
  static Data w3Data(long seed) {
    int n = 10_000;
    int d = 28 * 28;
    float[] x = normal(new SplittableRandom(seed), n * d);
    return new Data(n, d, x, argmaxFirst10(x, n, d));
  }

  /** Inputs for W4: {@code count} rows of 784, standard normal, from seed + 2. */
  static float[] w4Inputs(long seed, int count) {
    return normal(new SplittableRandom(seed + 2), count * 784);
  }

  /** GEMM operands for W5: standard normal, A from seed, B from seed + 1. */
  static float[] gemmOperand(long seed, int size) {
    return normal(new SplittableRandom(seed), size);
  }

  /**
   * The W2 network's weights: from {@code file} (raw little-endian float32, W1 784×512 row-major input-major,
   * b1, W2 512×256, b2, W3 256×10, b3) when given, else Glorot-uniform kernels from seed + 1 and zero biases.
   */
  static float[][] w2Weights(long seed, Path file) throws IOException {
    float[][] out = new float[W2_SHAPES.length][];
    if (file != null) {
      ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      long expected = 0;
      for (int[] s : W2_SHAPES) {
        expected += 4L * Arrays.stream(s).asLongStream().reduce(1, (p, q) -> p * q);
      }
      if (buf.remaining() != expected) {
        throw new IOException(file + ": " + buf.remaining() + " bytes, expected " + expected
            + " (float32 W1 784x512, b1, W2 512x256, b2, W3 256x10, b3)");
      }
      for (int t = 0; t < out.length; t++) {
        int len = Arrays.stream(W2_SHAPES[t]).reduce(1, (p, q) -> p * q);
        out[t] = new float[len];
        buf.asFloatBuffer().get(out[t]);
        buf.position(buf.position() + 4 * len);
      }
      return out;
    }
    SplittableRandom rng = new SplittableRandom(seed + 1);
    for (int t = 0; t < out.length; t++) {
      int[] s = W2_SHAPES[t];
      if (s.length == 2) {
        float limit = (float) Math.sqrt(6.0 / (s[0] + s[1]));
        out[t] = uniform(rng, s[0] * s[1], -limit, limit);
      } else {
        out[t] = new float[s[0]];
      }
    }
    return out;
  }

  static float[] uniform(SplittableRandom rng, int count, float lo, float hi) {
    float[] a = new float[count];
    float span = hi - lo;
    for (int i = 0; i < count; i++) {
      a[i] = lo + span * (float) rng.nextDouble();
    }
    return a;
  }

  /** Standard normal values: {@code SplittableRandom.nextGaussian()} (Java 17's RandomGenerator), in order. */
  static float[] normal(SplittableRandom rng, int count) {
    float[] a = new float[count];
    for (int i = 0; i < count; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    return a;
  }

  private static int[] argmaxFirst10(float[] x, int n, int d) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int j = 1; j < 10; j++) {
        if (x[i * d + j] > x[i * d + best]) {
          best = j;
        }
      }
      y[i] = best;
    }
    return y;
  }

  // ---------------------------------------------------------------- timing helpers

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  static double percentile(double[] values, double p) {
    double[] s = values.clone();
    Arrays.sort(s);
    int i = (int) Math.min(s.length - 1, Math.max(0, Math.round(p / 100.0 * (s.length - 1))));
    return s[i];
  }

  /** The version in a jar's {@code META-INF/maven/G/A/pom.properties}, or "unknown". */
  static String mavenVersion(String group, String artifact) {
    String res = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (var in = PeerSupport.class.getResourceAsStream(res)) {
      if (in != null) {
        var props = new java.util.Properties();
        props.load(in);
        return props.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown";
  }

  static void log(String msg) {
    System.err.println("[peer] " + msg);
  }

  // ---------------------------------------------------------------- RESULT lines

  /** The environment every peer reports: JVM, OS, and the thread variables the driver sets. */
  static Map<String, Object> baseEnv() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("java.version", System.getProperty("java.version"));
    env.put("java.vm.name", System.getProperty("java.vm.name"));
    env.put("os.arch", System.getProperty("os.arch"));
    env.put("os.name", System.getProperty("os.name"));
    env.put("available_processors", Runtime.getRuntime().availableProcessors());
    for (String v : new String[] {"OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"}) {
      env.put(v, System.getenv(v));
    }
    return env;
  }

  /** Prints {@code RESULT {json}} on stdout: the driver reads every line that starts with RESULT. */
  static void result(String framework, String workload, String metric, double value, int threads,
      String version, Map<String, Object> env, Map<String, Object> extra) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("framework", framework);
    r.put("workload", workload);
    r.put("metric", metric);
    r.put("value", value);
    r.put("threads", threads);
    r.put("version", version);
    if (extra != null) {
      r.putAll(extra);
    }
    r.put("env", env);
    System.out.flush();
    System.err.flush();
    System.out.println("RESULT " + json(r));
    System.out.flush();
  }

  static String json(Object o) {
    StringBuilder sb = new StringBuilder();
    writeJson(sb, o);
    return sb.toString();
  }

  private static void writeJson(StringBuilder sb, Object o) {
    if (o == null) {
      sb.append("null");
    } else if (o instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        writeString(sb, String.valueOf(e.getKey()));
        sb.append(": ");
        writeJson(sb, e.getValue());
      }
      sb.append('}');
    } else if (o instanceof Iterable<?> it) {
      sb.append('[');
      boolean first = true;
      for (Object v : it) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        writeJson(sb, v);
      }
      sb.append(']');
    } else if (o instanceof double[] a) {
      sb.append('[');
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ", ");
        writeJson(sb, a[i]);
      }
      sb.append(']');
    } else if (o instanceof Double || o instanceof Float) {
      double d = ((Number) o).doubleValue();
      if (Double.isFinite(d)) {
        sb.append(d);
      } else {
        sb.append("null");
      }
    } else if (o instanceof Number || o instanceof Boolean) {
      sb.append(o);
    } else {
      writeString(sb, o.toString());
    }
  }

  private static void writeString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
