package dev.landfall.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.data.table.Column;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnScalerTest {
    static final float NAN = Float.NaN;

    @Test
    void standardScalerFitIgnoresMissingValuesAndKeepsThem() {
        // nanmean([1, 3]) = 2, nanstd = 1; the second column is untouched by the first's gap
        StandardScaler s = new StandardScaler().fit(Tensor.wrap(new float[] {1, 10, NAN, 20, 3, 30}, 3, 2));
        assertArrayEquals(new double[] {2, 20}, s.mean());
        assertArrayEquals(new double[] {1, Math.sqrt(200.0 / 3)}, s.scale(), 1e-12);
        float[] out = s.transform(Tensor.wrap(new float[] {1, 20, NAN, 20}, 2, 2)).toFloatArray();
        assertEquals(-1f, out[0]);
        assertTrue(Float.isNaN(out[2]), "a missing value stays missing");
        assertEquals(0f, out[3]);
    }

    @Test
    void minMaxScalerFitIgnoresMissingValuesAndKeepsThem() {
        MinMaxScaler m = new MinMaxScaler().fit(Tensor.wrap(new float[] {1, 5, NAN, 5, 3, 5}, 3, 2));
        float[] out = m.transform(Tensor.wrap(new float[] {2, 5, NAN, NAN}, 2, 2)).toFloatArray();
        assertEquals(0.5f, out[0]);
        assertEquals(0f, out[1], "a constant column maps to min");
        assertTrue(Float.isNaN(out[2]) && Float.isNaN(out[3]), "missing stays missing, constant column too");
    }

    @Test
    void aColumnWithNoFiniteValueIsAnErrorNamingIt() {
        Table t = Table.of(List.of(Column.numeric("age", 1, 2), Column.numeric("income", Double.NaN, Double.NaN)));
        for (ColumnScaler s : List.of(new StandardScaler(), new MinMaxScaler())) {
            var e = assertThrows(IllegalArgumentException.class, () -> s.fit(t, List.of("age", "income")));
            assertTrue(e.getMessage().contains("column \"income\" has no finite value"), e.getMessage());
            assertTrue(e.getMessage().contains("SimpleImputer"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> new StandardScaler().fit(Tensor.wrap(new float[] {1, NAN}, 1, 2)));
        assertTrue(e.getMessage().contains("column 1 has no finite value"), e.getMessage());
    }

    @Test
    void bothScalersRoundTripThroughJson() {
        Tensor x = Tensor.wrap(new float[] {1, 4, NAN, 8, 3, 6}, 3, 2);
        for (ColumnScaler s : List.of(new StandardScaler().fit(x), new MinMaxScaler(-1, 1).fit(x))) {
            TransformsTest.assertBitIdentical(s.transform(x), ((ColumnScaler) TransformsTest.roundTrip(s)).transform(x));
        }
        ColumnScaler unfitted = (ColumnScaler) TransformsTest.roundTrip(new MinMaxScaler());
        assertTrue(!unfitted.isFitted());
    }
}
