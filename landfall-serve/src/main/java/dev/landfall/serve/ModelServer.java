package dev.landfall.serve;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The Landfall model server: a model repository behind the REST API ({@link HttpApi}) and, when
 * {@link ServeOptions#grpcPort()} is set, the Open Inference Protocol over gRPC ({@link GrpcApi}). Bound to
 * 127.0.0.1 by default; bound elsewhere it refuses to start without API keys unless told
 * {@code insecure}. {@link #stop()} drains: no new requests, those accepted are answered within
 * {@code drainSeconds}.
 *
 * <pre>{@code
 * try (ModelServer s = ModelServer.start(Path.of("models"), ServeOptions.defaults().port(0))) {
 *     URI base = s.uri();   // http://127.0.0.1:41234/
 * }
 * }</pre>
 */
public final class ModelServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("dev.landfall.serve");

    private final ServeOptions options;
    private final ModelRepository repository;
    private final Metrics metrics;
    private final HttpApi api;
    private final HttpServer http;
    private final ExecutorService workers;
    private final GrpcApi grpcApi;
    private final Server grpc;
    private final ExecutorService grpcWorkers;
    private volatile boolean stopped;

    private ModelServer(Path models, ServeOptions options) throws IOException {
        checkBinding(options);
        // without TCP_NODELAY the JDK server's small responses wait ~40 ms for Nagle (DESIGN.md §9)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.options = options;
        this.metrics = new Metrics();
        this.repository = new ModelRepository(models, options, metrics);
        this.api = new HttpApi(repository, options, metrics);
        InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(options.host()), options.port());
        if (options.tlsCert() != null) {
            HttpsServer s = HttpsServer.create(at, 256);
            s.setHttpsConfigurator(new HttpsConfigurator(sslContext(options.tlsCert(), options.tlsKey())));
            this.http = s;
        } else {
            this.http = HttpServer.create(at, 256);
        }
        this.workers = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "landfall-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(workers);
        http.createContext("/", api);
        if (options.grpcPort() >= 0) {
            this.grpcApi = new GrpcApi(repository, metrics);
            this.grpcWorkers = Executors.newFixedThreadPool(options.threads(), r -> {
                Thread t = new Thread(r, "landfall-grpc");
                t.setDaemon(true);
                return t;
            });
            this.grpc = grpcServer(new InetSocketAddress(at.getAddress(), options.grpcPort()), grpcApi, grpcWorkers);
        } else {
            this.grpcApi = null;
            this.grpcWorkers = null;
            this.grpc = null;
        }
        http.start();
        LOG.info("serving " + repository.names() + " at " + uri() + (grpc == null ? "" : " and gRPC port " + grpcPort()));
    }

    /**
     * Starts a server on a model file or a repository folder.
     *
     * @throws IllegalArgumentException for a bad path or options (an open address without API keys)
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static ModelServer start(Path models, ServeOptions options) {
        try {
            return new ModelServer(models, options);
        } catch (IOException e) {
            throw new UncheckedIOException(options.host() + ":" + options.port() + ": cannot listen: " + e.getMessage(), e);
        }
    }

    private Server grpcServer(InetSocketAddress at, GrpcApi service, ExecutorService executor) throws IOException {
        ServerCredentials credentials = InsecureServerCredentials.create();
        if (options.tlsCert() != null) {
            credentials = TlsServerCredentials.create(options.tlsCert().toFile(), options.tlsKey().toFile());
        }
        Server s = NettyServerBuilder.forAddress(at, credentials)
                .addService(ServerInterceptors.intercept(service, GrpcApi.auth(options.apiKeys())))
                .addService(ProtoReflectionServiceV1.newInstance()) // the public protocol's schema: no key needed
                .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, options.maxBodyBytes()))
                .executor(executor)
                .build();
        try {
            return s.start();
        } catch (IOException e) {
            http.stop(0);
            executor.shutdown();
            workers.shutdown();
            repository.close();
            throw new IOException("gRPC port " + at.getPort() + ": " + e.getMessage(), e);
        }
    }

    private static void checkBinding(ServeOptions o) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(o.host()).isLoopbackAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("--host " + o.host() + ": unknown address");
        }
        if (!loopback && o.apiKeys().isEmpty() && !o.insecure()) {
            throw new IllegalArgumentException("--host " + o.host() + " is reachable from other machines; give "
                    + "--api-keys FILE (bearer tokens), or --insecure to serve without authentication");
        }
    }

    /** The base URI, with the bound port ({@code http://127.0.0.1:8080/}). */
    public URI uri() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create((options.tlsCert() != null ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]"
                : host) + ":" + a.getPort() + "/");
    }

    /** The port bound (useful with port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The gRPC port bound, or -1 when the server has no gRPC endpoint. */
    public int grpcPort() {
        return grpc == null ? -1 : grpc.getPort();
    }

    /** Requests answered so far, their response written in full (for drain checks). */
    public long answered() {
        return api.answered();
    }

    public ModelRepository repository() {
        return repository;
    }

    /** Checks the repository now (the poller does it every {@code pollMillis}). */
    public void rescan() {
        repository.scan(false);
    }

    /**
     * Drains and stops: new connections and inference requests are refused at once; requests accepted
     * are answered, for at most {@code drainSeconds}; then the models are unloaded.
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        api.drain();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.drainSeconds());
        if (grpc != null) {
            // gRPC's own drain: no new calls, those started finish (or are cut at the deadline)
            grpcApi.drain();
            grpc.shutdown();
        }
        // the requests taken up before the drain finish; then a short spell lets the answers (which carry
        // "Connection: close") reach their clients, which then send nothing more on those connections
        while (api.inFlightBeforeDrain() > 0 && System.nanoTime() < until) {
            pause(5);
        }
        if (grpc != null) {
            try {
                grpc.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            grpc.shutdownNow();
            grpcWorkers.shutdown();
        }
        pause(100);
        http.stop(0);
        workers.shutdown();
        repository.close();
        LOG.info("stopped");
    }

    @Override
    public void close() {
        stop();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An SSL context from a PEM certificate chain and a PEM PKCS#8 private key (RSA or EC). */
    static SSLContext sslContext(Path certFile, Path keyFile) {
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile)));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(certFile + ": no certificate in the PEM file");
            }
            String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
            if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalArgumentException(keyFile + ": expected a PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----); "
                        + "convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
            }
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            PrivateKey key = null;
            for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
                try {
                    key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                    break;
                } catch (GeneralSecurityException ignored) {
                    // try the next algorithm
                }
            }
            if (key == null) {
                throw new IllegalArgumentException(keyFile + ": not an RSA, EC or Ed25519 private key");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pass = "landfall".toCharArray();
            ks.setKeyEntry("server", key, pass, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate and key: " + e.getMessage(), e);
        }
    }
}
