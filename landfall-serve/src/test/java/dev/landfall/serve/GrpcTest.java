package dev.landfall.serve;

import com.google.protobuf.ByteString;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.serve.grpc.v2.GRPCInferenceServiceGrpc;
import dev.landfall.serve.grpc.v2.InferTensorContents;
import dev.landfall.serve.grpc.v2.ModelInferRequest;
import dev.landfall.serve.grpc.v2.ModelInferResponse;
import dev.landfall.serve.grpc.v2.ModelMetadataRequest;
import dev.landfall.serve.grpc.v2.ModelMetadataResponse;
import dev.landfall.serve.grpc.v2.ModelReadyRequest;
import dev.landfall.serve.grpc.v2.ServerLiveRequest;
import dev.landfall.serve.grpc.v2.ServerMetadataRequest;
import dev.landfall.serve.grpc.v2.ServerReadyRequest;
import dev.landfall.tensor.Tensor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Error;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Open Inference Protocol over gRPC, with a real channel to a server on 127.0.0.1. */
class GrpcTest {
    @TempDir
    static Path dir;
    static Path repo;
    static ModelServer server;
    static ManagedChannel channel;
    static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;
    static Predictor quickstart;
    static Predictor sentiment;

    @BeforeAll
    static void start() throws IOException {
        repo = dir.resolve("models");
        quickstart = Predictor.load(ServedModels.train(ServedModels.EXAMPLES.resolve("quickstart.yaml"),
                repo.resolve("quickstart/1/model.landfall")));
        sentiment = Predictor.load(ServedModels.train(ServedModels.EXAMPLES.resolve("sentiment.yaml"),
                repo.resolve("sentiment/1/model.landfall")));
        server = ModelServer.start(repo, ServeOptions.defaults().port(0).grpcPort(0));
        channel = channel(server.grpcPort());
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop();
    }

    static float[] rows(int n, int seed) {
        float[] x = new float[n * 30];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.37 + seed);
        }
        return x;
    }

    static ModelInferRequest.InferInputTensor.Builder fp32(float[] x, long... shape) {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        for (float f : x) {
            c.addFp32Contents(f);
        }
        var t = ModelInferRequest.InferInputTensor.newBuilder().setName("input_layer").setDatatype("FP32")
                .setContents(c);
        for (long s : shape) {
            t.addShape(s);
        }
        return t;
    }

    @Test
    void healthAndMetadata() {
        assertTrue(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        assertTrue(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
        assertEquals("landfall", stub.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName());
        assertTrue(stub.modelReady(ModelReadyRequest.newBuilder().setName("quickstart").build()).getReady());
        ModelMetadataResponse m = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("quickstart").build());
        assertEquals("input_layer", m.getInputs(0).getName());
        assertEquals("FP32", m.getInputs(0).getDatatype());
        assertEquals(List.of(-1L, 30L), m.getInputs(0).getShapeList());
        assertEquals(List.of("1"), m.getVersionsList());
        assertTrue(m.getOutputsList().stream().anyMatch(o -> o.getName().equals("label")));
    }

    @Test
    void typedContentsGiveWhatModelPredictGives() {
        float[] x = rows(3, 1);
        ModelInferResponse r = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("quickstart").setId("t1")
                .addInputs(fp32(x, 3, 30)).build());
        assertEquals("t1", r.getId());
        assertEquals("1", r.getModelVersion());
        float[] expected = quickstart.model().predict(Tensor.wrap(x, 3, 30)).toFloatArray();
        ModelInferResponse.InferOutputTensor out = r.getOutputsList().stream()
                .filter(o -> o.getName().equals("dense_2")).findFirst().orElseThrow();
        assertEquals(List.of(3L, 1L), out.getShapeList());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], out.getContents().getFp32Contents(i), "row " + i);
        }
        ModelInferResponse.InferOutputTensor labels = r.getOutputsList().stream()
                .filter(o -> o.getName().equals("label")).findFirst().orElseThrow();
        assertEquals("BYTES", labels.getDatatype());
        var local = quickstart.predictTensor(Tensor.wrap(x, 3, 30));
        for (int i = 0; i < 3; i++) {
            assertEquals(local.get(i).label(), labels.getContents().getBytesContents(i).toStringUtf8(), "row " + i);
        }
    }

    @Test
    void rawContentsComeBackRaw() {
        float[] x = rows(2, 5);
        ByteBuffer b = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : x) {
            b.putFloat(f);
        }
        ModelInferResponse r = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("quickstart")
                .setModelVersion("1")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input_layer").setDatatype("FP32")
                        .addShape(2).addShape(30))
                .addRawInputContents(ByteString.copyFrom(b.array()))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("dense_2"))
                .build());
        assertEquals(1, r.getOutputsCount(), "only the output asked for");
        assertEquals(1, r.getRawOutputContentsCount());
        ByteBuffer out = r.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] expected = quickstart.model().predict(Tensor.wrap(x, 2, 30)).toFloatArray();
        assertEquals(expected.length * 4, out.remaining());
        for (float e : expected) {
            assertEquals(e, out.getFloat());
        }
    }

    @Test
    void textsAsBytesThroughTheSavedVectorizer() {
        List<String> texts = List.of("The food was wonderful and the staff friendly", "Cold fries, rude waiter");
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        texts.forEach(t -> c.addBytesContents(ByteString.copyFromUtf8(t)));
        ModelInferResponse r = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("sentiment")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("text").setDatatype("BYTES")
                        .addShape(2).setContents(c)).build());
        ModelInferResponse.InferOutputTensor labels = r.getOutputsList().stream()
                .filter(o -> o.getName().equals("label")).findFirst().orElseThrow();
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(sentiment.predictText(texts.get(i)).label(), labels.getContents().getBytesContents(i)
                    .toStringUtf8());
        }
    }

    @Test
    void reflectionListsTheService() throws Exception {
        java.util.concurrent.CompletableFuture<ServerReflectionResponse> got = new java.util.concurrent.CompletableFuture<>();
        var requests = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionResponse r) {
                got.complete(r);
            }

            @Override
            public void onError(Throwable t) {
                got.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        List<String> services = got.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                .map(ServiceResponse::getName).toList();
        requests.onCompleted();
        assertTrue(services.contains("inference.GRPCInferenceService"), services.toString());
    }

    static StatusRuntimeException refused(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run);
    }

    @Test
    void errorsMapToStatusCodesWithTheRestMessages() throws Exception {
        var unknown = refused(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("nope")
                .addInputs(fp32(rows(1, 0), 1, 30)).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertTrue(unknown.getStatus().getDescription().contains("nope"), unknown.getStatus().getDescription());
        var version = refused(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("quickstart")
                .setModelVersion("../../etc").addInputs(fp32(rows(1, 0), 1, 30)).build()));
        assertEquals(Status.Code.NOT_FOUND, version.getStatus().getCode());
        var count = refused(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("quickstart")
                .addInputs(fp32(rows(1, 0), 2, 30)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, count.getStatus().getCode());
        assertEquals("input 'input_layer': the shape needs 60 elements, the contents hold 30",
                count.getStatus().getDescription());
        var width = refused(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("quickstart")
                .addInputs(fp32(new float[29], 1, 29)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, width.getStatus().getCode());
        assertTrue(width.getStatus().getDescription().contains("30"), width.getStatus().getDescription());
        var datatype = refused(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("quickstart")
                .addInputs(fp32(rows(1, 0), 1, 30).setDatatype("FP8")).build()));
        assertEquals("input 'input_layer': unknown datatype 'FP8'", datatype.getStatus().getDescription());
        var raw = refused(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("quickstart")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input_layer").setDatatype("FP32")
                        .addShape(1).addShape(30))
                .addRawInputContents(ByteString.copyFrom(new byte[7])).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, raw.getStatus().getCode());
        // a message past --max-body is refused by gRPC itself
        ServeOptions small = ServeOptions.defaults().port(0).grpcPort(0).maxBodyBytes(1000);
        try (ModelServer s = ModelServer.start(repo, small)) {
            ManagedChannel c = channel(s.grpcPort());
            try {
                var big = refused(() -> GRPCInferenceServiceGrpc.newBlockingStub(c).modelInfer(ModelInferRequest
                        .newBuilder().setModelName("quickstart").addInputs(fp32(rows(20, 0), 20, 30)).build()));
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, big.getStatus().getCode());
            } finally {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        // every call is counted, by protocol and status; a made-up model name is no label
        HttpResponse<String> m = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("metrics"))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertTrue(m.body().contains("landfall_requests_total{model=\"\",protocol=\"grpc\",status=\"404\",version=\"\"}"),
                m.body());
        assertTrue(m.body().contains("landfall_requests_total{model=\"quickstart\",protocol=\"grpc\",status=\"400\","
                + "version=\"1\"}"), m.body());
        assertFalse(m.body().contains("nope"));
        assertFalse(m.body().contains("etc"));
    }

    @Test
    void apiKeysGuardEverythingButHealth() throws Exception {
        try (ModelServer keyed = ModelServer.start(repo, ServeOptions.defaults().port(0).grpcPort(0)
                .apiKeys(Set.of("s3cret")))) {
            ManagedChannel c = channel(keyed.grpcPort());
            try {
                var anonymous = GRPCInferenceServiceGrpc.newBlockingStub(c);
                assertTrue(anonymous.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
                var none = refused(() -> anonymous.modelMetadata(ModelMetadataRequest.newBuilder()
                        .setName("quickstart").build()));
                assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
                assertFalse(none.getStatus().getDescription().contains("s3cret"));
                var wrong = refused(() -> anonymous.withInterceptors(bearer("guess")).modelInfer(ModelInferRequest
                        .newBuilder().setModelName("quickstart").addInputs(fp32(rows(1, 0), 1, 30)).build()));
                assertEquals("the API key is not valid", wrong.getStatus().getDescription());
                assertEquals(2, anonymous.withInterceptors(bearer("s3cret")).modelInfer(ModelInferRequest.newBuilder()
                        .setModelName("quickstart").addInputs(fp32(rows(2, 0), 2, 30)).build()).getOutputs(0)
                        .getShape(0));
            } finally {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    static io.grpc.ClientInterceptor bearer(String key) {
        Metadata h = new Metadata();
        h.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        return MetadataUtils.newAttachHeadersInterceptor(h);
    }

    @Test
    void aStoppedServerIsNotReadyAndRefusesNewCalls() throws Exception {
        ModelServer s = ModelServer.start(repo, ServeOptions.defaults().port(0).grpcPort(0).drainSeconds(1));
        int port = s.grpcPort();
        ManagedChannel c = channel(port);
        try {
            var st = GRPCInferenceServiceGrpc.newBlockingStub(c);
            assertTrue(st.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
            s.stop();
            var after = refused(() -> st.withDeadlineAfter(5, TimeUnit.SECONDS).modelInfer(ModelInferRequest
                    .newBuilder().setModelName("quickstart").addInputs(fp32(rows(1, 0), 1, 30)).build()));
            assertEquals(Status.Code.UNAVAILABLE, after.getStatus().getCode());
        } finally {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientThatLeavesMidCallIsNoWarning() {
        // what grpc-netty logs when a stream closes before its answer is written: a per-stream matter
        Logger netty = Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler");
        List<LogRecord> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                seen.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level before = netty.getLevel();
        netty.setLevel(Level.ALL);
        netty.addHandler(h);
        try {
            netty.log(Level.WARNING, "Stream Error", Http2Exception.streamError(3, Http2Error.STREAM_CLOSED,
                    "Stream closed before write could take place"));
            netty.log(Level.WARNING, "Connection Error", Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "bad"));
            assertEquals(List.of(Level.FINE, Level.WARNING), seen.stream().map(LogRecord::getLevel).toList());
            assertEquals("Stream Error", seen.get(0).getMessage());
        } finally {
            netty.removeHandler(h);
            netty.setLevel(before);
        }
    }
}
