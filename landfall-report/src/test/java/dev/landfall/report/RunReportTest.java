package dev.landfall.report;

import dev.landfall.nn.History;
import dev.landfall.nn.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model trained with a {@link ReportCallback}: the files it writes and the numbers it shows. */
class RunReportTest {
    @TempDir
    static Path dir;
    static Model model;
    static History history;
    static ReportCallback callback;
    static Blobs test;

    @BeforeAll
    static void train() {
        Blobs train = new Blobs(600, 1);
        test = new Blobs(300, 2);
        model = Blobs.model();
        callback = new ReportCallback(dir.resolve("run")).testData(test.x, test.y, Blobs.CLASSES);
        history = model.fit(train.x, train.y, Blobs.fit(8).callbacks(callback));
    }

    @Test
    void everyPictureIsAPngOfItsStatedSizeInsideTheRunFolder() throws IOException {
        Path page = callback.page();
        assertEquals(dir.resolve("run").resolve("report.html"), page);
        List<String> pictures = ReportFiles.check(page);
        assertEquals(List.of("curve_loss.png", "curve_accuracy.png", "curve_macro_f1.png", "learning_rate.png",
                "confusion_counts.png", "confusion_normalized.png", "roc.png", "precision_recall.png",
                "misclassified.png"), pictures);
        String html = Files.readString(page);
        assertTrue(html.contains("<pre>Model: "), "the model summary");
        assertTrue(html.contains("<h2>Test metrics</h2>"));
    }

    @Test
    void perClassNumbersAndTheConfusionMatrixEqualIndependentCounts() throws IOException {
        // the model's own predictions, counted here without the report's code
        float[] p = model.predict(test.x).toFloatArray();
        int[] y = test.y.toIntArray();
        int[][] m = new int[3][3];
        for (int i = 0; i < y.length; i++) {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = p[i * 3 + c] > p[i * 3 + best] ? c : best;
            }
            m[y[i]][best]++;
        }
        String html = Files.readString(callback.page());
        int right = 0;
        for (int c = 0; c < 3; c++) {
            int tp = m[c][c];
            int col = m[0][c] + m[1][c] + m[2][c];
            int row = m[c][0] + m[c][1] + m[c][2];
            double precision = col == 0 ? 0 : (double) tp / col;
            double recall = (double) tp / row;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            assertEquals(List.of(f(precision), f(recall), f(f1), String.valueOf(row)),
                    ReportFiles.row(html, Blobs.CLASSES.get(c)), Blobs.CLASSES.get(c));
            right += tp;
        }
        assertEquals(f(right / 300.0), ReportFiles.row(html, "accuracy").get(2));
        assertTrue(right < 300, "the blobs overlap, so there are mistakes to show: " + right);
        // the same matrix through Outcomes
        double[][] rows = new double[300][3];
        for (int i = 0; i < 300; i++) {
            for (int c = 0; c < 3; c++) {
                rows[i][c] = p[i * 3 + c];
            }
        }
        double[][] counted = Outcomes.classification(rows, y, Blobs.CLASSES).confusion();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(m[r][c], counted[r][c], 0, "cell " + r + "," + c);
            }
        }
    }

    @Test
    void learningRatesAndHistoryReachTheReport() {
        assertEquals(8, callback.learningRates().size());
        assertEquals(0.002, callback.learningRates().get(0), 1e-12);
        // the epoch table has a column for every series of the History, in its order
        String html;
        try {
            html = Files.readString(callback.page());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        StringBuilder header = new StringBuilder("<tr><th>epoch</th>");
        history.history().keySet().forEach(k -> header.append("<th>").append(k).append("</th>"));
        assertTrue(html.contains(header + "</tr>"), html);
        assertTrue(history.history().containsKey("val_macro_f1"));
        // and the last epoch's row holds the History's last values
        List<String> last = history.history().values().stream().map(v -> f(v.get(v.size() - 1))).toList();
        assertEquals(last, ReportFiles.row(html, "8"));
    }

    @Test
    void badOutcomesAreRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Outcomes.classification(new double[][] {{0.5, 0.5}},
                new int[] {2}, List.of("a", "b")));
        assertEquals("Outcomes: example 0 has class id 2, outside [0, 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Outcomes.classification(new double[][] {{1}},
                new int[] {0}, List.of("a", "b")));
        assertEquals("Outcomes: example 0 has 1 probabilities for 2 classes", e.getMessage());
    }

    @Test
    void regressionGetsAScatterAndItsErrors() throws IOException {
        Path page = RunReport.in(dir.resolve("regression")).title("regression")
                .outcomes("Test", Outcomes.regression(new double[] {2.5, 0, 2, 8}, new double[] {3, -0.5, 2, 7}),
                        null, null).write();
        assertEquals(List.of("predicted_vs_true.png"), ReportFiles.check(page));
        String html = Files.readString(page);
        assertTrue(html.contains("<tr><th>R²</th><td>0.9486</td></tr>"), html); // scikit-learn's r2_score
        assertTrue(html.contains("<tr><th>RMSE</th><td>0.6124</td></tr>"), html);
    }

    @Test
    void textMistakesAreEscaped() throws IOException {
        Outcomes o = Outcomes.classification(new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.4, 0.6}}, new int[] {1, 1, 0},
                List.of("neg", "pos"));
        Path page = RunReport.in(dir.resolve("texts")).outcomes("Test", o, null,
                List.of("<b>great</b> & fun", "fine", "meh")).write();
        String html = Files.readString(page);
        assertTrue(html.contains("<td class=\"text\">&lt;b&gt;great&lt;/b&gt; &amp; fun</td>"), html);
        // the most confident mistake first: 0.9 for 'neg' beats 0.6 for 'pos'
        assertTrue(html.indexOf("&lt;b&gt;great") < html.indexOf(">meh<"));
        ReportFiles.check(page);
    }

    @Test
    void namesFromTheUserAreEscapedEverywhere() throws IOException {
        Outcomes o = Outcomes.classification(new double[][] {{0.9, 0.1}, {0.2, 0.8}}, new int[] {0, 1},
                List.of("<b>cats</b>", "dogs & \"wolves\""));
        Path page = RunReport.in(dir.resolve("escaped")).title("<script>x</script>").note("data: a<b.csv")
                .data(List.of("file 'x'&y")).classBalance(Map.of("train", new int[] {1, 1}), o.classes())
                .metrics("Test <metrics>", Map.of("f1<", 0.5)).outcomes("Test", o, null, null).write();
        String html = Files.readString(page);
        for (String raw : List.of("<b>cats", "<script>x", "a<b.csv", "'x'&y", "<metrics>", "f1<", "& \"wolves")) {
            assertFalse(html.contains(raw), raw);
        }
        assertTrue(html.contains("<td>&lt;b&gt;cats&lt;/b&gt;</td>"), html);
        assertTrue(html.contains("<title>&lt;script&gt;x&lt;/script&gt;</title>"), html);
        ReportFiles.check(page);
    }

    @Test
    void aClassifierWithoutClassNamesIsReportedAsOneWithClassIds() {
        Blobs train = new Blobs(300, 3);
        ReportCallback c = new ReportCallback(dir.resolve("unnamed")).testData(test.x, test.y, List.of());
        Blobs.model().fit(train.x, train.y, Blobs.fit(2).callbacks(c));
        try {
            String html = Files.readString(c.page());
            assertTrue(html.contains("confusion_counts.png"), "a confusion matrix, not a regression scatter");
            // rows starting with 2: epoch 2 of the epoch table (6 cells), class 2 of the per-class table (4)
            // and of the ROC/AP table (2)
            assertEquals(List.of(6, 4, 2), ReportFiles.rows(html, "2").stream().map(List::size).toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
