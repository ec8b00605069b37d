package dev.landfall.serve;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server's Prometheus metrics (through the Prometheus Java client), exposed at {@code /metrics} in
 * the text format: requests by model, version, protocol and status; request latency, queue wait and
 * batch size histograms; versions loaded; load failures; and the JVM's own (heap, GC, threads, CPU:
 * the Prometheus client's {@code jvm_*} and {@code process_*} metrics).
 */
final class Metrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("landfall_requests_total")
            .help("Inference and metadata requests by model, version, protocol and HTTP status")
            .labelNames("model", "version", "protocol", "status").register(registry);
    private final Histogram latency = Histogram.builder().name("landfall_request_duration_seconds")
            .help("Time from a request's arrival to its answer").labelNames("model", "version", "protocol")
            .classicOnly().classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
                    10).register(registry);
    private final Histogram queueWait = Histogram.builder().name("landfall_queue_wait_seconds")
            .help("Time a request waited for its batch").labelNames("model", "version").classicOnly()
            .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1)
            .register(registry);
    private final Histogram batchSize = Histogram.builder().name("landfall_batch_size")
            .help("Rows per forward pass").labelNames("model", "version").classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512).register(registry);
    private final Gauge loaded = Gauge.builder().name("landfall_models_loaded")
            .help("Model versions loaded and ready").register(registry);
    private final Counter loadFailures = Counter.builder().name("landfall_model_load_failures_total")
            .help("Model versions that failed to load or warm up").labelNames("model").register(registry);

    Metrics() {
        JvmMetrics.builder().register(registry);
    }

    /** Counts a request; a model or version the repository does not hold is counted under "" (see {@link ModelRepository#serves}). */
    void request(ModelRepository repository, String model, String version, String protocol, int status, double seconds) {
        if (!repository.serves(model, version)) {
            model = "";
            version = "";
        }
        requests.labelValues(model, version, protocol, Integer.toString(status)).inc();
        if (!model.isEmpty()) {
            latency.labelValues(model, version, protocol).observe(seconds);
        }
    }

    Batcher.Listener batcher(String model, String version) {
        return new Batcher.Listener() {
            @Override
            public void batch(int rows, int count) {
                batchSize.labelValues(model, version).observe(rows);
            }

            @Override
            public void queueWait(double seconds) {
                queueWait.labelValues(model, version).observe(seconds);
            }
        };
    }

    void loaded(int versions) {
        loaded.set(versions);
    }

    void loadFailure(String model) {
        loadFailures.labelValues(model).inc();
    }

    /** The exposition, in Prometheus's text format. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape(), EscapingScheme.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
