package dev.landfall.bench.serve;

import dev.landfall.serve.ModelServer;
import dev.landfall.serve.ServeOptions;

import java.nio.file.Path;

/**
 * The Landfall server as {@code landfall bench --serve} starts it: {@code ServerMain REPOSITORY MAX_BATCH};
 * the options of {@code landfall serve} otherwise, on free ports. Prints {@code LISTENING HTTP_PORT GRPC_PORT}.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServeOptions o = ServeOptions.defaults().port(0).grpcPort(0);
        o = o.batching(Integer.parseInt(args[1]), o.maxDelayMicros(), o.maxQueue());
        ModelServer s = ModelServer.start(Path.of(args[0]), o);
        System.out.println("LISTENING " + s.port() + " " + s.grpcPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
