package dev.landfall.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.data.table.Column;
import dev.landfall.data.table.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LabelEncoder and OneHotEncoder on numeric columns, and how both name a bad row. */
class EncodersTest {
    @Test
    void labelEncoderSortsNumericLabelsAsNumbers() {
        Column y = Column.numeric("y", 2, 10, 1, 2.5, -3);
        LabelEncoder le = new LabelEncoder().fit(y);
        assertEquals(List.of("-3", "1", "2", "2.5", "10"), le.classes());
        assertArrayEquals(new int[] {2, 4, 1, 3, 0}, le.transform(y).toIntArray());
        assertArrayEquals(new int[] {4}, LabelEncoder.fromJson(le.toJson()).transform(Column.numeric("y", 10))
                .toIntArray());
    }

    @Test
    void oneHotEncoderSortsNumericCategoriesAsNumbers() {
        Table t = Table.of(List.of(Column.numeric("rooms", 10, 2, 1)));
        OneHotEncoder e = new OneHotEncoder();
        e.fit(t, List.of("rooms"));
        assertEquals(List.of(List.of("1", "2", "10")), e.categories());
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 1, 0, 0}, e.transform(t, List.of("rooms")).toFloatArray());
    }

    @Test
    void errorsNameTheDataRowAndColumn() {
        LabelEncoder le = new LabelEncoder().fit(Column.numeric("y", 1, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> le.transform(Column.numeric("y", 1, 7)));
        assertEquals("LabelEncoder: data row 2 of column \"y\" has a label that is not one of the classes; known: [1, 2]",
                e.getMessage());
        OneHotEncoder oh = new OneHotEncoder();
        oh.fit(Table.of(List.of(Column.numeric("k", 1, 2))), List.of("k"));
        e = assertThrows(IllegalArgumentException.class,
                () -> oh.transform(Table.of(List.of(Column.numeric("k", 2, Double.NaN, 1))), List.of("k")));
        assertTrue(e.getMessage().startsWith("OneHotEncoder: data row 2 of column \"k\" has a missing value"),
                e.getMessage());
    }
}
