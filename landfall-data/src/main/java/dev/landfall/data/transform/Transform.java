package dev.landfall.data.transform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;
import java.util.List;

/**
 * A preprocessing step fitted on training data only and saved, with its fitted state, as JSON in the
 * model file, so that {@code predict} and {@code serve} apply exactly the same preprocessing
 * (DESIGN.md §7). Floating-point state is written in Java's shortest round-trip form, so a transform
 * read back gives bit-identical outputs.
 */
public interface Transform {
    /** The JSON type name ({@code "standard_scaler"}). */
    String type();

    /** Whether {@code fit} has run (or the state was given). */
    boolean isFitted();

    /** The configuration and fitted state, with a {@code "type"} field; {@link Transforms#fromJson} reads it. */
    ObjectNode toJson();

    /** Fits on these columns of a training table. */
    void fit(Table table, List<String> columns);

    /** These columns of {@code table} transformed: a tensor {@code [rows, outputWidth]}. */
    Tensor transform(Table table, List<String> columns);

    /** The width of {@link #transform}'s output for {@code inputColumns} columns (after fitting). */
    int outputWidth(int inputColumns);

    /**
     * Checks that a fitted state read back from a file fits the {@code columns} it will read (a scaler
     * has one mean per column, a text vectorizer reads one column …).
     *
     * @throws IllegalArgumentException saying what does not fit
     */
    default void checkState(int columns) {
    }

    /** Checks {@link #isFitted()}. */
    default void requireFitted() {
        if (!isFitted()) {
            throw new IllegalStateException(type() + " is not fitted yet; call fit on the training data first");
        }
    }
}
