package dev.landfall.serve;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How the server runs. {@link #defaults()} is what {@code landfall serve} uses without options.
 *
 * @param host the address to bind (127.0.0.1 by default; another one needs API keys or {@code insecure})
 * @param port the HTTP port (0: any free one)
 * @param grpcPort the gRPC port of the Open Inference Protocol (0: any free one; -1: no gRPC, the default of
 *                 the library; {@code landfall serve} listens on 8081)
 * @param maxBatch the most rows one forward pass takes (1: no batching)
 * @param maxDelayMicros how long the first request of a batch waits for others
 * @param maxQueue the most requests waiting per model version before 503
 * @param drainSeconds how long a stop waits for accepted requests to finish
 * @param apiKeys bearer tokens that may call the API (empty: no authentication)
 * @param insecure bind beyond loopback without API keys
 * @param tlsCert PEM certificate chain for HTTPS, or null
 * @param tlsKey PEM (PKCS#8) private key for HTTPS, or null
 * @param maxBodyBytes the largest request body; a larger one gets 413 before it is read
 * @param pollMillis how often the repository is checked for new, changed or removed versions
 * @param threads worker threads of each protocol (HTTP, gRPC): a request holds its thread while it waits
 *                for its batch, so batches can only grow as large as the requests these threads hold
 *                (default 128: twice the default {@code maxBatch})
 * @param trustedKeys Ed25519 public keys by file: when not empty, only model files signed by one of them
 *                    load ({@code landfall serve --trusted-keys DIR}); an unsigned or untrusted version fails
 *                    to load and an older one keeps serving
 */
public record ServeOptions(String host, int port, int grpcPort, int maxBatch, long maxDelayMicros, int maxQueue, int drainSeconds,
                           Set<String> apiKeys, boolean insecure, Path tlsCert, Path tlsKey, long maxBodyBytes,
                           long pollMillis, int threads, Map<Path, PublicKey> trustedKeys) {
    public ServeOptions {
        apiKeys = Set.copyOf(apiKeys);
        trustedKeys = Collections.unmodifiableMap(new LinkedHashMap<>(trustedKeys));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: expected 0 to 65535, got " + port);
        }
        if (grpcPort < -1 || grpcPort > 65535) {
            throw new IllegalArgumentException("grpc port: expected 0 to 65535, or -1 for none, got " + grpcPort);
        }
        if (maxBatch < 1 || maxQueue < 1 || maxDelayMicros < 0 || drainSeconds < 0 || maxBodyBytes < 1 || threads < 1) {
            throw new IllegalArgumentException("max-batch, max-queue, threads and max-body must be positive and "
                    + "max-delay-us, drain-seconds not negative");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("give both --tls-cert and --tls-key, or neither");
        }
    }

    public static ServeOptions defaults() {
        return new ServeOptions("127.0.0.1", 8080, -1, 64, 500, 1024, 30, Set.of(), false, null, null, 16L << 20, 1000,
                Math.max(128, 4 * Runtime.getRuntime().availableProcessors()), Map.of());
    }

    public ServeOptions host(String h) {
        return new ServeOptions(h, port, grpcPort, maxBatch, maxDelayMicros, maxQueue, drainSeconds, apiKeys, insecure, tlsCert,
                tlsKey, maxBodyBytes, pollMillis, threads, trustedKeys);
    }

    public ServeOptions port(int p) {
        return new ServeOptions(host, p, grpcPort, maxBatch, maxDelayMicros, maxQueue, drainSeconds, apiKeys, insecure, tlsCert,
                tlsKey, maxBodyBytes, pollMillis, threads, trustedKeys);
    }

    public ServeOptions grpcPort(int p) {
        return new ServeOptions(host, port, p, maxBatch, maxDelayMicros, maxQueue, drainSeconds, apiKeys, insecure,
                tlsCert, tlsKey, maxBodyBytes, pollMillis, threads, trustedKeys);
    }

    public ServeOptions batching(int batch, long delayMicros, int queue) {
        return new ServeOptions(host, port, grpcPort, batch, delayMicros, queue, drainSeconds, apiKeys, insecure, tlsCert, tlsKey,
                maxBodyBytes, pollMillis, threads, trustedKeys);
    }

    public ServeOptions drainSeconds(int s) {
        return new ServeOptions(host, port, grpcPort, maxBatch, maxDelayMicros, maxQueue, s, apiKeys, insecure, tlsCert, tlsKey,
                maxBodyBytes, pollMillis, threads, trustedKeys);
    }

    public ServeOptions apiKeys(Set<String> keys) {
        return new ServeOptions(host, port, grpcPort, maxBatch, maxDelayMicros, maxQueue, drainSeconds, keys, insecure, tlsCert,
                tlsKey, maxBodyBytes, pollMillis, threads, trustedKeys);
    }

    public ServeOptions insecure(boolean i) {
        return new ServeOptions(host, port, grpcPort, maxBatch, maxDelayMicros, maxQueue, drainSeconds, apiKeys, i, tlsCert,
                tlsKey, maxBodyBytes, pollMillis, threads, trustedKeys);
    }

    public ServeOptions tls(Path cert, Path key) {
        return new ServeOptions(host, port, grpcPort, maxBatch, maxDelayMicros, maxQueue, drainSeconds, apiKeys, insecure, cert, key,
                maxBodyBytes, pollMillis, threads, trustedKeys);
    }

    public ServeOptions maxBodyBytes(long b) {
        return new ServeOptions(host, port, grpcPort, maxBatch, maxDelayMicros, maxQueue, drainSeconds, apiKeys, insecure, tlsCert,
                tlsKey, b, pollMillis, threads, trustedKeys);
    }

    public ServeOptions threads(int t) {
        return new ServeOptions(host, port, grpcPort, maxBatch, maxDelayMicros, maxQueue, drainSeconds, apiKeys, insecure,
                tlsCert, tlsKey, maxBodyBytes, pollMillis, t, trustedKeys);
    }

    /** Only model files signed by one of these keys load (empty: any file loads). */
    public ServeOptions trustedKeys(Map<Path, PublicKey> keys) {
        return new ServeOptions(host, port, grpcPort, maxBatch, maxDelayMicros, maxQueue, drainSeconds, apiKeys, insecure,
                tlsCert, tlsKey, maxBodyBytes, pollMillis, threads, keys);
    }

    public ServeOptions pollMillis(long ms) {
        return new ServeOptions(host, port, grpcPort, maxBatch, maxDelayMicros, maxQueue, drainSeconds, apiKeys, insecure, tlsCert,
                tlsKey, maxBodyBytes, ms, threads, trustedKeys);
    }
}
