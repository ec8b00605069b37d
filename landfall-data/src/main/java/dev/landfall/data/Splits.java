package dev.landfall.data;

import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/** Random and stratified splits (see {@link Dataset#split} and {@link Dataset#splitStratified}). */
final class Splits {
    private Splits() {
    }

    static List<Dataset> split(Dataset d, long seed, double... fractions) {
        double[] cum = checkFractions(d, "split", fractions);
        Rng rng = Rng.of(seed).derive("split");
        if (d instanceof InMemoryDataset m) {
            int[] idx = m.indices();
            InMemoryDataset.permute(idx, rng);
            List<Dataset> out = new ArrayList<>();
            int from = 0;
            for (int k = 0; k < fractions.length; k++) {
                int to = boundary(cum, k, idx.length);
                out.add(m.withIndices(Arrays.copyOfRange(idx, from, to)));
                from = to;
            }
            return out;
        }
        // Streamed: a part by a hash of the row index, so no pass is needed and parts stay disjoint.
        List<Dataset> out = new ArrayList<>();
        for (int k = 0; k < fractions.length; k++) {
            int part = k;
            out.add(FilterDataset.byIndex(d, i -> bucket(cum, rng.uniform(i)) == part));
        }
        return out;
    }

    static List<Dataset> stratified(Dataset d, long seed, double... fractions) {
        double[] cum = checkFractions(d, "splitStratified", fractions);
        Rng rng = Rng.of(seed).derive("split-stratified");
        int[] positions;
        int[] labels;
        if (d instanceof InMemoryDataset m) {
            positions = m.indices();
            labels = labelsOf(m.target(), positions);
        } else {
            List<Integer> ls = new ArrayList<>();
            Iterator<Example> it = d.iterator(0);
            try {
                while (it.hasNext()) {
                    ls.add(label(it.next().target(), ls.size()));
                }
            } finally {
                Datasets.close(it);
            }
            labels = ls.stream().mapToInt(Integer::intValue).toArray();
            positions = new int[labels.length];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = i;
            }
        }
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(positions[i]);
        }
        int[][] members = new int[byClass.size()][];
        int c = 0;
        for (var e : byClass.entrySet()) {
            members[c] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            InMemoryDataset.permute(members[c++], rng.derive(e.getKey()));
        }
        int[][] take = allocate(partSizes(cum, fractions, labels.length), members);
        List<List<Integer>> parts = new ArrayList<>();
        int[] from = new int[members.length];
        for (int k = 0; k < fractions.length; k++) {
            List<Integer> part = new ArrayList<>();
            for (c = 0; c < members.length; c++) {
                for (int i = 0; i < take[k][c]; i++) {
                    part.add(members[c][from[c]++]);
                }
            }
            parts.add(part);
        }
        List<Dataset> out = new ArrayList<>();
        for (int k = 0; k < parts.size(); k++) {
            int[] idx = parts.get(k).stream().mapToInt(Integer::intValue).toArray();
            InMemoryDataset.permute(idx, rng.derive("mix").derive(k)); // so classes interleave
            if (d instanceof InMemoryDataset m) {
                out.add(m.withIndices(idx));
            } else {
                boolean[] member = new boolean[labels.length];
                for (int i : idx) {
                    member[i] = true;
                }
                out.add(FilterDataset.byIndex(d, i -> i < member.length && member[(int) i]));
            }
        }
        return out;
    }

    /** The size of each part over all n examples; refuses an empty part. */
    private static int[] partSizes(double[] cum, double[] fractions, int n) {
        int[] sizes = new int[cum.length];
        int from = 0;
        for (int k = 0; k < cum.length; k++) {
            int to = boundary(cum, k, n);
            sizes[k] = to - from;
            if (sizes[k] == 0) {
                throw new IllegalArgumentException("splitStratified: part " + k + " (fraction " + fractions[k]
                        + ") of " + n + " examples would be empty; use larger fractions or more data");
            }
            from = to;
        }
        return sizes;
    }

    /**
     * How many members of each class go to each part: part k takes its size from what is left of every
     * class in proportion, the floors first, then one more for the classes with the largest remainders
     * (ties to the larger class, then the lower class id); the last part takes the rest. Integer
     * arithmetic, so the result is exact and the same on every machine.
     */
    static int[][] allocate(int[] sizes, int[][] members) {
        int classes = members.length;
        long[] left = new long[classes];
        long total = 0;
        for (int c = 0; c < classes; c++) {
            left[c] = members[c].length;
            total += left[c];
        }
        int[][] take = new int[sizes.length][classes];
        for (int k = 0; k < sizes.length; k++) {
            if (k == sizes.length - 1) {
                for (int c = 0; c < classes; c++) {
                    take[k][c] = (int) left[c];
                }
                break;
            }
            long[] rem = new long[classes];
            long given = 0;
            for (int c = 0; c < classes; c++) {
                take[k][c] = (int) (left[c] * sizes[k] / total);
                rem[c] = left[c] * sizes[k] % total;
                given += take[k][c];
            }
            Integer[] order = new Integer[classes];
            for (int c = 0; c < classes; c++) {
                order[c] = c;
            }
            java.util.Arrays.sort(order, (a, b) -> rem[a] != rem[b] ? Long.compare(rem[b], rem[a])
                    : left[a] != left[b] ? Long.compare(left[b], left[a]) : Integer.compare(a, b));
            for (int i = 0; given < sizes[k]; i++) {
                take[k][order[i]]++;
                given++;
            }
            for (int c = 0; c < classes; c++) {
                left[c] -= take[k][c];
            }
            total -= sizes[k];
        }
        return take;
    }

    private static int[] labelsOf(Tensors target, int[] rows) {
        if (target == null || !target.isSingle()) {
            throw new IllegalStateException("splitStratified needs a single target tensor of class ids or one-hot rows; "
                    + "this dataset has " + (target == null ? "no target" : "target " + target));
        }
        Tensor t = target.single();
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = classOf(t.select(0, rows[i]), i);
        }
        return out;
    }

    private static int label(Tensors target, int index) {
        if (target == null || !target.isSingle()) {
            throw new IllegalStateException("splitStratified needs a single target tensor of class ids or one-hot rows; "
                    + "example " + index + " has " + (target == null ? "no target" : "target " + target));
        }
        return classOf(target.single(), index);
    }

    private static int classOf(Tensor y, int index) {
        if (y.size() == 1) {
            double v = y.toDoubleArray()[0];
            if (v != Math.rint(v)) {
                throw new IllegalStateException("splitStratified: example " + index + ": expected a class id (an "
                        + "integer) as target, found " + ValueKind.ofNumber(v));
            }
            return (int) v;
        }
        if (y.rank() == 1) {
            return y.argmax(0).getInt();
        }
        throw new IllegalStateException("splitStratified: example " + index + " has a target of shape " + y.shape()
                + "; expected a class id or a one-hot vector");
    }

    private static double[] checkFractions(Dataset d, String op, double[] fractions) {
        DatasetChecks.checkUnbatched(d, op);
        if (d.orderDependsOnEpoch()) {
            throw new IllegalStateException(op + ": split before shuffling: this dataset's order changes every "
                    + "epoch, so its parts would too and share examples; call " + op + " first, then shuffle each part");
        }
        if (fractions == null || fractions.length == 0) {
            throw new IllegalArgumentException(op + ": expected at least one fraction");
        }
        double[] cum = new double[fractions.length];
        double s = 0;
        for (int i = 0; i < fractions.length; i++) {
            if (!(fractions[i] > 0 && fractions[i] <= 1)) {
                throw new IllegalArgumentException(op + ": fractions must be in (0, 1]. Received: "
                        + Arrays.toString(fractions));
            }
            s += fractions[i];
            cum[i] = s;
        }
        if (Math.abs(s - 1) > 1e-6) {
            throw new IllegalArgumentException(op + ": fractions must add up to 1; " + Arrays.toString(fractions)
                    + " add up to " + s);
        }
        cum[cum.length - 1] = 1.0;
        return cum;
    }

    private static int boundary(double[] cum, int k, int n) {
        return k == cum.length - 1 ? n : (int) Math.round(cum[k] * n);
    }

    private static int bucket(double[] cum, double u) {
        for (int k = 0; k < cum.length; k++) {
            if (u < cum[k]) {
                return k;
            }
        }
        return cum.length - 1;
    }
}
