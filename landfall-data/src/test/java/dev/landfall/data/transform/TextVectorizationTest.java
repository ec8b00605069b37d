package dev.landfall.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.landfall.data.transform.TextVectorization.OutputMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden values worked out by hand from Keras 3's {@code index_lookup.py}: vocabulary order
 * {@code np.lexsort((tokens, counts))[::-1]}, idf {@code log(1 + N / (1 + df))}, OOV idf = mean idf,
 * and {@code _oov_start_index} = 1 only in "int" mode.
 */
class TextVectorizationTest {
    // counts: a 2, b 1, c 1, d 1; df: a 2, others 1; N = 3 documents
    static final List<String> DOCS = List.of("b a", "c a", "d");
    static final double IDF_A = Math.log(1 + 3 / 3.0);
    static final double IDF_1 = Math.log(1 + 3 / 2.0);

    @Test
    void equalCountsAreInDescendingTokenOrder() {
        var tv = new TextVectorization(0, OutputMode.INT, 3).adapt(DOCS);
        assertEquals(List.of("", "[UNK]", "a", "d", "c", "b"), tv.vocabulary());
        assertArrayEquals(new int[] {5, 2, 1}, tv.transform(List.of("b a zzz")).toIntArray());
    }

    @Test
    void bagOfWordsModesHaveNoPaddingIndex() {
        for (OutputMode mode : List.of(OutputMode.MULTI_HOT, OutputMode.COUNT, OutputMode.TF_IDF)) {
            var tv = new TextVectorization(0, mode, 0).adapt(DOCS);
            assertEquals(List.of("[UNK]", "a", "d", "c", "b"), tv.vocabulary(), mode.name());
            assertEquals(0, tv.id("zzz"), mode.name());
        }
        var count = new TextVectorization(0, OutputMode.COUNT, 0).adapt(DOCS);
        assertArrayEquals(new float[] {2, 1, 0, 0, 1}, count.transform(List.of("zzz b a yyy")).toFloatArray());
    }

    @Test
    void maxTokensCountsOnlyTheSpecialIdsEachModeHas() {
        assertEquals(List.of("", "[UNK]", "a", "d"), new TextVectorization(4, OutputMode.INT, 2).adapt(DOCS)
                .vocabulary());
        assertEquals(List.of("[UNK]", "a", "d", "c"), new TextVectorization(4, OutputMode.MULTI_HOT, 0).adapt(DOCS)
                .vocabulary());
    }

    @Test
    void outOfVocabularyTfIdfWeightIsTheMeanTokenWeight() {
        var tv = new TextVectorization(0, OutputMode.TF_IDF, 0).adapt(DOCS);
        double oov = (IDF_A + 3 * IDF_1) / 4; // 0.8605...
        float[] v = tv.transform(List.of("zzz zzz a d")).toFloatArray();
        assertArrayEquals(new float[] {(float) (2 * oov), (float) IDF_A, (float) IDF_1, 0, 0}, v, 1e-6f);
        assertEquals(1.7210106f, v[0], 1e-6f);
    }
}
