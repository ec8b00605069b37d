package dev.landfall.cli;

import dev.landfall.serve.client.LandfallClient;
import dev.landfall.serve.grpc.v2.GRPCInferenceServiceGrpc;
import dev.landfall.serve.grpc.v2.ModelReadyRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code landfall serve} as a process: it prints its URLs, serves, and on SIGTERM drains and exits 0. */
class ServeCommandTest {
    @Test
    void servesThenDrainsOnSigterm(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("bc.yaml");
        Files.writeString(yaml, Cli.breastCancerPipeline("", FaultsTest.SMALL_MODEL, 1));
        Path model = dir.resolve("bc.landfall");
        assertEquals(0, Cli.run("train", yaml.toString(), "-o", model.toString()).code());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", model.toString(), "--port", "0", "--grpc-port", "0"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("Serving bc at http://127.0.0.1:"), first);
        URI base = URI.create(first.substring(first.indexOf("http")));
        LandfallClient c = LandfallClient.of(base);
        assertEquals(1, c.infer("bc", LandfallClient.Input.fp32("input_layer", new float[30], 1, 30)).labels().size());
        out.readLine(); // the V2 REST address
        String grpc = out.readLine();
        assertTrue(grpc.contains("over gRPC:") && grpc.contains("127.0.0.1:"), grpc);
        int grpcPort = Integer.parseInt(grpc.replaceAll(".*127\\.0\\.0\\.1:([0-9]+).*", "$1"));
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            assertTrue(GRPCInferenceServiceGrpc.newBlockingStub(ch).modelReady(ModelReadyRequest.newBuilder()
                    .setName("bc").build()).getReady());
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
        StringBuilder rest = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            rest.append(line).append('\n');
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server stopped");
        assertEquals(0, p.exitValue(), "a drained stop exits 0");
        assertTrue(rest.toString().contains("Draining") && rest.toString().contains("Stopped"), rest.toString());
    }
}
