package dev.landfall.bench.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The results of a benchmark run: medians with min–max per (workload, framework, threads), each
 * framework's best thread setting, ratios to Landfall, as a text table, a JSON file and a PNG chart.
 */
public final class BenchReport {
    /** Report order of the result ids (W4 splits into its two figures). */
    public static final List<String> IDS = List.of("W1", "W2", "W3", "W4-b1", "W4-b256", "W5-1024", "W5-128x512x784");
    private static final List<String> FRAMEWORKS = List.of("landfall", "pytorch", "dl4j", "onnxruntime");

    /** Median, min and max of one (workload, framework, threads) cell over the rounds. */
    public record Cell(String id, String metric, String framework, int threads, double median, double min, double max,
                       int rounds) {
    }

    private final List<Measurement> measurements;
    private final List<String> failures;
    private final int rounds;
    private final double minutes;
    private final String environment;

    BenchReport(List<Measurement> measurements, List<String> failures, int rounds, double minutes, String environment) {
        this.measurements = List.copyOf(measurements);
        this.failures = List.copyOf(failures);
        this.rounds = rounds;
        this.minutes = minutes;
        this.environment = environment;
    }

    /** Every cell, in report order. */
    public List<Cell> cells() {
        Map<String, List<Measurement>> groups = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            groups.computeIfAbsent(m.workload() + "|" + m.framework() + "|" + m.threads(), k -> new ArrayList<>()).add(m);
        }
        List<Cell> cells = new ArrayList<>();
        for (List<Measurement> g : groups.values()) {
            double[] v = g.stream().mapToDouble(Measurement::value).sorted().toArray();
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            Measurement first = g.get(0);
            cells.add(new Cell(first.workload(), first.metric(), first.framework(), first.threads(), median, v[0],
                    v[v.length - 1], v.length));
        }
        cells.sort(Comparator.comparingInt((Cell c) -> order(IDS, c.id())).thenComparingInt(c -> order(FRAMEWORKS, c.framework()))
                .thenComparingInt(Cell::threads));
        return cells;
    }

    private static int order(List<String> list, String x) {
        int i = list.indexOf(x);
        return i < 0 ? list.size() : i;
    }

    /** Each framework's best cell for a result id (highest throughput or lowest latency), or null. */
    public Cell best(String id, String framework) {
        Cell best = null;
        for (Cell c : cells()) {
            if (c.id().equals(id) && c.framework().equals(framework)) {
                boolean higher = !c.metric().startsWith("latency");
                if (best == null || (higher ? c.median() > best.median() : c.median() < best.median())) {
                    best = c;
                }
            }
        }
        return best;
    }

    /** Landfall's speed relative to a peer at their best settings (> 1 means Landfall is faster), or NaN. */
    public double ratio(String id, String peer) {
        Cell l = best(id, "landfall");
        Cell p = best(id, peer);
        if (l == null || p == null) {
            return Double.NaN;
        }
        return l.metric().startsWith("latency") ? p.median() / l.median() : l.median() / p.median();
    }

    private Set<String> frameworks() {
        Set<String> fs = new TreeSet<>(Comparator.comparingInt(f -> order(FRAMEWORKS, f)));
        measurements.forEach(m -> fs.add(m.framework()));
        return fs;
    }

    /** The text table: every cell, then the best-setting summary with ratios. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-16s %-20s %-12s %7s %14s %24s%n", "workload", "metric", "framework", "threads",
                "median", "min–max"));
        for (Cell c : cells()) {
            sb.append(String.format(Locale.ROOT, "%-16s %-20s %-12s %7d %14s %24s%n", c.id(), c.metric(), c.framework(),
                    c.threads(), num(c.median()), num(c.min()) + "–" + num(c.max())));
        }
        sb.append(System.lineSeparator()).append("Best thread setting of each (Landfall's speed relative to the peer):")
                .append(System.lineSeparator());
        for (String id : IDS) {
            Cell l = best(id, "landfall");
            if (l == null) {
                continue;
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s landfall %s (%d thr)", id, num(l.median()),
                    l.threads()));
            for (String f : frameworks()) {
                Cell p = f.equals("landfall") ? null : best(id, f);
                if (p != null) {
                    line.append(String.format(Locale.ROOT, " | %s %s (%d thr) ×%.2f", f, num(p.median()), p.threads(),
                            ratio(id, f)));
                }
            }
            sb.append(line).append(System.lineSeparator());
        }
        sb.append(String.format(Locale.ROOT, "%d round(s), %.1f min; %s%n", rounds, minutes, environment));
        for (String f : failures) {
            sb.append("FAILED: ").append(f).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static String num(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * The JSON for scripts: {@code {"workloads": [{"id", "metric", "<framework>": best median, …,
     * "threads": {"<framework>": n}}], "cells": [...], "failures": [...], "environment": ...}}.
     */
    public String toJson() throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ArrayNode ws = root.putArray("workloads");
        for (String id : IDS) {
            Cell l = best(id, "landfall");
            Set<String> present = new LinkedHashSet<>();
            for (String f : frameworks()) {
                if (best(id, f) != null) {
                    present.add(f);
                }
            }
            if (present.isEmpty()) {
                continue;
            }
            ObjectNode w = ws.addObject();
            w.put("id", id);
            w.put("metric", (l != null ? l : best(id, present.iterator().next())).metric());
            ObjectNode threads = json.createObjectNode();
            for (String f : present) {
                Cell c = best(id, f);
                w.put(f, c.median());
                threads.put(f, c.threads());
            }
            w.set("threads", threads);
        }
        ArrayNode cells = root.putArray("cells");
        for (Cell c : cells()) {
            cells.addObject().put("id", c.id()).put("metric", c.metric()).put("framework", c.framework())
                    .put("threads", c.threads()).put("median", c.median()).put("min", c.min()).put("max", c.max())
                    .put("rounds", c.rounds());
        }
        ArrayNode env = root.putArray("childEnvironments");
        Set<String> seen = new LinkedHashSet<>();
        for (Measurement m : measurements) {
            if (seen.add(m.framework() + m.env())) {
                env.addObject().put("framework", m.framework()).put("env", m.env());
            }
        }
        ArrayNode fails = root.putArray("failures");
        failures.forEach(fails::add);
        root.put("rounds", rounds);
        root.put("minutes", minutes);
        root.put("environment", environment);
        return json.writeValueAsString(root);
    }

    /**
     * Writes the table ({@code OUT/bench.txt}), the JSON and the chart, each atomically; returns the
     * "Wrote …" line. The JSON and chart paths default to {@code OUT/bench.json} and {@code OUT/bench.png}.
     *
     * @throws AtomicFiles.FileWriteException naming the file that could not be written
     */
    public String writeAll(Path out, Path json, Path png) throws IOException {
        Path jsonFile = json != null ? json : out.resolve("bench.json");
        Path pngFile = png != null ? png : out.resolve("bench.png");
        AtomicFiles.writeString(out.resolve("bench.txt"), table());
        AtomicFiles.writeString(jsonFile, toJson());
        AtomicFiles.write(pngFile, chartPng());
        return "Wrote " + out.resolve("bench.txt") + ", " + jsonFile + " and " + pngFile;
    }

    /** A bar chart of each framework's speed relative to Landfall (Landfall = 1; higher is faster), as PNG bytes. */
    public byte[] chartPng() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String id : IDS) {
            if (best(id, "landfall") != null) {
                ids.add(id);
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(520)
                .title("Speed relative to Landfall (best thread setting of each; higher is faster)")
                .xAxisTitle("workload").yAxisTitle("relative speed").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        for (String f : frameworks()) {
            List<Double> ys = new ArrayList<>();
            for (String id : ids) {
                double r = f.equals("landfall") ? 1.0 : 1.0 / ratio(id, f);
                ys.add(Double.isNaN(r) ? 0.0 : r);
            }
            chart.addSeries(f, ids, ys);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }
}
