package dev.landfall.bench.serve;

import com.google.protobuf.ByteString;
import dev.landfall.serve.grpc.v2.ModelInferRequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * gRPC load from {@code h2load} (Debian's {@code nghttp2-client}), a C client like wrk: the same
 * ModelInfer message (one row as {@code raw_input_contents}) framed as gRPC and POSTed on
 * {@code connections × streams} concurrent HTTP/2 streams. Latencies come from its per-request log;
 * a call counts as failed unless its HTTP status is 200 (a gRPC error inside a 200 is checked for
 * once, before the run, by {@link ServeBench}).
 */
final class H2load {
    private H2load() {
    }

    static Path executable() {
        return LoadTool.find("h2load", "nghttp2-client");
    }

    /** The ModelInfer request for one row, in gRPC's length-prefixed framing. */
    static byte[] frame(String model, String input, float[] row, long[] shape) {
        ByteBuffer raw = ByteBuffer.allocate(row.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : row) {
            raw.putFloat(f);
        }
        ModelInferRequest.InferInputTensor.Builder in = ModelInferRequest.InferInputTensor.newBuilder().setName(input)
                .setDatatype("FP32");
        for (long d : shape) {
            in.addShape(d);
        }
        byte[] msg = ModelInferRequest.newBuilder().setModelName(model).addInputs(in)
                .addRawInputContents(ByteString.copyFrom(raw.array())).build().toByteArray();
        return ByteBuffer.allocate(5 + msg.length).put((byte) 0).putInt(msg.length).put(msg).array();
    }

    static Wrk.Run run(Path body, Path log, int port, int connections, int streams, int seconds, int warmup)
            throws IOException, InterruptedException {
        Files.deleteIfExists(log);
        LoadTool.Output out = LoadTool.run("h2load", "nghttp2-client", List.of("-c", Integer.toString(connections),
                "-m", Integer.toString(streams), "-t", "1", "-D", Integer.toString(seconds), "--warm-up-time=" + warmup,
                "-H", "content-type: application/grpc", "-H", "te: trailers", "-d", body.toString(), "--log-file=" + log,
                "http://127.0.0.1:" + port + "/inference.GRPCInferenceService/ModelInfer"));
        double cpu = out.cpuSeconds();
        // the log: start (µs since the run began), HTTP status, latency (µs); one line per request
        List<String> lines = Files.readAllLines(log);
        long[] latencies = new long[lines.size()];
        long failed = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        int n = 0;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3) {
                continue;
            }
            long start = Long.parseLong(f[0]);
            long latency = Long.parseLong(f[2]);
            if (!f[1].equals("200")) {
                failed++;
            }
            latencies[n++] = latency;
            first = Math.min(first, start);
            last = Math.max(last, start + latency);
        }
        if (n == 0) {
            throw new IOException("h2load logged no request: " + out.text().strip());
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        double elapsed = (last - first) / 1e6;
        return new Wrk.Run(n, elapsed, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), mean, failed, 0, 0,
                cpu * elapsed / (seconds + warmup));
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))];
    }
}
