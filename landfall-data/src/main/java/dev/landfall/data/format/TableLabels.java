package dev.landfall.data.format;

import dev.landfall.data.table.Column;
import dev.landfall.data.table.Table;

import java.util.List;

/** Splits a table read whole into its feature columns and the label column the options name, if it has it. */
final class TableLabels {
    private TableLabels() {
    }

    static RawData split(Table all, ReadOptions o, List<String> classNames, String file, String description) {
        if (o.label() == null || !all.has(o.label())) {
            return RawData.ofTable(all, null, classNames, description);
        }
        Column label = all.column(o.label());
        return RawData.ofTable(all.dropColumns(o.label()), label, classNames, description);
    }

}
