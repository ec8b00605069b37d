package dev.landfall.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's line charts, drawn with XChart and encoded as PNG bytes. */
final class Charts {
    static final int WIDTH = 640;
    static final int HEIGHT = 400;

    private Charts() {
    }

    /** A chart of series over epochs (1-based x); NaN and infinite points are left out. */
    static byte[] perEpoch(String title, String yTitle, Map<String, List<Double>> series) {
        XYChart c = chart(title, "epoch", yTitle);
        c.getStyler().setXAxisDecimalPattern("0");
        boolean rising = false;
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                double v = e.getValue().get(i);
                if (Double.isFinite(v)) {
                    xs.add(i + 1.0);
                    ys.add(v);
                }
            }
            if (!xs.isEmpty()) {
                XYSeries s = c.addSeries(e.getKey(), xs, ys);
                s.setMarker(xs.size() > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
                // the legend where the curve is not: a rising curve (accuracy) ends top right
                rising = ys.get(ys.size() - 1) > ys.get(0);
            }
        }
        if (c.getSeriesMap().isEmpty()) {
            c.addSeries("no finite values", new double[] {1}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        c.getStyler().setLegendPosition(rising ? Styler.LegendPosition.InsideSE : Styler.LegendPosition.InsideNE);
        return png(c);
    }

    /** Curves through (x, y) points on [0, 1]², with the chance line when {@code diagonal}. */
    static byte[] curves(String title, String xTitle, String yTitle, Map<String, double[][]> curves, boolean diagonal) {
        XYChart c = chart(title, xTitle, yTitle);
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        c.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        c.getStyler().setXAxisTickMarkSpacingHint(60).setYAxisTickMarkSpacingHint(40);
        c.getStyler().setLegendPosition(curves.size() > 4 ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.InsideSE);
        for (Map.Entry<String, double[][]> e : curves.entrySet()) {
            double[][] xy = finite(e.getValue()[0], e.getValue()[1]);
            if (xy[0].length > 0) {
                c.addSeries(e.getKey(), xy[0], xy[1]).setMarker(SeriesMarkers.NONE);
            }
        }
        if (diagonal) {
            XYSeries d = c.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
            d.setMarker(SeriesMarkers.NONE);
            d.setLineStyle(SeriesLines.DASH_DASH);
            d.setLineColor(Color.GRAY);
        }
        return png(c);
    }

    /** Points (predicted against true values) with the identity line. */
    static byte[] scatter(String title, double[] truth, double[] predicted) {
        XYChart c = chart(title, "true value", "predicted value");
        c.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(4);
        double[][] xy = finite(truth, predicted);
        if (xy[0].length == 0) {
            xy = new double[][] {{0}, {0}};
        }
        c.addSeries("examples", xy[0], xy[1]);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : xy) {
            for (double v : a) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        XYSeries line = c.addSeries("predicted = true", new double[] {lo, hi}, new double[] {lo, hi});
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Color.GRAY);
        return png(c);
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        Styler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setAntiAlias(true);
        c.getStyler().setMarkerSize(5);
        return c;
    }

    private static double[][] finite(double[] x, double[] y) {
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            n += Double.isFinite(x[i]) && Double.isFinite(y[i]) ? 1 : 0;
        }
        double[] fx = new double[n];
        double[] fy = new double[n];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                fx[k] = x[i];
                fy[k++] = y[i];
            }
        }
        return new double[][] {fx, fy};
    }

    static byte[] png(XYChart c) {
        try {
            return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart '" + c.getTitle() + "' as PNG", e);
        }
    }

    /** Train and validation series of one quantity from History's keys ({@code loss} and {@code val_loss}). */
    static Map<String, Map<String, List<Double>>> pairs(Map<String, List<Double>> history) {
        Map<String, Map<String, List<Double>>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : history.entrySet()) {
            String k = e.getKey();
            boolean val = k.startsWith("val_");
            String base = val ? k.substring(4) : k;
            if (base.equals("learning_rate") || base.equals("lr")) {
                continue;
            }
            out.computeIfAbsent(base, x -> new LinkedHashMap<>()).put(val ? "validation" : "training", e.getValue());
        }
        return out;
    }
}
