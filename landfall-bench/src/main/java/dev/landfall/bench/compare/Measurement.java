package dev.landfall.bench.compare;

/** One figure a child JVM reported: framework, workload id, metric, value, thread count, and the child's environment. */
public record Measurement(String framework, String workload, String metric, double value, int threads, String env) {
    /** Whether a larger value is better (throughput) rather than smaller (latency). */
    public boolean higherIsBetter() {
        return !metric.startsWith("latency");
    }
}
