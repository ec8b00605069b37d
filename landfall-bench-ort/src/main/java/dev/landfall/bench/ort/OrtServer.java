package dev.landfall.bench.ort;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;

/**
 * The baseline of {@code landfall bench --serve}: what a Java team would write today to serve an ONNX
 * model — one ONNX Runtime session behind the JDK's {@code HttpServer}, Jackson for the KServe V2 JSON,
 * no batching. {@code --model w2|cnn [--weights FILE] [--seed S] --port P [--workers N] [--intra-op N]}.
 * Prints {@code LISTENING PORT} once it answers. W2 takes the weights file every peer reads (the same
 * network Landfall serves); the CNN (Conv 32 3×3 ReLU, MaxPool 2, Conv 64 3×3 ReLU, MaxPool 2, Dense
 * 128 ReLU, Dense 10) gets seeded random weights — the same shapes and work as Landfall's, not the same
 * numbers. A one-channel NHWC image is the same bytes as NCHW, so both take {@code [n, 28, 28, 1]}.
 */
public final class OrtServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OrtServer() {
  }

  public static void main(String[] argv) throws Exception {
    String model = "w2";
    Path weights = null;
    long seed = 42;
    int port = 0;
    int workers = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    int intraOp = 1;
    for (int i = 0; i + 1 < argv.length; i += 2) {
      String v = argv[i + 1];
      switch (argv[i]) {
        case "--model" -> model = v;
        case "--weights" -> weights = Path.of(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--port" -> port = Integer.parseInt(v);
        case "--workers" -> workers = Integer.parseInt(v);
        case "--intra-op" -> intraOp = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + argv[i]);
      }
    }
    Path onnx = switch (model) {
      case "w2" -> OrtMain.writeModel(PeerSupport.w2Weights(seed, weights));
      case "cnn" -> writeCnn(seed);
      default -> throw new IllegalArgumentException("--model: w2 or cnn, not " + model);
    };
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
    opts.setIntraOpNumThreads(intraOp);
    opts.setInterOpNumThreads(1);
    opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    OrtSession session = env.createSession(onnx.toString(), opts);
    String input = session.getInputNames().iterator().next();
    String output = session.getOutputNames().iterator().next();
    boolean image = model.equals("cnn");
    String name = model;

    // the same TCP_NODELAY setting Landfall's server uses; without it small answers wait ~40 ms
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    http.setExecutor(Executors.newFixedThreadPool(workers));
    http.createContext("/v2/health/ready", ex -> answer(ex, 200, "{}".getBytes()));
    http.createContext("/v2/models/", ex -> {
      try {
        JsonNode req;
        try (InputStream in = ex.getRequestBody()) {
          req = JSON.readTree(in);
        }
        JsonNode in = req.get("inputs").get(0);
        JsonNode shapeNode = in.get("shape");
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shapeNode.get(i).asLong();
          count *= shape[i];
        }
        FloatBuffer x = FloatBuffer.allocate((int) count);
        flatten(in.get("data"), x);
        if (x.position() != count) {
          answer(ex, 400, ("{\"error\": \"shape needs " + count + " values, got " + x.position() + "\"}").getBytes());
          return;
        }
        x.flip();
        long[] onnxShape = image ? new long[] {shape[0], 1, shape[1], shape[2]} : shape;
        ObjectNode resp = JSON.createObjectNode().put("model_name", name);
        try (OnnxTensor t = OnnxTensor.createTensor(env, x, onnxShape);
             OrtSession.Result r = session.run(Map.of(input, t))) {
          OnnxTensor y = (OnnxTensor) r.get(0);
          long[] yShape = y.getInfo().getShape();
          FloatBuffer yb = y.getFloatBuffer();
          ObjectNode o = resp.putArray("outputs").addObject().put("name", output).put("datatype", "FP32");
          ArrayNode s = o.putArray("shape");
          for (long d : yShape) {
            s.add(d);
          }
          ArrayNode data = o.putArray("data");
          while (yb.hasRemaining()) {
            data.add(yb.get());
          }
        }
        answer(ex, 200, JSON.writeValueAsBytes(resp));
      } catch (Exception e) {
        answer(ex, 400, JSON.writeValueAsBytes(JSON.createObjectNode().put("error", String.valueOf(e.getMessage()))));
      }
    });
    http.start();
    System.out.println("LISTENING " + http.getAddress().getPort());
    System.out.flush();
    Thread.currentThread().join();
  }

  private static void flatten(JsonNode n, FloatBuffer out) {
    if (n.isArray()) {
      for (JsonNode e : n) {
        flatten(e, out);
      }
    } else {
      out.put(n.floatValue());
    }
  }

  private static void answer(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(body);
    }
  }

  // ---------------------------------------------------------------- the CNN as ONNX

  /** Conv 32 3×3 ReLU, MaxPool 2, Conv 64 3×3 ReLU, MaxPool 2, Flatten, Gemm 128 ReLU, Gemm 10; NCHW. */
  static Path writeCnn(long seed) throws Exception {
    SplittableRandom rng = new SplittableRandom(seed + 7);
    OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("fashion_cnn");
    g.addInitializer(tensor("c1.w", rng, 32, 1, 3, 3)).addInitializer(tensor("c1.b", rng, 32))
        .addInitializer(tensor("c2.w", rng, 64, 32, 3, 3)).addInitializer(tensor("c2.b", rng, 64))
        .addInitializer(tensor("d1.w", rng, 1600, 128)).addInitializer(tensor("d1.b", rng, 128))
        .addInitializer(tensor("d2.w", rng, 128, 10)).addInitializer(tensor("d2.b", rng, 10));
    g.addNode(node("Conv", "c1", "input", "c1.w", "c1.b")).addNode(node("Relu", "r1", "c1"))
        .addNode(pool("p1", "r1"))
        .addNode(node("Conv", "c2", "p1", "c2.w", "c2.b")).addNode(node("Relu", "r2", "c2"))
        .addNode(pool("p2", "r2"))
        .addNode(node("Flatten", "f", "p2"))
        .addNode(node("Gemm", "d1", "f", "d1.w", "d1.b")).addNode(node("Relu", "r3", "d1"))
        .addNode(node("Gemm", "logits", "r3", "d2.w", "d2.b"));
    g.addInput(valueInfo("input", -1, 1, 28, 28)).addOutput(valueInfo("logits", -1, 10));
    OnnxMl.ModelProto m = OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("landfall-bench-ort")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).setGraph(g).build();
    return OrtMain.writeOnnx("fashion-cnn", m);
  }

  private static OnnxMl.NodeProto node(String op, String out, String... in) {
    OnnxMl.NodeProto.Builder b = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out);
    for (String i : in) {
      b.addInput(i);
    }
    return b.build();
  }

  private static OnnxMl.NodeProto pool(String out, String in) {
    OnnxMl.NodeProto.Builder b = node("MaxPool", out, in).toBuilder();
    b.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("kernel_shape")
        .setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(2).addInts(2));
    b.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("strides")
        .setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(2).addInts(2));
    return b.build();
  }

  /** Glorot-uniform-like values, limit √(6 / (fan in + fan out)). */
  private static OnnxMl.TensorProto tensor(String name, SplittableRandom rng, int... dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    double limit = dims.length == 1 ? 0 : Math.sqrt(6.0 / (dims[0] + (double) n / dims[0]));
    ByteBuffer raw = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      raw.putFloat((float) ((rng.nextDouble() * 2 - 1) * limit));
    }
    OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
        .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(raw.array()));
    for (int d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  private static OnnxMl.ValueInfoProto valueInfo(String name, int... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (int d : dims) {
      shape.addDim(d < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
          : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
            .setShape(shape))).build();
  }
}
