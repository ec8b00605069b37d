package dev.landfall.nn.predict;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PredictionsTest {
    private static Prediction classified(String label, int id, double[] probs, List<String> classes) {
        return new Prediction(label, id, probs, classes, new float[0], Map.of());
    }

    @Test
    void csvHasTheLabelAndEveryProbabilityQuotedWhenNeeded() {
        Predictions bin = new Predictions(List.of(classified("no", 0, new double[] {0.75, 0.25}, List.of("no", "yes"))),
                new int[] {1});
        assertEquals(List.of("row,label,prob_no,prob_yes", "1,no,0.750000,0.250000"), bin.csvLines());
        Predictions multi = new Predictions(List.of(classified("b,c", 1, new double[] {0.1, 0.7, 0.2},
                List.of("a", "b,c", "d"))), new int[] {7});
        assertEquals(List.of("row,label,prob_a,\"prob_b,c\",prob_d", "7,\"b,c\",0.100000,0.700000,0.200000"),
                multi.csvLines());
    }

    @Test
    void regressionPrintsTheValue() {
        Predictions r = new Predictions(List.of(new Prediction(null, -1, new double[0], List.of(), new float[] {2.5f},
                Map.of())), new int[] {3});
        assertEquals(List.of("row,prediction", "3,2.5"), r.csvLines());
    }

    @Test
    void topKSortsByProbabilityAndNamesClasses() {
        Prediction p = classified("b", 1, new double[] {0.2, 0.5, 0.3}, List.of("a", "b", "c"));
        assertEquals(List.of(new Prediction.Score("b", 0.5), new Prediction.Score("c", 0.3)), p.topK(2));
        assertEquals(0.2, p.probability("a"));
        assertThrows(IllegalArgumentException.class, () -> p.probability("z"));
        assertThrows(IllegalArgumentException.class, () -> p.topK(0));
    }
}
