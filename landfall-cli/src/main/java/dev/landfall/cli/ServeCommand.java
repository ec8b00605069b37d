package dev.landfall.cli;

import dev.landfall.serve.ModelServer;
import dev.landfall.serve.ServeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code landfall serve MODEL_OR_REPOSITORY}: the model server, until stopped; SIGTERM (or Ctrl-C)
 * drains it and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a model file or a repository DIR/{name}/{version}/model.landfall over the Open Inference "
                + "Protocol (KServe V2) and TF-Serving REST, with dynamic batching and hot reload.")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "MODEL_OR_REPOSITORY", description = "A .landfall file, or a folder of {name}/{version}/"
            + "model.landfall.")
    Path models;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: 127.0.0.1). "
            + "Another one needs --api-keys or --insecure.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: 8080; 0: any free port).")
    int port;

    @Option(names = "--grpc-port", defaultValue = "8081", description = "gRPC port of the Open Inference Protocol "
            + "(default: 8081; 0: any free port; -1: no gRPC).")
    int grpcPort;

    @Option(names = "--max-batch", defaultValue = "64", description = "Rows merged into one forward pass (default: 64).")
    int maxBatch;

    @Option(names = "--max-delay-us", defaultValue = "500", description = "How long a batch waits for more requests, "
            + "in microseconds (default: 500).")
    long maxDelayUs;

    @Option(names = "--max-queue", defaultValue = "1024", description = "Requests waiting per model version before "
            + "503 (default: 1024).")
    int maxQueue;

    @Option(names = "--drain-seconds", defaultValue = "30", description = "How long a stop waits for accepted "
            + "requests (default: 30).")
    int drainSeconds;

    @Option(names = "--api-keys", paramLabel = "FILE", description = "Bearer tokens, one per line (# comments).")
    Path apiKeys;

    @Option(names = "--insecure", description = "Serve beyond loopback without API keys.")
    boolean insecure;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate chain for HTTPS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "PKCS#8 private key for HTTPS.")
    Path tlsKey;

    @Option(names = "--threads", description = "Worker threads per protocol; a request holds one while it waits for "
            + "its batch (default: 128, or 4 per core when that is more).")
    Integer threads;

    @Option(names = "--max-body", defaultValue = "16777216", description = "Largest request body in bytes "
            + "(default: 16 MiB); larger ones get 413.")
    long maxBody;

    @Option(names = "--trusted-keys", paramLabel = "DIR", description = "Load only model files signed (landfall sign) "
            + "by one of the Ed25519 public keys (*.pem) in DIR; others fail to load.")
    Path trustedKeys;

    @Override
    public Integer call() throws Exception {
        ServeOptions o = ServeOptions.defaults().host(host).port(port).grpcPort(grpcPort).batching(maxBatch, maxDelayUs, maxQueue)
                .drainSeconds(drainSeconds).apiKeys(keys()).insecure(insecure).maxBodyBytes(maxBody);
        if (threads != null) {
            o = o.threads(threads);
        }
        if (tlsCert != null || tlsKey != null) {
            o = o.tls(tlsCert, tlsKey);
        }
        if (trustedKeys != null) {
            o = o.trustedKeys(dev.landfall.nn.io.ModelSignatures.trustedKeys(trustedKeys));
        }
        ModelServer server = ModelServer.start(models, o);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            main.out.println("Draining (up to " + drainSeconds + " s) …");
            server.stop();
            main.out.println("Stopped");
            main.out.flush();
            stopped.countDown();
            Runtime.getRuntime().halt(0); // a drained stop is a clean exit, not 143
        }, "landfall-drain"));
        String base = server.uri().toString();
        main.out.println("Serving " + String.join(", ", server.repository().names()) + " at " + base);
        main.out.println("  Open Inference Protocol (KServe V2): " + base + "v2/models/{name}/infer");
        if (server.grpcPort() >= 0) {
            main.out.println("  Open Inference Protocol over gRPC:   " + server.uri().getHost() + ":" + server.grpcPort()
                    + " (inference.GRPCInferenceService)");
        }
        main.out.println("  TF-Serving REST:                     " + base + "v1/models/{name}:predict");
        main.out.println("  Try a model:                         " + base);
        main.out.println("  Metrics:                             " + base + "metrics");
        main.out.flush();
        stopped.await();
        return 0;
    }

    private Set<String> keys() throws IOException {
        if (apiKeys == null) {
            return Set.of();
        }
        if (!Files.isRegularFile(apiKeys)) {
            throw new CliException(apiKeys + ": no such API key file");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String line : Files.readAllLines(apiKeys)) {
            String k = line.strip();
            if (!k.isEmpty() && !k.startsWith("#")) {
                out.add(k);
            }
        }
        if (out.isEmpty()) {
            throw new CliException(apiKeys + ": holds no API key (one per line)");
        }
        return out;
    }
}
