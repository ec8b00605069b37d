package dev.landfall.nn;

import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.layers.SymbolicTensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The classic Keras text summary: 65 columns with fields at 29/55 for sequential models, 98 columns
 * with a "Connected to" column for functional ones; rows right-trimmed; totals without separators.
 */
final class ModelSummary {
    private ModelSummary() {
    }

    static String of(Model m) {
        boolean functional = m.summaryIsFunctional();
        int width = functional ? 98 : 65;
        int[] positions = functional ? new int[] {32, 53, 65, 98} : new int[] {29, 55, 65};
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(m.name()).append("\"\n");
        sb.append("_".repeat(width)).append('\n');
        List<String> header = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
        if (functional) {
            header.add("Connected to");
        }
        sb.append(row(header, positions)).append('\n');
        sb.append("=".repeat(width)).append('\n');
        List<String> rows = new ArrayList<>();
        if (functional) {
            for (Input in : m.inputs()) {
                rows.add(row(List.of(in.name() + " (InputLayer)", "[" + SymbolicTensor.display(in.shape()) + "]", "0", "[]"),
                        positions));
            }
        }
        java.util.Set<Layer> shown = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (SymbolicTensor node : m.nodes()) {
            Layer l = node.layer();
            boolean first = shown.add(l);
            List<String> fields = new ArrayList<>(List.of(l.name() + " (" + l.className() + ")",
                    SymbolicTensor.display(node.shape()), first ? String.valueOf(l.countParams()) : "0"));
            if (!functional) {
                rows.add(row(fields, positions));
                continue;
            }
            // One connection per line, as Keras prints them.
            List<String> from = node.inputs().stream().map(s -> "'" + s.layer().name() + "[0][0]'").toList();
            StringBuilder cell = new StringBuilder();
            for (int i = 0; i < from.size(); i++) {
                String item = (i == 0 ? "[" : " ") + from.get(i) + (i == from.size() - 1 ? "]" : ",");
                cell.append(i == 0 ? row(append(fields, item), positions)
                        : "\n" + " ".repeat(positions[2]) + item);
            }
            rows.add(cell.toString());
        }
        sb.append(String.join("\n" + (functional ? "\n" : ""), rows)).append('\n');
        sb.append("=".repeat(width)).append('\n');
        long total = 0;
        long trainable = 0;
        for (Weight w : m.weights()) {
            total += w.shape().size();
            if (w.trainable()) {
                trainable += w.shape().size();
            }
        }
        sb.append("Total params: ").append(total).append('\n');
        sb.append("Trainable params: ").append(trainable).append('\n');
        sb.append("Non-trainable params: ").append(total - trainable).append('\n');
        sb.append("_".repeat(width)).append('\n');
        return sb.toString();
    }

    private static List<String> append(List<String> fields, String last) {
        List<String> f = new ArrayList<>(fields);
        f.add(last);
        return f;
    }

    /** Keras's print_row: a leading space, each field cut to leave two spaces before the next column. */
    private static String row(List<String> fields, int[] positions) {
        StringBuilder line = new StringBuilder(" ");
        int start = 0;
        for (int i = 0; i < fields.size(); i++) {
            int end = positions[i];
            boolean last = i == fields.size() - 1;
            int room = end - Math.max(start, line.length()) - (last ? 0 : 2);
            String f = fields.get(i);
            line.append(f.length() > room ? f.substring(0, Math.max(0, room)) : f);
            if (!last) {
                while (line.length() < end) {
                    line.append(' ');
                }
            }
            start = end;
        }
        return line.toString().stripTrailing();
    }
}
