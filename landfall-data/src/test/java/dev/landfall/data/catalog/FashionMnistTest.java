package dev.landfall.data.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @Test
    void loadsFromTheDebianPackage() {
        boolean present = FashionMnist.locate(Path.of(FashionMnist.SYSTEM_DIR)).isPresent();
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but Fashion-MNIST is absent: " + FashionMnist.howToGet(
                    Path.of(FashionMnist.SYSTEM_DIR)) + "\n(.ci/run installs it with apt-get)");
        }
        Assumptions.assumeTrue(present, "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        FashionMnist.Data d = FashionMnist.load();
        assertArrayEquals(new int[] {60000, 28, 28}, d.trainImages().shape().toArray());
        assertArrayEquals(new int[] {10000, 28, 28}, d.testImages().shape().toArray());
        int[] counts = new int[10];
        for (int y : d.trainLabels().toIntArray()) {
            counts[y]++;
        }
        int[] six = new int[10];
        Arrays.fill(six, 6000);
        assertArrayEquals(six, counts, "60,000 training labels, 6,000 per class 0-9");
        assertEquals(10000, d.testLabels().toIntArray().length);
        assertEquals(255f, d.trainImages().max().toFloatArray()[0]);
        assertEquals(60000, d.train().cardinality());
    }

    @Test
    void saysHowToGetItWhenAbsent(@TempDir Path empty) {
        var e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(empty));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    }

    static byte[] idx(int magic, int... dims) throws java.io.IOException {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + n);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var g = new java.util.zip.GZIPOutputStream(out)) {
            g.write(b.array());
        }
        return out.toByteArray();
    }

    @Test
    void imageAndLabelCountsMustAgree(@TempDir Path dir) throws java.io.IOException {
        java.nio.file.Files.write(dir.resolve(FashionMnist.FILES.get(0)), idx(0x803, 3, 2, 2));
        java.nio.file.Files.write(dir.resolve(FashionMnist.FILES.get(1)), idx(0x801, 2));
        java.nio.file.Files.write(dir.resolve(FashionMnist.FILES.get(2)), idx(0x803, 1, 2, 2));
        java.nio.file.Files.write(dir.resolve(FashionMnist.FILES.get(3)), idx(0x801, 1));
        var e = assertThrows(dev.landfall.data.DataFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().startsWith("train-labels-idx1-ubyte.gz: holds labels of shape [2] but "
                + "train-images-idx3-ubyte.gz holds images of shape [3, 2, 2]"), e.getMessage());
    }
}
