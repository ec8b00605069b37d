package dev.landfall.data.clean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import dev.landfall.data.transform.SimpleImputer.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanerTest {
    static Table dirty() {
        return Table.of(List.of(Column.numeric("x", 1, Double.NaN, 3, 3, 100),
                Column.strings("c", ColumnType.CATEGORICAL, "a", "b", null, null, "b")));
    }

    @Test
    void dropsRowsWithMissingValues() {
        Cleaner.Result r = Cleaner.create().dropMissing().clean(dirty());
        assertEquals(2, r.table().rowCount());
        assertArrayEquals(new double[] {1, 100}, r.table().column("x").numbers());
        assertEquals(3, r.report().droppedMissing());
        assertEquals(1, r.report().column("x").missing());
        assertEquals(2, r.report().column("c").missing());
    }

    @Test
    void imputesDropsDuplicatesAndClipsWithAReport() {
        Cleaner.Result r = Cleaner.create().impute(Strategy.MEAN).dropDuplicates().clipQuantiles(0, 0.75).clean(dirty());
        // x mean of {1, 3, 3, 100} = 26.75; c most frequent "b"; rows 3 and 4 become (3, b) twice
        assertEquals(4, r.table().rowCount());
        assertEquals(1, r.report().droppedDuplicates());
        assertEquals("26.75", r.report().column("x").fill());
        assertEquals("b", r.report().column("c").fill());
        // after dedup x = {1, 26.75, 3, 100}: 0.75 quantile = 26.75 + 0.25·(100 - 26.75) = 45.0625
        assertArrayEquals(new double[] {1, 26.75, 3, 45.0625}, r.table().column("x").numbers(), 1e-12);
        assertEquals(1, r.report().column("x").clipped());
        assertTrue(r.report().toString().contains("26.75"), r.report().toString());
    }

    @Test
    void medianMostFrequentAndConstant() {
        Table t = Table.of(List.of(Column.numeric("x", 5, Double.NaN, 1, 5, 2)));
        assertEquals(3.5, Cleaner.create().impute(Strategy.MEDIAN).clean(t).table().column("x").numbers()[1]);
        assertEquals(5, Cleaner.create().impute(Strategy.MOST_FREQUENT).clean(t).table().column("x").numbers()[1]);
        assertEquals(-1, Cleaner.create().impute(Strategy.CONSTANT, -1).clean(t).table().column("x").numbers()[1]);
    }
}
