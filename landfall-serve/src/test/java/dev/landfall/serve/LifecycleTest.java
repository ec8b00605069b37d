package dev.landfall.serve;

import dev.landfall.serve.client.LandfallClient;
import dev.landfall.serve.grpc.v2.GRPCInferenceServiceGrpc;
import dev.landfall.serve.grpc.v2.ModelReadyRequest;
import dev.landfall.serve.grpc.v2.ServerLiveRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Versions coming and going under traffic, draining, hostile requests and TLS. */
class LifecycleTest {
    @TempDir
    static Path dir;
    static Path quickstart;

    @BeforeAll
    static void train() throws IOException {
        quickstart = ServedModels.train(ServedModels.EXAMPLES.resolve("quickstart.yaml"), dir.resolve("q.landfall"));
    }

    static LandfallClient.Input zeros() {
        return LandfallClient.Input.fp32("input_layer", new float[30], 1, 30);
    }

    static void place(Path repo, int version, Path file) throws IOException {
        Path v = Files.createDirectories(repo.resolve("bc").resolve(Integer.toString(version)));
        // as a deployment would: a temporary name, then a rename into place
        Path tmp = v.resolve(".incoming");
        Files.copy(file, tmp);
        Files.move(tmp, v.resolve(ModelRepository.MODEL_FILE));
    }

    @Test
    void newVersionsAreServedAndABrokenOneIsReportedWhileTheOldOneServes() throws Exception {
        Path repo = dir.resolve("repo1");
        place(repo, 1, quickstart);
        try (ModelServer s = ModelServer.start(repo, ServeOptions.defaults().port(0).pollMillis(100))) {
            LandfallClient c = LandfallClient.of(s.uri());
            assertEquals("1", c.infer("bc", zeros()).modelVersion());
            place(repo, 2, quickstart);
            waitFor(() -> "2".equals(c.infer("bc", zeros()).modelVersion()));
            // a truncated file as version 3: reported, not ready; version 2 keeps serving
            Path v3 = Files.createDirectories(repo.resolve("bc/3"));
            byte[] all = Files.readAllBytes(quickstart);
            Files.write(v3.resolve(".part"), java.util.Arrays.copyOf(all, all.length / 3));
            Files.move(v3.resolve(".part"), v3.resolve(ModelRepository.MODEL_FILE));
            waitFor(() -> s.repository().versions("bc").size() == 3);
            assertEquals(ModelRepository.State.FAILED, s.repository().versions("bc").get(2).state());
            assertTrue(s.repository().versions("bc").get(2).error().contains("not a readable model file"));
            assertEquals("2", c.infer("bc", zeros()).modelVersion());
            var notReady = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    s.uri().resolve("v2/models/bc/versions/3/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, notReady.statusCode());
            String metrics = new String(HttpClient.newHttpClient().send(HttpRequest.newBuilder(s.uri().resolve("metrics"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
            assertTrue(metrics.contains("landfall_model_load_failures_total{model=\"bc\"} 1.0"), metrics);
        }
    }

    @Test
    void withTrustedKeysOnlySignedVersionsLoad() throws Exception {
        java.security.KeyPair alice = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path keys = Files.createDirectories(dir.resolve("trusted"));
        dev.landfall.nn.io.ModelSignatures.writePem(keys.resolve("alice.pub.pem"), alice.getPublic());
        Path signed = dir.resolve("signed.landfall");
        Files.copy(quickstart, signed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        dev.landfall.nn.io.ModelSignatures.sign(signed, alice.getPrivate());
        Path repo = dir.resolve("repo-signed");
        place(repo, 1, signed);
        place(repo, 2, quickstart); // the same model, unsigned: refused, version 1 keeps serving
        try (ModelServer s = ModelServer.start(repo, ServeOptions.defaults().port(0).pollMillis(100)
                .trustedKeys(dev.landfall.nn.io.ModelSignatures.trustedKeys(keys)))) {
            assertEquals("1", LandfallClient.of(s.uri()).infer("bc", zeros()).modelVersion());
            ModelRepository.Version v2 = s.repository().versions("bc").get(1);
            assertEquals(ModelRepository.State.FAILED, v2.state());
            assertEquals("model.landfall: not signed (sign it with landfall sign model.landfall --key KEY.pem)", v2.error());
        }
    }

    @Test
    void removingAVersionMidTrafficFailsNoRequest() throws Exception {
        Path repo = dir.resolve("repo2");
        place(repo, 1, quickstart);
        place(repo, 2, quickstart);
        try (ModelServer s = ModelServer.start(repo, ServeOptions.defaults().port(0).pollMillis(50))) {
            LandfallClient c = LandfallClient.of(s.uri());
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            ConcurrentHashMap<String, Integer> versions = new ConcurrentHashMap<>();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread th = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            versions.merge(c.infer("bc", zeros()).modelVersion(), 1, Integer::sum);
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                });
                ts.add(th);
                th.start();
            }
            Thread.sleep(400);
            deleteTree(repo.resolve("bc/2"));
            waitFor(() -> s.repository().versions("bc").size() == 1);
            Thread.sleep(400);
            stop.set(true);
            for (Thread th : ts) {
                th.join();
            }
            assertEquals(List.of(), failures);
            assertTrue(versions.getOrDefault("2", 0) > 0 && versions.getOrDefault("1", 0) > 0, versions.toString());
        }
    }

    /**
     * Stopping under load: every request the server took up is answered in full (200, or 503 once
     * stopping), and clients receive exactly as many answers as the server wrote; requests the server
     * never took up fail to connect, which a client can retry.
     */
    @Test
    void stoppingUnderLoadAnswersEveryAcceptedRequest() throws Exception {
        ModelServer s = ModelServer.start(quickstart, ServeOptions.defaults().port(0).drainSeconds(10));
        LandfallClient c = LandfallClient.of(s.uri());
        long before = s.answered();
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong ok = new java.util.concurrent.atomic.AtomicLong();
        List<String> bad = new CopyOnWriteArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        c.infer("q", zeros());
                        ok.incrementAndGet();
                        received.incrementAndGet();
                    } catch (LandfallClient.ClientException e) {
                        received.incrementAndGet();
                        if (e.status() != 503) {
                            bad.add(e.getMessage());
                        }
                    } catch (java.io.UncheckedIOException e) {
                        // never taken up by the server: refused, or closed before it was read
                    }
                }
            });
            ts.add(th);
            th.start();
        }
        Thread.sleep(500);
        Thread stopper = new Thread(s::stop); // as SIGTERM's shutdown hook does
        stopper.start();
        Thread.sleep(50); // the load goes on into the drain
        stop.set(true);
        for (Thread th : ts) {
            th.join();
        }
        stopper.join();
        assertTrue(ok.get() > 10, ok.get() + " answered");
        assertEquals(List.of(), bad);
        assertEquals(s.answered() - before, received.get(), "every answer the server wrote reached its client");
    }

    @Test
    void tenThousandMutatedRequestsThenTheServerStillAnswers() throws Exception {
        try (ModelServer s = ModelServer.start(quickstart, ServeOptions.defaults().port(0))) {
            HttpClient http = HttpClient.newHttpClient();
            String valid = "{\"id\": \"x\", \"inputs\": [{\"name\": \"input_layer\", \"datatype\": \"FP32\", \"shape\": [1, 30],"
                    + " \"data\": " + java.util.Arrays.toString(new float[30]) + ", \"parameters\": {}}], \"outputs\": "
                    + "[{\"name\": \"label\"}]}";
            String tf = "{\"instances\": [{\"feature_0\": 1.5, \"feature_1\": 2}]}";
            Random rnd = new Random(1);
            int[] statuses = new int[600];
            String alphabet = "{}[]\":,0123456789.-eE \\ntruefalsnul";
            for (int i = 0; i < 10_000; i++) {
                char[] b = (i % 3 == 0 ? tf : valid).toCharArray();
                int edits = 1 + rnd.nextInt(4);
                StringBuilder m = new StringBuilder(new String(b));
                for (int e = 0; e < edits && m.length() > 0; e++) {
                    int at = rnd.nextInt(m.length());
                    switch (rnd.nextInt(3)) {
                        case 0 -> m.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                        case 1 -> m.deleteCharAt(at);
                        default -> m.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    }
                }
                String path = i % 3 == 0 ? "v1/models/q:predict" : "v2/models/q/infer";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(s.uri().resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString(m.toString())).build(), HttpResponse.BodyHandlers.ofString());
                statuses[r.statusCode()]++;
                assertTrue(r.statusCode() == 200 || r.statusCode() == 400, r.statusCode() + " for " + m + ": " + r.body());
                assertTrue(r.body().startsWith("{") && !r.body().contains("\tat "), r.body());
            }
            assertTrue(statuses[400] > 5000, "most mutations are bad requests: " + statuses[400]);
            LandfallClient c = LandfallClient.of(s.uri());
            assertEquals(1, c.infer("q", zeros()).labels().size());
            assertTrue(c.ready());
        }
    }

    @Test
    void httpsWithAPemCertificateAndKey() throws Exception {
        Path ks = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        Certificate cert = store.getCertificate("server");
        Path certPem = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyPem = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY",
                store.getKey("server", "changeit".toCharArray()).getEncoded()));
        try (ModelServer s = ModelServer.start(quickstart, ServeOptions.defaults().port(0).grpcPort(0)
                .tls(certPem, keyPem))) {
            assertTrue(s.uri().toString().startsWith("https://"), s.uri().toString());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            LandfallClient c = LandfallClient.of(s.uri()).withHttpClient(HttpClient.newBuilder().sslContext(ctx).build());
            assertEquals(1, c.infer("q", zeros()).labels().size());
            // gRPC over TLS with the same files; plaintext is refused
            ManagedChannel tls = NettyChannelBuilder.forAddress("127.0.0.1", s.grpcPort(), TlsChannelCredentials.newBuilder()
                    .trustManager(certPem.toFile()).build()).build();
            ManagedChannel plain = NettyChannelBuilder.forAddress("127.0.0.1", s.grpcPort()).usePlaintext().build();
            try {
                assertTrue(GRPCInferenceServiceGrpc.newBlockingStub(tls).modelReady(ModelReadyRequest.newBuilder()
                        .setName("q").build()).getReady());
                var e = assertThrows(StatusRuntimeException.class, () -> GRPCInferenceServiceGrpc.newBlockingStub(plain)
                        .withDeadlineAfter(5, TimeUnit.SECONDS).serverLive(ServerLiveRequest.getDefaultInstance()));
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            } finally {
                tls.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                plain.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls a condition the repository's poller will make true (at most 10 s). */
    private static void waitFor(Check c) throws Exception {
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            try {
                if (c.ok()) {
                    return;
                }
            } catch (RuntimeException ignored) {
                // not yet
            }
            Thread.sleep(20);
        }
        assertTrue(c.ok(), "the condition did not hold within 10 s");
    }
}
