package dev.landfall.data.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;
import java.util.List;

/** Numeric columns as they are (a {@code [rows, cols]} FLOAT32 matrix). */
public final class Passthrough implements Transform {
    static final String TYPE = "passthrough";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isFitted() {
        return true;
    }

    @Override
    public ObjectNode toJson() {
        return Transforms.node(TYPE);
    }

    @Override
    public void fit(Table table, List<String> columns) {
        // nothing to learn
    }

    @Override
    public Tensor transform(Table table, List<String> columns) {
        return table.toTensor(columns);
    }

    @Override
    public int outputWidth(int inputColumns) {
        return inputColumns;
    }
}
