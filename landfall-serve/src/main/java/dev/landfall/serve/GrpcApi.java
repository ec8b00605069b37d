package dev.landfall.serve;

import com.google.protobuf.ByteString;
import dev.landfall.Landfall;
import dev.landfall.serve.grpc.v2.GRPCInferenceServiceGrpc;
import dev.landfall.serve.grpc.v2.InferTensorContents;
import dev.landfall.serve.grpc.v2.ModelInferRequest;
import dev.landfall.serve.grpc.v2.ModelInferResponse;
import dev.landfall.serve.grpc.v2.ModelMetadataRequest;
import dev.landfall.serve.grpc.v2.ModelMetadataResponse;
import dev.landfall.serve.grpc.v2.ModelReadyRequest;
import dev.landfall.serve.grpc.v2.ModelReadyResponse;
import dev.landfall.serve.grpc.v2.ServerLiveRequest;
import dev.landfall.serve.grpc.v2.ServerLiveResponse;
import dev.landfall.serve.grpc.v2.ServerMetadataRequest;
import dev.landfall.serve.grpc.v2.ServerMetadataResponse;
import dev.landfall.serve.grpc.v2.ServerReadyRequest;
import dev.landfall.serve.grpc.v2.ServerReadyResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.stub.StreamObserver;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Open Inference Protocol over gRPC: {@code inference.GRPCInferenceService} of the protocol's
 * {@code grpc_predict_v2.proto} (ServerLive, ServerReady, ModelReady, ServerMetadata, ModelMetadata,
 * ModelInfer with typed contents or {@code raw_input_contents}). The same inference path as REST;
 * errors map to gRPC status codes (400 → INVALID_ARGUMENT, 404 → NOT_FOUND, 503 → UNAVAILABLE,
 * 504 → DEADLINE_EXCEEDED, 401 → UNAUTHENTICATED). A request that sends raw contents gets raw output
 * contents back.
 */
final class GrpcApi extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    /**
     * grpc-netty logs a WARNING with a 30-line stack trace for every stream that ends in a stream error,
     * above all a call whose client went away before its answer was written: ordinary traffic for a server,
     * one stream's business, never the server's health. Such records go to FINE (held here: a logger with
     * a filter must stay reachable).
     */
    private static final Logger NETTY = quiet(Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler"));

    private final ModelRepository repository;
    private final Metrics metrics;
    private volatile boolean draining;

    GrpcApi(ModelRepository repository, Metrics metrics) {
        this.repository = repository;
        this.metrics = metrics;
    }

    private static Logger quiet(Logger log) {
        log.setFilter(r -> {
            if (r.getLevel() == Level.WARNING && r.getThrown() instanceof Http2Exception.StreamException) {
                log.log(Level.FINE, r.getMessage(), r.getThrown());
                return false;
            }
            return true;
        });
        return log;
    }

    void drain() {
        draining = true;
    }

    @Override
    public void serverLive(ServerLiveRequest r, StreamObserver<ServerLiveResponse> out) {
        done(out, ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest r, StreamObserver<ServerReadyResponse> out) {
        done(out, ServerReadyResponse.newBuilder().setReady(!draining && repository.ready()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest r, StreamObserver<ModelReadyResponse> out) {
        call(out, c -> {
            boolean ready;
            try {
                c.resolve(r.getName(), r.getVersion());
                ready = !draining;
            } catch (ServeException e) {
                if (e.status() == 404) {
                    throw e;
                }
                ready = false;
            }
            return ModelReadyResponse.newBuilder().setReady(ready).build();
        });
    }

    @Override
    public void serverMetadata(ServerMetadataRequest r, StreamObserver<ServerMetadataResponse> out) {
        done(out, ServerMetadataResponse.newBuilder().setName("landfall").setVersion(Landfall.VERSION)
                .addExtensions("model_repository").build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest r, StreamObserver<ModelMetadataResponse> out) {
        call(out, c -> {
            ModelRepository.Version v = c.resolve(r.getName(), r.getVersion());
            ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder().setName(v.name())
                    .addVersions(Integer.toString(v.version())).setPlatform("landfall");
            RequestInputs.inputSpecs(v.predictor()).forEach(s -> b.addInputs(metadata(s)));
            RequestInputs.outputSpecs(v.predictor()).forEach(s -> b.addOutputs(metadata(s)));
            return b.build();
        });
    }

    private static ModelMetadataResponse.TensorMetadata metadata(RequestInputs.Spec s) {
        var t = ModelMetadataResponse.TensorMetadata.newBuilder().setName(s.name()).setDatatype(s.datatype());
        for (int d : s.shape()) {
            t.addShape(d);
        }
        return t.build();
    }

    @Override
    public void modelInfer(ModelInferRequest r, StreamObserver<ModelInferResponse> out) {
        call(out, c -> {
            if (draining) {
                throw ServeException.unavailable("the server is stopping");
            }
            ModelRepository.Version v = c.resolve(r.getModelName(), r.getModelVersion());
            boolean raw = r.getRawInputContentsCount() > 0;
            if (raw && r.getRawInputContentsCount() != r.getInputsCount()) {
                throw ServeException.badRequest(r.getRawInputContentsCount() + " raw_input_contents for "
                        + r.getInputsCount() + " inputs");
            }
            List<TensorData> inputs = new ArrayList<>();
            for (int i = 0; i < r.getInputsCount(); i++) {
                inputs.add(input(r.getInputs(i), raw ? r.getRawInputContents(i) : null));
            }
            Deadline d = Context.current().getDeadline();
            long deadline = d == null ? Long.MAX_VALUE : System.nanoTime() + d.timeRemaining(TimeUnit.NANOSECONDS);
            Inference.Result res = Inference.run(v, inputs, deadline);
            List<TensorData> outs = Inference.select(res, r.getOutputsList().stream()
                    .map(ModelInferRequest.InferRequestedOutputTensor::getName).toList());
            ModelInferResponse.Builder b = ModelInferResponse.newBuilder().setModelName(v.name())
                    .setModelVersion(Integer.toString(v.version())).setId(r.getId());
            for (TensorData t : outs) {
                var o = ModelInferResponse.InferOutputTensor.newBuilder().setName(t.name()).setDatatype(t.datatype());
                for (long s : t.shape()) {
                    o.addShape(s);
                }
                if (raw) {
                    b.addRawOutputContents(ByteString.copyFrom(V2Codec.binaryOf(t)));
                } else {
                    o.setContents(contents(t));
                }
                b.addOutputs(o);
            }
            return b.build();
        });
    }

    private static TensorData input(ModelInferRequest.InferInputTensor t, ByteString raw) {
        String name = t.getName();
        String datatype = t.getDatatype();
        if (!(TensorData.NUMERIC.contains(datatype) || datatype.equals("BYTES"))) {
            throw ServeException.badRequest("input '" + name + "': unknown datatype '" + datatype + "'");
        }
        long[] shape = t.getShapeList().stream().mapToLong(Long::longValue).toArray();
        long count = TensorData.count(name, shape);
        if (raw != null) {
            return V2Codec.fromBinary(name, datatype, shape, count, raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
        }
        InferTensorContents c = t.getContents();
        if (datatype.equals("BYTES")) {
            List<byte[]> b = c.getBytesContentsList().stream().map(ByteString::toByteArray).toList();
            check(name, count, b.size());
            return new TensorData(name, datatype, shape, null, new ArrayList<>(b));
        }
        double[] v;
        switch (datatype) {
            case "FP32" -> v = c.getFp32ContentsList().stream().mapToDouble(Float::doubleValue).toArray();
            case "FP64" -> v = c.getFp64ContentsList().stream().mapToDouble(Double::doubleValue).toArray();
            case "INT64" -> v = c.getInt64ContentsList().stream().mapToDouble(Long::doubleValue).toArray();
            case "UINT64" -> v = c.getUint64ContentsList().stream()
                    .mapToDouble(x -> Double.parseDouble(Long.toUnsignedString(x))).toArray();
            case "UINT8", "UINT16", "UINT32" -> v = c.getUintContentsList().stream()
                    .mapToDouble(x -> Integer.toUnsignedLong(x)).toArray();
            case "BOOL" -> v = c.getBoolContentsList().stream().mapToDouble(x -> x ? 1 : 0).toArray();
            case "FP16" -> throw ServeException.badRequest("input '" + name + "': FP16 travels as raw_input_contents");
            default -> v = c.getIntContentsList().stream().mapToDouble(Integer::doubleValue).toArray();
        }
        check(name, count, v.length);
        return new TensorData(name, datatype, shape, v, null);
    }

    private static void check(String name, long count, int got) {
        if (got != count) {
            throw ServeException.badRequest("input '" + name + "': the shape needs " + count + " elements, the contents "
                    + "hold " + got);
        }
    }

    private static InferTensorContents contents(TensorData t) {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        if (t.isBytes()) {
            t.bytes().forEach(b -> c.addBytesContents(ByteString.copyFrom(b)));
        } else if (t.datatype().equals("FP32")) {
            for (double d : t.numbers()) {
                c.addFp32Contents((float) d);
            }
        } else if (t.datatype().equals("INT32")) {
            for (double d : t.numbers()) {
                c.addIntContents((int) d);
            }
        } else {
            for (double d : t.numbers()) {
                c.addFp64Contents(d);
            }
        }
        return c.build();
    }

    /** The message's version: empty (proto3's default) means the default version. */
    private static Integer version(String s) {
        return ModelRepository.version(s == null || s.isEmpty() ? null : s);
    }

    /** One call's model and version, for its metric labels: as asked, then as resolved. */
    private final class Call {
        String model = "";
        String version = "";

        ModelRepository.Version resolve(String name, String v) {
            model = name;
            version = v;
            ModelRepository.Version found = repository.resolve(name, version(v));
            version = Integer.toString(found.version());
            return found;
        }
    }

    interface Body<T> {
        T get(Call c);
    }

    private <T> void call(StreamObserver<T> out, Body<T> body) {
        long start = System.nanoTime();
        int status = 200;
        Call c = new Call();
        try {
            done(out, body.get(c));
        } catch (ServeException e) {
            status = e.status();
            out.onError(status(e.status()).withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            status = 500;
            out.onError(Status.INTERNAL.withDescription("internal error: " + e.getClass().getSimpleName())
                    .asRuntimeException());
        }
        metrics.request(repository, c.model, c.version, "grpc", status, (System.nanoTime() - start) / 1e9);
    }

    private static <T> void done(StreamObserver<T> out, T value) {
        out.onNext(value);
        out.onCompleted();
    }

    private static Status status(int http) {
        return switch (http) {
            case 400, 413 -> Status.INVALID_ARGUMENT;
            case 401 -> Status.UNAUTHENTICATED;
            case 404 -> Status.NOT_FOUND;
            case 503 -> Status.UNAVAILABLE;
            case 504 -> Status.DEADLINE_EXCEEDED;
            default -> Status.INTERNAL;
        };
    }

    /** Bearer tokens from --api-keys, as REST checks them; ServerLive and ServerReady need none. */
    static ServerInterceptor auth(Set<String> keys) {
        Metadata.Key<String> header = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                String method = call.getMethodDescriptor().getBareMethodName();
                if (keys.isEmpty() || "ServerLive".equals(method) || "ServerReady".equals(method)) {
                    return next.startCall(call, headers);
                }
                String refusal = ApiKeys.refusal(keys, headers.get(header));
                if (refusal != null) {
                    call.close(Status.UNAUTHENTICATED.withDescription(refusal), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        };
    }
}
