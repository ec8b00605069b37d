package dev.landfall.data.format;

import dev.landfall.data.io.CsvFile;
import dev.landfall.data.io.CsvOptions;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code csv}: comma- (or otherwise) separated values, plain or gzipped ({@code .gz}), with a header
 * line or with names given ({@link ReadOptions#header}, {@link ReadOptions#names}). Types are
 * inferred from the first 1,000 rows unless declared. Any regular file sniffs as CSV, so it is asked last.
 */
final class CsvFormat implements DataFormat {
    @Override
    public String name() {
        return "csv";
    }

    @Override
    public Kind kind() {
        return Kind.TABLE;
    }

    @Override
    public String description() {
        return "delimited text (plain or .gz) with a header line, or header: false with names";
    }

    @Override
    public boolean sniff(Path path) {
        return Files.isRegularFile(path);
    }

    @Override
    public RawData read(Path path, ReadOptions o) {
        CsvOptions c = CsvOptions.defaults().withDelimiter(o.delimiter()).withHeader(o.header());
        if (!o.header()) {
            c = c.withNames(o.names());
        }
        for (Map.Entry<String, ColumnType> t : o.types().entrySet()) {
            c = c.withType(t.getKey(), t.getValue());
        }
        Table t = CsvFile.read(path, c).table();
        String file = String.valueOf(path.getFileName());
        int features = t.names().size() - (o.label() != null && t.has(o.label()) ? 1 : 0);
        return TableLabels.split(t, o, List.of(), file, file + " (csv): " + t.rowCount() + " rows, " + features
                + " feature columns" + (o.label() != null && t.has(o.label()) ? ", label '" + o.label() + "'" : ""));
    }
}
