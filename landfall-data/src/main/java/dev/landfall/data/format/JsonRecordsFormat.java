package dev.landfall.data.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.landfall.data.DataFormatException;
import dev.landfall.data.ValueKind;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code json} (alias {@code text-json}): a JSON array of records keyed by column name, such as
 * {@code [{"text": "Great food", "class": 1}, …]}. A record with no value for any feature (or, when
 * labels are required, none for the label) is skipped and reported; a single missing value is read as
 * missing. Numbers make numeric columns, strings categorical or text ones.
 */
final class JsonRecordsFormat implements DataFormat {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A string column with at most this many distinct values is categorical, else text (as for CSV). */
    private static final int MAX_CATEGORIES = 50;

    @Override
    public String name() {
        return "json";
    }

    @Override
    public List<String> aliases() {
        return List.of("text-json");
    }

    @Override
    public Kind kind() {
        return Kind.TABLE;
    }

    @Override
    public String description() {
        return "a JSON array of records keyed by column name ([{\"text\": …, \"class\": 1}, …])";
    }

    @Override
    public boolean sniff(Path path) {
        if (Sniff.name(path).endsWith(".json") || Sniff.name(path).endsWith(".json.gz")) {
            return true;
        }
        String head = new String(Sniff.head(path, 64), java.nio.charset.StandardCharsets.UTF_8).replace("\uFEFF", "")
                .stripLeading();
        return head.matches("(?s)\\[\\s*\\{.*");
    }

    @Override
    public RawData read(Path path, ReadOptions o) {
        String file = String.valueOf(path.getFileName());
        JsonNode root = parse(path, file);
        if (root == null || !root.isArray()) {
            throw new DataFormatException(file, -1, -1, null, "expected a JSON array of records, found "
                    + ValueKind.of(root));
        }
        for (int i = 0; i < root.size(); i++) {
            if (!root.get(i).isObject()) {
                throw new DataFormatException(file, -1, -1, null, "record " + i + ": expected an object, found "
                        + ValueKind.of(root.get(i)));
            }
        }
        String label = o.label();
        List<String> fields = new ArrayList<>(o.fields());
        if (fields.isEmpty()) {
            Set<String> seen = new LinkedHashSet<>();
            root.forEach(r -> r.fieldNames().forEachRemaining(seen::add));
            seen.remove(label);
            fields.addAll(seen);
        }
        boolean hasLabel = label != null && anyHas(root, label);
        List<String> wanted = new ArrayList<>(fields);
        if (hasLabel) {
            wanted.add(label);
        }
        List<JsonNode> kept = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode r = root.get(i);
            // a record with no feature value at all (or no label to learn from) is skipped; a single
            // missing value goes to the pipeline as missing (an imputer may fill it)
            if (fields.stream().allMatch(c -> blank(r.path(c))) || hasLabel && o.requireLabel() && blank(r.path(label))) {
                continue;
            }
            kept.add(r);
            rows.add(i + 1);
        }
        if (kept.isEmpty()) {
            throw new DataFormatException(file, -1, -1, null, "no records with a value for " + wanted);
        }
        List<String> notes = kept.size() < root.size()
                ? List.of("Skipped " + (root.size() - kept.size()) + " record(s) with no value for " + wanted)
                : List.of();
        List<Column> cols = new ArrayList<>();
        for (String c : fields) {
            cols.add(column(file, c, o.types().get(c), kept, rows));
        }
        Column labels = hasLabel ? column(file, label, null, kept, rows) : null;
        RawData d = new RawData(Table.of(cols), null, labels, List.of(), rows.stream().mapToInt(Integer::intValue).toArray(),
                notes, file + " (json): " + kept.size() + " records, " + fields.size() + " field(s) "
                + String.join(", ", fields) + (hasLabel ? ", label '" + label + "'" : ""), null);
        return d;
    }

    private static JsonNode parse(Path path, String file) {
        try (var in = Sniff.open(path)) {
            return JSON.readTree(in);
        } catch (JsonProcessingException e) {
            // no cause: the parser's message quotes the text around the error, and the text is data
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            throw new DataFormatException(file, line, column, null, ValueKind.malformedJson(e));
        } catch (java.io.CharConversionException e) {
            throw new DataFormatException(file, -1, -1, null, "not valid text in any Unicode encoding");
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
    }

    /** One field of the kept records as a column: declared type, else numeric when every value is a number. */
    private static Column column(String file, String name, ColumnType declared, List<JsonNode> records, List<Integer> rows) {
        int n = records.size();
        boolean numeric = declared == ColumnType.NUMERIC;
        if (declared == null) {
            numeric = true;
            for (JsonNode r : records) {
                JsonNode v = r.path(name);
                numeric &= blank(v) || v.isNumber();
            }
        }
        if (numeric) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                JsonNode x = records.get(i).path(name);
                if (!blank(x) && !x.isNumber()) {
                    throw new DataFormatException(file, -1, -1, name, "record " + rows.get(i) + ", field \"" + name
                            + "\": expected a number, found " + ValueKind.of(x));
                }
                v[i] = blank(x) ? Double.NaN : x.asDouble();
            }
            return Column.numeric(name, v);
        }
        String[] v = new String[n];
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < n; i++) {
            JsonNode x = records.get(i).path(name);
            if (x.isContainerNode()) {
                throw new DataFormatException(file, -1, -1, name, "record " + rows.get(i) + ", field \"" + name
                        + "\": expected a number or a text, found " + ValueKind.of(x));
            }
            v[i] = blank(x) ? null : x.asText();
            if (v[i] != null && distinct.size() <= MAX_CATEGORIES) {
                distinct.add(v[i]);
            }
        }
        ColumnType t = declared != null ? declared : distinct.size() <= MAX_CATEGORIES ? ColumnType.CATEGORICAL
                : ColumnType.TEXT;
        return Column.strings(name, t, v);
    }

    private static boolean anyHas(JsonNode root, String field) {
        for (JsonNode r : root) {
            if (!blank(r.path(field))) {
                return true;
            }
        }
        return false;
    }

    static boolean blank(JsonNode v) {
        return v.isNull() || v.isMissingNode() || v.isValueNode() && v.asText().isBlank();
    }
}
