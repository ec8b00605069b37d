package dev.landfall.report;

import dev.landfall.data.Tensors;
import dev.landfall.data.format.Labels;
import dev.landfall.data.format.RawData;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnSpec;
import dev.landfall.data.table.ColumnType;
import dev.landfall.io.AtomicFiles;
import dev.landfall.io.Progress;
import dev.landfall.nn.metrics.ClassScores;
import dev.landfall.nn.metrics.Curves;
import dev.landfall.nn.predict.Predictions;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.nn.predict.Targets;
import dev.landfall.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run report: one HTML page ({@code report.html}) and the PNG charts beside it, in one folder that
 * can be zipped, mailed or opened from disk; the page uses no scripts, fonts or files from outside the
 * folder. Sections are added by what is known: the training curves (from {@code History}), the model
 * summary, the data, test metrics, and the evaluation pages of {@link Outcomes} (confusion matrices,
 * scikit-learn's classification report, ROC and precision-recall curves, the worst mistakes).
 *
 * <pre>{@code
 * Path page = RunReport.in(Path.of("runs/mnist")).title("mnist").training(history.history(), lrs)
 *         .outcomes("Test split", Outcomes.of(predictions, labels)).write();
 * }</pre>
 */
public final class RunReport {
    /** The page's file name. */
    public static final String PAGE = "report.html";

    static {
        // charts are drawn off screen: no window system, no Dock icon; an application that set it keeps its value
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
    private static final int MAX_IMAGES = 40;
    private static final int MAX_TEXTS = 12;
    /** Above this many classes the confusion matrices are not drawn (the per-class table stays). */
    private static final int MAX_MATRIX_CLASSES = 40;
    /** At most this many classes get ROC and PR curves (the most frequent ones). */
    private static final int MAX_CURVES = 12;

    private final Path folder;
    private String title = "Landfall run";
    private final List<String> notes = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private int images;

    private RunReport(Path folder) {
        this.folder = folder;
    }

    /** A report to be written into {@code folder} (created on write). */
    public static RunReport in(Path folder) {
        return new RunReport(folder);
    }

    public Path folder() {
        return folder;
    }

    /** The page title. */
    public RunReport title(String t) {
        this.title = t;
        return this;
    }

    /** A line under the title (the model file, the data file, when it ran). */
    public RunReport note(String line) {
        notes.add(line);
        return this;
    }

    /**
     * The training curves: one chart per quantity with its training and validation series, the
     * learning rate per epoch when given, and a table of the last epoch's values.
     *
     * @param history {@code History.history()}: series by name, {@code val_} for validation
     * @param learningRates the rate in effect at the end of each epoch, or empty
     */
    public RunReport training(Map<String, List<Double>> history, List<Double> learningRates) {
        body.append("<h2>Training</h2>\n");
        if (history.isEmpty()) {
            body.append("<p>No epoch ran.</p>\n");
            return this;
        }
        body.append("<div class=\"charts\">\n");
        for (Map.Entry<String, Map<String, List<Double>>> e : Charts.pairs(history).entrySet()) {
            String q = e.getKey();
            chart("curve_" + slug(q), q + " per epoch", Charts.perEpoch(q, q, e.getValue()));
        }
        if (!learningRates.isEmpty()) {
            chart("learning_rate", "learning rate per epoch", Charts.perEpoch("learning rate", "learning rate",
                    Map.of("learning rate", learningRates)));
        }
        body.append("</div>\n<table><tr><th>epoch</th>");
        history.keySet().forEach(k -> body.append("<th>").append(esc(k)).append("</th>"));
        body.append("</tr>\n");
        int epochs = history.values().iterator().next().size();
        for (int i = Math.max(0, epochs - 5); i < epochs; i++) {
            body.append("<tr><td>").append(i + 1).append("</td>");
            for (List<Double> v : history.values()) {
                body.append("<td>").append(i < v.size() ? num(v.get(i)) : "").append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n<p class=\"small\">The last ").append(Math.min(5, epochs)).append(" of ").append(epochs)
                .append(" epochs; the charts show all.</p>\n");
        return this;
    }

    /**
     * A chart of curves on [0, 1]² (x and y per point), with the chance line when {@code diagonal}; for
     * pages of other tools (a membership-inference audit's ROC curves).
     */
    public RunReport curves(String name, String title, String xTitle, String yTitle, Map<String, double[][]> curves,
                            boolean diagonal) {
        body.append("<div class=\"charts\">\n");
        chart(slug(name), title, Charts.curves(title, xTitle, yTitle, curves, diagonal));
        body.append("</div>\n");
        return this;
    }

    /** A paragraph of text (escaped). */
    public RunReport paragraph(String text) {
        body.append("<p>").append(esc(text)).append("</p>\n");
        return this;
    }

    /** The model summary, as {@code Model.summary()} prints it. */
    public RunReport summary(String modelSummary) {
        body.append("<h2>Model</h2>\n<pre>").append(esc(modelSummary)).append("</pre>\n");
        return this;
    }

    /** The data: one line each (the file, the split sizes, the preprocessing fitted). */
    public RunReport data(List<String> lines) {
        body.append("<h2>Data</h2>\n<ul>\n");
        lines.forEach(l -> body.append("<li>").append(esc(l)).append("</li>\n"));
        body.append("</ul>\n");
        return this;
    }

    /** Examples per class in each split (split name → count per class id). */
    public RunReport classBalance(Map<String, int[]> perSplit, List<String> classes) {
        body.append("<table><tr><th>class</th>");
        perSplit.keySet().forEach(s -> body.append("<th>").append(esc(s)).append("</th>"));
        body.append("</tr>\n");
        for (int c = 0; c < classes.size(); c++) {
            body.append("<tr><td>").append(esc(classes.get(c))).append("</td>");
            for (int[] counts : perSplit.values()) {
                body.append("<td>").append(c < counts.length ? counts[c] : 0).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** Loss and metrics of an evaluation ({@code Evaluation.values()}). */
    public RunReport metrics(String heading, Map<String, Double> values) {
        body.append("<h2>").append(esc(heading)).append("</h2>\n<table>");
        values.forEach((k, v) -> body.append("<tr><th>").append(esc(k)).append("</th><td>").append(num(v))
                .append("</td></tr>\n"));
        body.append("</table>\n");
        return this;
    }

    /**
     * The evaluation pages of a model's outcomes on labelled data.
     *
     * @param heading what the data is ("Test split", "breast_cancer.csv")
     * @param images the raw images of the same examples ({@code [N, H, W, C]}) for a grid of mistakes, or null
     * @param texts the raw text of the same examples for the most confident mistakes, or null
     */
    public RunReport outcomes(String heading, Outcomes o, Tensor images, List<String> texts) {
        body.append("<h2>").append(esc(heading)).append(": ").append(o.size()).append(" examples</h2>\n");
        if (!o.isClassification()) {
            return regression(o);
        }
        List<String> classes = o.classes();
        double[][] m = o.confusion();
        if (classes.size() <= MAX_MATRIX_CLASSES) {
            body.append("<div class=\"charts\">\n");
            picture("confusion_counts", "confusion matrix, counts", Pictures.confusion(m, classes, false));
            picture("confusion_normalized", "confusion matrix, share of each true class",
                    Pictures.confusion(m, classes, true));
            body.append("</div>\n");
        } else {
            body.append("<p class=\"small\">").append(classes.size()).append(" classes are too many to draw a "
                    + "confusion matrix; the table below has every class.</p>\n");
        }
        classificationReport(o.scores(), classes, o.accuracy());
        Map<String, double[][]> rocs = new LinkedHashMap<>();
        Map<String, double[][]> prs = new LinkedHashMap<>();
        body.append("<table><tr><th>class</th><th>ROC AUC</th><th>average precision</th></tr>\n");
        int[] curveClasses = o.curveClasses();
        if (curveClasses.length > MAX_CURVES) {
            // the classes with the most examples get a curve; the table has them all
            double[] support = o.scores().support();
            curveClasses = java.util.stream.IntStream.of(curveClasses).boxed()
                    .sorted((a, b) -> Double.compare(support[b], support[a])).limit(MAX_CURVES)
                    .mapToInt(Integer::intValue).sorted().toArray();
        }
        for (int c : curveClasses) {
            Curves.Curve roc = o.roc(c);
            Curves.Curve pr = o.precisionRecall(c);
            String name = Pictures.shorten(classes.get(c));
            rocs.put(name + String.format(Locale.ROOT, " (AUC %.3f)", roc.area()), new double[][] {roc.x(), roc.y()});
            prs.put(name + String.format(Locale.ROOT, " (AP %.3f)", pr.area()), new double[][] {pr.x(), pr.y()});
            body.append("<tr><td>").append(esc(classes.get(c))).append("</td><td>").append(num(roc.area()))
                    .append("</td><td>").append(num(pr.area())).append("</td></tr>\n");
        }
        body.append("</table>\n<p class=\"small\">").append(classes.size() == 2 ? "Positive class: "
                + esc(classes.get(1)) + "." : "Each class against the rest, scored by its probability.")
                .append(" Exact curves through every distinct score; AUC by the trapezoidal rule, average precision "
                        + "as Σ(Rₙ − Rₙ₋₁)·Pₙ (scikit-learn's definitions).</p>\n<div class=\"charts\">\n");
        chart("roc", "ROC curves", Charts.curves("ROC", "false-positive rate", "true-positive rate", rocs, true));
        chart("precision_recall", "precision-recall curves", Charts.curves("Precision-recall", "recall", "precision",
                prs, false));
        body.append("</div>\n");
        List<Integer> wrong = o.mistakesByConfidence();
        if (images != null && !wrong.isEmpty()) {
            mistakeGrid(o, images, wrong);
        }
        if (texts != null && !wrong.isEmpty()) {
            mistakeTexts(o, texts, wrong);
        }
        return this;
    }

    /**
     * The evaluation pages of a model on labelled data: the predictor's predictions for the model inputs
     * {@code x}, against {@code truth}; the raw data supplies the images of an image model and the texts
     * of a text model for its worst mistakes.
     */
    public RunReport evaluation(String heading, Predictor predictor, Tensors x, Labels truth, RawData raw) {
        return evaluation(heading, predictor, x, truth, raw, Progress.NONE);
    }

    /** {@link #evaluation(String, Predictor, Tensors, Labels, RawData)}, counting the examples predicted on {@code progress}. */
    public RunReport evaluation(String heading, Predictor predictor, Tensors x, Labels truth, RawData raw,
                                Progress progress) {
        Tensors out = predictor.forward(x, progress);
        Predictions p = named(predictor, out).decodeOutputs(out, raw.rows());
        Outcomes o = Outcomes.of(p, truth);
        List<String> texts = null;
        if (!raw.isImages()) {
            for (ColumnSpec c : predictor.rawSchema()) {
                if (c.type() == ColumnType.TEXT && raw.table().names().contains(c.name())) {
                    Column col = raw.table().column(c.name());
                    texts = new ArrayList<>();
                    for (int i = 0; i < col.size(); i++) {
                        texts.add(col.isMissing(i) ? "" : col.text(i));
                    }
                    break;
                }
            }
        }
        return outcomes(heading, o, raw.isImages() ? raw.images() : null, texts);
    }

    /**
     * A classifier saved without class names (from Java, say) is still a classifier: its classes are
     * named by id, "0" … "k-1", so that its outputs are read as probabilities, not as regression values.
     */
    static Predictor named(Predictor p, Tensors out) {
        if (!p.labels().isEmpty() || !p.model().isCompiled()
                || !Targets.isClassification(p.model().compiledLosses().values().iterator().next().name())) {
            return p;
        }
        Tensor first = out.isSingle() ? out.single() : out.named().values().iterator().next();
        int k = first.dim(-1) == 1 ? 2 : first.dim(-1);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add(String.valueOf(c));
        }
        return Predictor.of(p.loaded().withLabels(names));
    }

    private void classificationReport(ClassScores s, List<String> classes, double accuracy) {
        body.append("<h3>Per class</h3>\n<table><tr><th></th><th>precision</th><th>recall</th><th>f1-score</th>"
                + "<th>support</th></tr>\n");
        for (int c = 0; c < classes.size(); c++) {
            row(classes.get(c), s.precision()[c], s.recall()[c], s.f1()[c], s.support()[c]);
        }
        body.append("<tr class=\"sep\"><td>accuracy</td><td></td><td></td><td>").append(num(accuracy))
                .append("</td><td>").append(count(s.total())).append("</td></tr>\n");
        row("macro avg", s.macro(ClassScores.Kind.PRECISION), s.macro(ClassScores.Kind.RECALL),
                s.macro(ClassScores.Kind.F1), s.total());
        row("weighted avg", s.weighted(ClassScores.Kind.PRECISION), s.weighted(ClassScores.Kind.RECALL),
                s.weighted(ClassScores.Kind.F1), s.total());
        body.append("</table>\n<p class=\"small\">scikit-learn's <code>classification_report</code>: the predicted "
                + "class is the most probable one; a class never predicted has precision 0.</p>\n");
    }

    private void row(String name, double p, double r, double f, double support) {
        body.append("<tr><td>").append(esc(name)).append("</td><td>").append(num(p)).append("</td><td>").append(num(r))
                .append("</td><td>").append(num(f)).append("</td><td>").append(count(support)).append("</td></tr>\n");
    }

    private void mistakeGrid(Outcomes o, Tensor images, List<Integer> wrong) {
        if (images.dim(0) != o.size()) {
            throw new IllegalArgumentException("RunReport: " + images.dim(0) + " images for " + o.size() + " outcomes");
        }
        List<Pictures.Tile> tiles = new ArrayList<>();
        int[] pred = o.predicted();
        int[] truth = o.truth();
        for (int i : wrong.subList(0, Math.min(MAX_IMAGES, wrong.size()))) {
            tiles.add(new Pictures.Tile(images.select(0, i), new String[] {"true: " + o.classes().get(truth[i]),
                "pred: " + o.classes().get(pred[i]), String.format(Locale.ROOT, "p = %.2f", o.probabilities(i)[pred[i]])},
                    true));
        }
        body.append("<h3>Misclassified images</h3>\n<p class=\"small\">The ").append(tiles.size()).append(" most "
                + "confident mistakes of ").append(wrong.size()).append(", most confident first.</p>\n");
        picture("misclassified", "misclassified test images", Pictures.grid(tiles, 8));
    }

    private void mistakeTexts(Outcomes o, List<String> texts, List<Integer> wrong) {
        int[] pred = o.predicted();
        int[] truth = o.truth();
        body.append("<h3>Most confidently wrong</h3>\n<table><tr><th>text</th><th>true</th><th>predicted</th>"
                + "<th>p</th></tr>\n");
        int shown = 0;
        for (int i : wrong) {
            if (shown++ == MAX_TEXTS) {
                break;
            }
            String t = texts.get(i) == null ? "" : texts.get(i);
            body.append("<tr><td class=\"text\">").append(esc(t.length() > 400 ? t.substring(0, 399) + "…" : t))
                    .append("</td><td>").append(esc(o.classes().get(truth[i]))).append("</td><td>")
                    .append(esc(o.classes().get(pred[i]))).append("</td><td>").append(num(o.probabilities(i)[pred[i]]))
                    .append("</td></tr>\n");
        }
        body.append("</table>\n<p class=\"small\">").append(Math.min(MAX_TEXTS, wrong.size())).append(" of ")
                .append(wrong.size()).append(" mistakes, the highest probability given to a wrong class first.</p>\n");
    }

    private RunReport regression(Outcomes o) {
        double[] p = o.predictedValues();
        double[] t = o.trueValues();
        double ss = 0;
        double abs = 0;
        double mean = 0;
        for (double v : t) {
            mean += v / t.length;
        }
        double tot = 0;
        for (int i = 0; i < t.length; i++) {
            ss += (t[i] - p[i]) * (t[i] - p[i]);
            abs += Math.abs(t[i] - p[i]);
            tot += (t[i] - mean) * (t[i] - mean);
        }
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("RMSE", Math.sqrt(ss / t.length));
        v.put("MAE", abs / t.length);
        // scikit-learn's r2_score: constant targets score 1 when predicted exactly, else 0
        v.put("R²", tot == 0 ? (ss == 0 ? 1 : 0) : 1 - ss / tot);
        body.append("<table>");
        v.forEach((k, x) -> body.append("<tr><th>").append(k).append("</th><td>").append(num(x)).append("</td></tr>"));
        body.append("</table>\n<div class=\"charts\">\n");
        chart("predicted_vs_true", "predicted against true values", Charts.scatter("Predicted against true", t, p));
        body.append("</div>\n");
        return this;
    }

    /** Adds a PNG chart (XChart bytes) to the page, sized as drawn. */
    private void chart(String name, String alt, byte[] png) {
        add(name, alt, png, Charts.WIDTH, Charts.HEIGHT);
    }

    private void picture(String name, String alt, BufferedImage img) {
        add(name, alt, Pictures.png(img), img.getWidth(), img.getHeight());
    }

    private void add(String name, String alt, byte[] png, int width, int height) {
        String file = unique(name) + ".png";
        files.put(file, png);
        images++;
        body.append("<img src=\"").append(file).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" alt=\"").append(esc(alt)).append("\">\n");
    }

    private String unique(String name) {
        String n = name;
        for (int i = 2; files.containsKey(n + ".png"); i++) {
            n = name + "_" + i;
        }
        return n;
    }

    /**
     * Writes the PNGs and then the page, each atomically.
     *
     * @return the page's path
     */
    public Path write() {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            AtomicFiles.write(folder.resolve(f.getKey()), f.getValue());
        }
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style></head>\n<body>\n<h1>").append(esc(title))
                .append("</h1>\n");
        notes.forEach(n -> page.append("<p class=\"note\">").append(esc(n)).append("</p>\n"));
        page.append(body).append("<p class=\"small\">Written by Landfall on ")
                .append(ZonedDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)))
                .append(".</p>\n</body></html>\n");
        Path html = folder.resolve(PAGE);
        AtomicFiles.write(html, page.toString().getBytes(StandardCharsets.UTF_8));
        return html;
    }

    /** One line for a console: where the page is, its pictures and its size on disk. */
    public String describe(Path page) {
        long bytes = 0;
        try (var files = java.nio.file.Files.list(folder)) {
            for (Path f : files.toList()) {
                bytes += java.nio.file.Files.size(f);
            }
        } catch (java.io.IOException e) {
            bytes = bytes();
        }
        Path here = Path.of("").toAbsolutePath();
        Path abs = page.toAbsolutePath().normalize();
        return String.format(Locale.ROOT, "Report: %s (%d pictures, %.0f KB)", abs.startsWith(here) ? here.relativize(abs)
                : abs, images, bytes / 1024.0);
    }

    /** The number of pictures on the page. */
    public int pictures() {
        return images;
    }

    /** The bytes the report takes on disk once written (page estimated from its text). */
    public long bytes() {
        long n = body.length();
        for (byte[] b : files.values()) {
            n += b.length;
        }
        return n;
    }

    private static final String STYLE = """
            body{font-family:sans-serif;margin:24px auto;max-width:1320px;color:#222;padding:0 16px}
            h1{font-size:1.6em;margin-bottom:4px} h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}
            .note{margin:2px 0;color:#555} .small{font-size:.85em;color:#666}
            .charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
            img{border:1px solid #eee;max-width:100%;height:auto}
            table{border-collapse:collapse;margin:8px 0} td,th{border:1px solid #ddd;padding:3px 10px;text-align:right}
            th{background:#f4f4f4} td:first-child{text-align:left} tr.sep td{border-top:2px solid #999}
            td.text{text-align:left;max-width:720px;font-size:.9em}
            pre{background:#f8f8f8;padding:10px;overflow-x:auto;font-size:.85em}
            """;

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, Math.abs(v) >= 1e-3 || v == 0 ? "%.4f" : "%.3e", v);
    }

    private static String count(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9_]+", "_");
    }
}
