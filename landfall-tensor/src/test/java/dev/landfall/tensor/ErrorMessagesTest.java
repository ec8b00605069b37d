package dev.landfall.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input raises an exception whose message names the operation and the shapes or the bad value. */
class ErrorMessagesTest {
    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private static void assertMentions(String msg, String... parts) {
        for (String p : parts) {
            assertTrue(msg.contains(p), "message should mention '" + p + "': " + msg);
        }
    }

    @Test
    void matmulNamesBothShapesAndTheInnerDimensions() {
        String msg = message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)));
        assertEquals("cannot matmul [2, 3] and [4, 5]: inner dimensions 3 and 4 differ", msg);
        assertMentions(message(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 4))), "[2, 2, 3]", "[3, 3, 4]", "batch");
    }

    @Test
    void broadcastingFailureNamesTheOpAndBothShapes() {
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4))),
                "add", "[2, 3]", "[4]");
        assertMentions(message(IllegalArgumentException.class,
                () -> Tensor.where(Tensor.zeros(2).gt(0.0), Tensor.zeros(3), Tensor.zeros(2))), "[2]", "[3]");
    }

    @Test
    void badAxisNamesTheAxisAndTheRank() {
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(2)), "sum", "axis 2", "rank 2");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).softmax(-3)), "axis -3");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(new int[] {1, -1}, false)),
                "repeated");
    }

    @Test
    void wrongDtypeNamesTheDtypeAndTheFix() {
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.arange(3).exp()), "exp", "INT32", "FLOAT32");
        assertMentions(message(IllegalArgumentException.class,
                () -> Tensor.where(Tensor.ones(2), Tensor.ones(2), Tensor.ones(2))), "BOOL", "FLOAT32");
        assertMentions(message(IllegalArgumentException.class,
                () -> Tensor.ones(3).gather(0, Tensor.ones(2))), "INT32", "FLOAT32");
    }

    @Test
    void gatherIndexOutOfRangeNamesTheIndexAndTheSize() {
        assertMentions(message(IndexOutOfBoundsException.class,
                () -> Tensor.zeros(5, 3).gather(0, Tensor.fromArray(new int[] {1, 7}))), "index 7", "size 5", "[5, 3]");
        assertMentions(message(IndexOutOfBoundsException.class,
                () -> Tensor.oneHot(Tensor.fromArray(new int[] {0, 3}), 3)), "3", "[0, 3)");
    }

    @Test
    void reshapeConcatAndExpandNameTheShapes() {
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2)), "[2, 3]", "[4, 2]");
        assertMentions(message(IllegalArgumentException.class,
                () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4))), "[2, 3]", "[2, 4]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(4, 3)), "[2, 3]", "[4, 3]");
    }

    @Test
    void convolutionNamesInputAndKernelShapes() {
        assertMentions(message(IllegalArgumentException.class,
                () -> Functional.conv2d(Tensor.zeros(1, 5, 5, 3), Tensor.zeros(3, 3, 4, 8))),
                "[1, 5, 5, 3]", "[3, 3, 4, 8]", "3 channels");
        assertMentions(message(IllegalArgumentException.class,
                () -> Functional.conv2d(Tensor.zeros(5, 5, 3), Tensor.zeros(3, 3, 3, 8))), "[5, 5, 3]");
        assertMentions(message(IllegalArgumentException.class,
                () -> Functional.maxPool2d(Tensor.zeros(1, 2, 2, 1), new int[] {3, 3}, null, Padding.VALID)),
                "larger", "same");
        assertMentions(message(IllegalArgumentException.class, () -> Functional.dropout(Tensor.zeros(2), 1.0, Rng.of(1))),
                "rate=1.0");
    }

    @Test
    void creationRejectsBadSizes() {
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, -1)), "[2, -1]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.fromArray(new float[] {1, 2, 3}, 2, 2)),
                "3 values", "[2, 2]");
        assertMentions(message(IllegalArgumentException.class, () -> Padding.of("full")), "padding=full");
    }
}
