package dev.landfall.nn;

import dev.landfall.nn.metrics.ClassScores;
import dev.landfall.nn.metrics.ClassificationScore;
import dev.landfall.nn.metrics.ConfusionMatrix;
import dev.landfall.nn.metrics.Curves;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics a run report shows, against scikit-learn 1.2 on fixed inputs. The expected numbers come
 * from {@code src/test/python/classification_golden.py} (run once with Debian's python3-sklearn), and
 * the small ones are derived by hand in the comments.
 */
class MetricsReportTest {
    static final int[] Y = {0, 1, 2, 2, 1, 0, 1, 2, 0, 1};
    static final double[] PROBS = {
        0.7, 0.2, 0.1, 0.3, 0.4, 0.3, 0.2, 0.2, 0.6, 0.5, 0.1, 0.4, 0.1, 0.8, 0.1,
        0.4, 0.5, 0.1, 0.2, 0.3, 0.5, 0.1, 0.1, 0.8, 0.6, 0.3, 0.1, 0.55, 0.35, 0.1};

    /** The batch in two halves, so that every metric has to accumulate. */
    static void feed(Metric m) {
        Tensor y = Tensor.fromArray(Y);
        Tensor p = Tensor.fromArray(PROBS, 10, 3);
        m.update(y.slice(0, 0, 6), p.slice(0, 0, 6), null);
        m.update(y.slice(0, 6, 10), p.slice(0, 6, 10), null);
    }

    @Test
    void confusionMatrixByNameTakesTheClassCountFromThePredictions() {
        ConfusionMatrix m = (ConfusionMatrix) Metrics.get("confusion_matrix");
        feed(m);
        assertEquals(3, m.numClasses());
        // argmax of each row: 0 1 2 0 1 1 2 2 0 0 against 0 1 2 2 1 0 1 2 0 1
        assertArrayEquals(new double[] {2, 1, 0}, m.matrix()[0]);
        assertArrayEquals(new double[] {1, 2, 1}, m.matrix()[1]);
        assertArrayEquals(new double[] {1, 0, 2}, m.matrix()[2]);
        assertEquals(0.6, m.result(), 1e-12); // 6 of 10 on the diagonal
    }

    @Test
    void perClassAndAveragedScoresEqualScikitLearn() {
        ClassScores s = ClassScores.of(new double[][] {{2, 1, 0}, {1, 2, 1}, {1, 0, 2}});
        // precision = diagonal / column sums (4, 3, 3); recall = diagonal / row sums (3, 4, 3)
        assertArrayEquals(new double[] {0.5, 2 / 3.0, 2 / 3.0}, s.precision(), 1e-12);
        assertArrayEquals(new double[] {2 / 3.0, 0.5, 2 / 3.0}, s.recall(), 1e-12);
        assertArrayEquals(new double[] {0.5714285714285715, 0.5714285714285715, 2 / 3.0}, s.f1(), 1e-12);
        assertArrayEquals(new double[] {3, 4, 3}, s.support());
        assertEquals(0.611111111111111, s.macro(ClassScores.Kind.PRECISION), 1e-12);
        assertEquals(0.6031746031746033, s.macro(ClassScores.Kind.F1), 1e-12);
        assertEquals(0.6166666666666666, s.weighted(ClassScores.Kind.PRECISION), 1e-12);
        assertEquals(0.6, s.weighted(ClassScores.Kind.RECALL), 1e-12);
        assertEquals(0.6, s.weighted(ClassScores.Kind.F1), 1e-12);

        String[] names = {"macro_f1", "weighted_precision", "macro_recall"};
        double[] want = {0.6031746031746033, 0.6166666666666666, 0.611111111111111};
        for (int i = 0; i < names.length; i++) {
            Metric m = Metrics.get(names[i]);
            assertEquals(names[i], m.name());
            feed(m);
            assertEquals(want[i], m.result(), 1e-12, names[i]);
            m.reset();
            assertEquals(0, m.result());
        }
        Metric p0 = Metrics.precision(0);
        Metric r1 = Metrics.recall(1);
        Metric f2 = Metrics.f1Score(2);
        for (Metric m : new Metric[] {p0, r1, f2}) {
            feed(m);
        }
        assertEquals("precision_class_0", p0.name());
        assertEquals(0.5, p0.result(), 1e-12);
        assertEquals(0.5, r1.result(), 1e-12);
        assertEquals(2 / 3.0, f2.result(), 1e-12);
    }

    @Test
    void aClassIdOutsideTheModelsClassesIsRefused() {
        Metric m = Metrics.precision(3);
        var e = assertThrows(IllegalArgumentException.class, () -> feed(m));
        assertTrue(e.getMessage().contains("class_id 3 is outside the model's 3 classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassificationScore.forClass(ClassScores.Kind.F1, -1));
    }

    @Test
    void exactCurvesEqualScikitLearn() {
        for (int c = 0; c < 3; c++) {
            double[] scores = new double[10];
            boolean[] pos = new boolean[10];
            for (int i = 0; i < 10; i++) {
                scores[i] = PROBS[i * 3 + c];
                pos[i] = Y[i] == c;
            }
            double[] roc = {0.9047619047619047, 0.8541666666666667, 0.9523809523809523};
            double[] ap = {0.8666666666666667, 0.7708333333333333, 0.9166666666666665};
            assertEquals(roc[c], Curves.roc(scores, pos, null).area(), 1e-12, "roc class " + c);
            assertEquals(ap[c], Curves.precisionRecall(scores, pos, null).area(), 1e-12, "ap class " + c);
        }
        // binary with a tie at 0.4 between a positive-free pair: roc_auc 0.875 = 14 of 16 ordered pairs
        double[] s = {0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.65, 0.2};
        boolean[] y = {false, false, true, true, false, true, true, false};
        Curves.Curve roc = Curves.roc(s, y, null);
        assertEquals(0.875, roc.area(), 1e-12);
        assertEquals(0, roc.x()[0]);
        assertEquals(1, roc.x()[roc.x().length - 1], 1e-12);
        assertEquals(1, roc.y()[roc.y().length - 1], 1e-12);
        assertEquals(0.9166666666666666, Curves.precisionRecall(s, y, null).area(), 1e-12);
        // the tie moves together: 7 distinct scores, 8 points with the start
        assertEquals(8, roc.x().length);
        // one class only: no area
        assertTrue(Double.isNaN(Curves.roc(new double[] {0.2, 0.3}, new boolean[] {true, true}, null).area()));
    }

    @Test
    void weightsCountAndZeroWeightsLeaveExamplesOut() {
        double[] s = {0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.65, 0.2, 0.95, 0.05};
        boolean[] y = {false, false, true, true, false, true, true, false, false, true};
        double[] w = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
        // the last two (a confident mistake each way) weigh nothing: the curves of the first eight
        double[] s8 = java.util.Arrays.copyOf(s, 8);
        boolean[] y8 = java.util.Arrays.copyOf(y, 8);
        assertEquals(Curves.roc(s8, y8, null).area(), Curves.roc(s, y, w).area(), 1e-12);
        assertEquals(Curves.precisionRecall(s8, y8, null).area(), Curves.precisionRecall(s, y, w).area(), 1e-12);
        // a zero-weight example at the top score no longer makes precision 0/0
        assertEquals(0.9166666666666666, Curves.precisionRecall(s, y, w).area(), 1e-12);
        // weight 2 counts an example twice
        double[] w2 = {2, 1, 1, 1, 1, 1, 1, 1};
        double[] s9 = java.util.Arrays.copyOf(s, 9);
        s9[8] = s[0];
        boolean[] y9 = java.util.Arrays.copyOf(y8, 9);
        assertEquals(Curves.roc(s9, y9, null).area(), Curves.roc(s8, y8, w2).area(), 1e-12);

        // one-hot targets with sample weights: weight 0 removes the example from the matrix
        Metric f = Metrics.get("macro_f1");
        double[] oneHot = new double[30];
        for (int i = 0; i < 10; i++) {
            oneHot[i * 3 + Y[i]] = 1;
        }
        double[] weights = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0}; // the last example (a 1 taken for a 0) drops out
        f.update(Tensor.fromArray(oneHot, 10, 3), Tensor.fromArray(PROBS, 10, 3), Tensor.fromArray(weights));
        ConfusionMatrix nine = new ConfusionMatrix(3);
        nine.update(Tensor.fromArray(Y).slice(0, 0, 9), Tensor.fromArray(PROBS, 10, 3).slice(0, 0, 9), null);
        assertEquals(ClassScores.of(nine.matrix()).macro(ClassScores.Kind.F1), f.result(), 1e-12);
    }

    @Test
    void aSingleSigmoidUnitIsTwoClassesAndSequenceWeightsBroadcast() {
        ConfusionMatrix m = (ConfusionMatrix) Metrics.get("confusion_matrix");
        m.update(Tensor.fromArray(new double[] {0, 1, 1, 0}, 4, 1), Tensor.fromArray(new double[] {0.2, 0.7, 0.4, 0.9}, 4, 1),
                Tensor.fromArray(new double[] {1, 1, 1, 0.5}));
        assertEquals(2, m.numClasses());
        assertArrayEquals(new double[] {1, 0.5}, m.matrix()[0]); // true 0: right once, wrong at weight 0.5
        assertArrayEquals(new double[] {1, 1}, m.matrix()[1]);
        // a sequence output [batch 2, steps 3, classes 2] with weights per example
        ConfusionMatrix seq = new ConfusionMatrix(2);
        seq.update(Tensor.fromArray(new int[] {0, 1, 1, 1, 0, 0}, 2, 3),
                Tensor.fromArray(new double[] {0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7, 0.8, 0.2, 0.4, 0.6}, 2, 3, 2),
                Tensor.fromArray(new double[] {1, 2}));
        // example 0 (weight 1): 0→0, 1→1, 1→0; example 1 (weight 2): 1→1, 0→0, 0→1
        assertArrayEquals(new double[] {3, 2}, seq.matrix()[0]);
        assertArrayEquals(new double[] {1, 3}, seq.matrix()[1]);
    }

    @Test
    void averagesRunOverTheClassesPresentAsScikitLearnsDo() {
        // the 3-class matrix above inside a 4-class model whose class 3 never occurs nor is predicted
        ClassScores s = ClassScores.of(new double[][] {{2, 1, 0, 0}, {1, 2, 1, 0}, {1, 0, 2, 0}, {0, 0, 0, 0}});
        assertEquals(0.6031746031746033, s.macro(ClassScores.Kind.F1), 1e-12);
        assertEquals(0.6, s.weighted(ClassScores.Kind.F1), 1e-12);
        // a class predicted but never true is present: its precision 0 counts in the macro average
        ClassScores t = ClassScores.of(new double[][] {{1, 1}, {0, 0}});
        assertEquals((2 / 3.0 + 0) / 2, t.macro(ClassScores.Kind.F1), 1e-12);
    }

    @Test
    void prAucInterpolatesAsKeras() {
        // 3 thresholds (−ε, 0.5, 1+ε); y = 0 0 1 1, p = 0 .5 .3 .9.
        // counts (tp, fp, fn): (2, 2, 0), (1, 0, 1), (0, 0, 2).
        // segment 0: ΔTP 1, P 4 → 1, slope 1/3, intercept 2/3: (1/3)(1 + (2/3)·ln 4) / 2
        // segment 1: ΔTP 1, P 1 → 0, slope 1, intercept 0, ratio 1: 1·(1 + 0) / 2
        Metric m = new dev.landfall.nn.metrics.AUC(3, dev.landfall.nn.metrics.AUC.Curve.PR);
        m.update(Tensor.fromArray(new double[] {0, 0, 1, 1}), Tensor.fromArray(new double[] {0, 0.5, 0.3, 0.9}), null);
        assertEquals((1 + 2 / 3.0 * Math.log(4)) / 6 + 0.5, m.result(), 1e-12);
        assertEquals("pr_auc", Metrics.get("pr_auc").name());
        // separable scores: the area is 1 with many thresholds
        Metric sep = Metrics.prAuc();
        sep.update(Tensor.fromArray(new double[] {0, 0, 1, 1}), Tensor.fromArray(new double[] {0.1, 0.2, 0.8, 0.9}), null);
        assertEquals(1.0, sep.result(), 1e-9);
    }

    @Test
    void regressionMetricsEqualScikitLearn() {
        Metric r2 = Metrics.get("r2_score");
        Metric rmse = Metrics.get("rmse");
        for (Metric m : new Metric[] {r2, rmse}) {
            m.update(Tensor.fromArray(new double[] {3, -0.5}), Tensor.fromArray(new double[] {2.5, 0.0}), null);
            m.update(Tensor.fromArray(new double[] {2, 7}), Tensor.fromArray(new double[] {2, 8}), null);
        }
        assertEquals(0.9486081370449679, r2.result(), 1e-12);
        assertEquals(0.6123724356957945, rmse.result(), 1e-12); // √(1.5 / 4)
        Metric r2two = Metrics.r2Score();
        Metric rmseTwo = Metrics.rootMeanSquaredError();
        for (Metric m : new Metric[] {r2two, rmseTwo}) {
            m.update(Tensor.fromArray(new double[] {0.5, 1, -1, 1, 7, -6}, 3, 2),
                    Tensor.fromArray(new double[] {0, 2, -1, 2, 8, -5}, 3, 2), null);
        }
        assertEquals(0.9368005266622779, r2two.result(), 1e-12); // uniform average over the two columns
        assertEquals(0.8416254115301732, rmseTwo.result(), 1e-12);
        // weights: the weight-0 example is ignored
        Metric w = Metrics.rootMeanSquaredError();
        w.update(Tensor.fromArray(new double[] {1, 2}), Tensor.fromArray(new double[] {1, 5}), Tensor.fromArray(new double[] {1, 0}));
        assertEquals(0, w.result(), 1e-12);
    }
}
