package dev.landfall.data.transform;

import dev.landfall.data.config.ConfigNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.data.table.Column;
import dev.landfall.data.table.Table;
import dev.landfall.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns text into token ids or bag-of-words vectors, like Keras 3 {@code TextVectorization}
 * ({@code keras/src/layers/preprocessing/index_lookup.py}): lower-case, strip punctuation, split on
 * whitespace; the vocabulary holds the most frequent training tokens, equal counts in descending token
 * order (Keras sorts with {@code np.lexsort((tokens, counts))[::-1]}), at most {@code maxTokens} entries
 * in all:
 * <ul>
 * <li>{@code INT}: id 0 = padding, 1 = out-of-vocabulary ({@code [UNK]}), then {@code maxTokens − 2}
 * tokens; output {@code [N, sequenceLength]} INT32, truncated or padded with 0 at the end.
 * <li>{@code MULTI_HOT}, {@code COUNT}, {@code TF_IDF}: no padding index; 0 = {@code [UNK]}, then
 * {@code maxTokens − 1} tokens; output {@code [N, vocabularySize]} FLOAT32. TF-IDF is
 * {@code count · idf} with {@code idf = log(1 + N / (1 + df))} for a token and, for {@code [UNK]}, the
 * mean idf of the learned tokens (Keras cannot know the real one in a single pass either).
 * </ul>
 *
 * <pre>{@code
 * var tv = new TextVectorization(10_000, TextVectorization.OutputMode.INT, 40);
 * tv.adapt(trainTexts);
 * Tensor ids = tv.transform(List.of("A great phone!"));  // [1, 40]
 * }</pre>
 */
public final class TextVectorization implements Transform {
    static final String TYPE = "text_vectorization";
    public static final String PAD = "";
    public static final String OOV = "[UNK]";
    private static final Pattern PUNCT = Pattern.compile("[\\p{Punct}\\p{IsPunctuation}]");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    /** What {@link #transform} returns. */
    public enum OutputMode { INT, MULTI_HOT, COUNT, TF_IDF }

    private final int maxTokens;
    private final OutputMode mode;
    private final int sequenceLength;
    private final boolean lowercase;
    private final boolean stripPunctuation;
    private List<String> vocabulary;
    private Map<String, Integer> ids;
    private double[] idf;

    /** Lower-cases and strips punctuation. {@code maxTokens} 0 means no limit. */
    public TextVectorization(int maxTokens, OutputMode mode, int sequenceLength) {
        this(maxTokens, mode, sequenceLength, true, true);
    }

    public TextVectorization(int maxTokens, OutputMode mode, int sequenceLength, boolean lowercase,
            boolean stripPunctuation) {
        int least = mode == OutputMode.INT ? 3 : 2;
        if (maxTokens != 0 && maxTokens < least) {
            throw new IllegalArgumentException("TextVectorization: maxTokens must be 0 (no limit) or at least " + least
                    + " (" + (mode == OutputMode.INT ? "padding, " : "") + "out-of-vocabulary and one token). "
                    + "Received: " + maxTokens);
        }
        if (mode == OutputMode.INT && sequenceLength < 1) {
            throw new IllegalArgumentException("TextVectorization: INT output needs a positive sequenceLength. "
                    + "Received: " + sequenceLength);
        }
        this.maxTokens = maxTokens;
        this.mode = mode;
        this.sequenceLength = sequenceLength;
        this.lowercase = lowercase;
        this.stripPunctuation = stripPunctuation;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isFitted() {
        return vocabulary != null;
    }

    /** The vocabulary by id: "" (padding, INT mode only), "[UNK]", then tokens by frequency. */
    public List<String> vocabulary() {
        requireFitted();
        return vocabulary;
    }

    public OutputMode outputMode() {
        return mode;
    }

    /** The tokens of one text after standardization. */
    public List<String> tokenize(String text) {
        String s = text == null ? "" : text;
        if (lowercase) {
            s = s.toLowerCase(Locale.ROOT);
        }
        if (stripPunctuation) {
            s = PUNCT.matcher(s).replaceAll("");
        }
        s = s.strip();
        return s.isEmpty() ? List.of() : Arrays.asList(SPACE.split(s));
    }

    /** Learns the vocabulary (and document frequencies for TF-IDF) from training texts. */
    public TextVectorization adapt(List<String> texts) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> df = new HashMap<>();
        for (String t : texts) {
            List<String> toks = tokenize(t);
            toks.forEach(w -> counts.merge(w, 1, Integer::sum));
            new HashSet<>(toks).forEach(w -> df.merge(w, 1, Integer::sum));
        }
        List<String> sorted = new ArrayList<>(counts.keySet());
        Comparator<String> byCount = Comparator.comparing(counts::get);
        sorted.sort(byCount.thenComparing(TextVectorization::compareCodePoints).reversed());
        List<String> vocab = new ArrayList<>();
        if (mode == OutputMode.INT) {
            vocab.add(PAD);
        }
        vocab.add(OOV);
        int start = vocab.size();
        int keep = maxTokens == 0 ? sorted.size() : Math.min(sorted.size(), maxTokens - start);
        vocab.addAll(sorted.subList(0, keep));
        double[] w = null;
        if (mode == OutputMode.TF_IDF) {
            w = new double[vocab.size()];
            double sum = 0;
            for (int k = start; k < w.length; k++) {
                w[k] = Math.log(1 + texts.size() / (1.0 + df.get(vocab.get(k))));
                sum += w[k];
            }
            w[oovId()] = keep == 0 ? 0 : sum / keep; // Keras pads the front with the mean idf
        }
        setState(vocab, w);
        return this;
    }

    /** Code-point order, which is the byte order of UTF-8 that NumPy sorts Keras's tokens in. */
    private static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** The id of {@code [UNK]}: 1 after padding in INT mode, else 0. */
    private int oovId() {
        return mode == OutputMode.INT ? 1 : 0;
    }

    private void setState(List<String> vocab, double[] weights) {
        vocabulary = List.copyOf(vocab);
        ids = new HashMap<>();
        for (int k = 0; k < vocabulary.size(); k++) {
            ids.put(vocabulary.get(k), k);
        }
        idf = weights;
    }

    @Override
    public void fit(Table table, List<String> columns) {
        adapt(texts(table, columns));
    }

    @Override
    public Tensor transform(Table table, List<String> columns) {
        return transform(texts(table, columns));
    }

    /** The id of a token ({@code [UNK]}'s id, 1 in INT mode and 0 otherwise, when out of vocabulary). */
    public int id(String token) {
        requireFitted();
        return ids.getOrDefault(token, oovId());
    }

    /** Encodes texts; see the class comment for the output of each mode. */
    public Tensor transform(List<String> texts) {
        requireFitted();
        int n = texts.size();
        if (mode == OutputMode.INT) {
            int[] out = new int[n * sequenceLength];
            for (int i = 0; i < n; i++) {
                List<String> toks = tokenize(texts.get(i));
                for (int k = 0; k < Math.min(sequenceLength, toks.size()); k++) {
                    out[i * sequenceLength + k] = id(toks.get(k));
                }
            }
            return Tensor.wrap(out, n, sequenceLength);
        }
        int v = vocabulary.size();
        float[] out = new float[n * v];
        for (int i = 0; i < n; i++) {
            for (String tok : tokenize(texts.get(i))) {
                int k = id(tok);
                out[i * v + k] = mode == OutputMode.MULTI_HOT ? 1f : out[i * v + k] + 1f;
            }
            if (mode == OutputMode.TF_IDF) {
                for (int k = 0; k < v; k++) {
                    out[i * v + k] = (float) (out[i * v + k] * idf[k]);
                }
            }
        }
        return Tensor.wrap(out, n, v);
    }

    @Override
    public int outputWidth(int inputColumns) {
        return mode == OutputMode.INT ? sequenceLength : vocabulary().size();
    }

    private static List<String> texts(Table table, List<String> columns) {
        if (columns.size() != 1) {
            throw new IllegalArgumentException("TextVectorization takes one text column; got " + columns);
        }
        Column c = table.column(columns.get(0));
        List<String> out = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            out.add(c.isMissing(i) ? "" : c.text(i));
        }
        return out;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = Transforms.node(TYPE);
        n.put("max_tokens", maxTokens);
        n.put("output_mode", mode.name().toLowerCase(Locale.ROOT));
        n.put("sequence_length", sequenceLength);
        n.put("lowercase", lowercase);
        n.put("strip_punctuation", stripPunctuation);
        if (vocabulary == null) {
            n.putNull("vocabulary");
        } else {
            n.set("vocabulary", Transforms.strings(vocabulary));
        }
        n.set("idf", Transforms.doubles(idf));
        return n;
    }

    static TextVectorization fromJson(ConfigNode n) {
        String mode = n.choice("output_mode", null, java.util.Arrays.stream(OutputMode.values())
                .map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
        if (mode == null) {
            throw n.get("output_mode").error("required but missing");
        }
        TextVectorization t = new TextVectorization(n.nonNegativeInt("max_tokens", 0),
                OutputMode.valueOf(mode.toUpperCase(Locale.ROOT)), n.nonNegativeInt("sequence_length", 0),
                n.bool("lowercase", true), n.bool("strip_punctuation", true));
        if (!n.get("vocabulary").isMissing()) {
            List<String> vocab = n.get("vocabulary").texts();
            if (new HashSet<>(vocab).size() != vocab.size()) {
                throw n.get("vocabulary").error("the vocabulary lists a token twice");
            }
            double[] idf = n.get("idf").numbers();
            if (idf != null && idf.length != vocab.size()) {
                throw n.get("idf").error("expected " + vocab.size() + " values (one per token), got " + idf.length);
            }
            if (vocab.size() <= t.oovId() || !OOV.equals(vocab.get(t.oovId()))) {
                throw new IllegalArgumentException("TextVectorization: the saved vocabulary does not have " + OOV
                        + " at id " + t.oovId() + " (saved by an older Landfall?); fit the transform again");
            }
            t.setState(vocab, idf);
        }
        return t;
    }

    @Override
    public void checkState(int columns) {
        requireFitted();
        if (columns != 1) {
            throw new IllegalArgumentException(TYPE + " reads one text column, not " + columns);
        }
    }

    /** Distinct tokens of the vocabulary (for tests and reports). */
    Set<String> tokenSet() {
        return new HashSet<>(vocabulary());
    }
}
