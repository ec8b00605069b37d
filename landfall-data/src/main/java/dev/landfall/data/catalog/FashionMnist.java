package dev.landfall.data.catalog;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.io.IdxReader;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017; MIT): 60,000 training and 10,000 test images of 28×28
 * grayscale clothing items in 10 classes. Landfall has no downloader: it finds the four gzipped IDX
 * files in {@value #SYSTEM_DIR} (Debian/Ubuntu's {@code dataset-fashion-mnist} package) or in a folder
 * you give, and says how to get them when they are absent.
 *
 * <pre>{@code
 * FashionMnist.Data d = FashionMnist.load();   // images [60000, 28, 28] float32 0-255, labels int32
 * }</pre>
 */
public final class FashionMnist {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final String SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";
    public static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /**
     * @param trainImages FLOAT32 {@code [60000, 28, 28]}, 0–255
     * @param trainLabels INT32 {@code [60000]}, 0–9
     * @param testImages FLOAT32 {@code [10000, 28, 28]}
     * @param testLabels INT32 {@code [10000]}
     */
    public record Data(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels) {
        public Dataset train() {
            return Datasets.fromTensors(trainImages, trainLabels);
        }

        public Dataset test() {
            return Datasets.fromTensors(testImages, testLabels);
        }
    }

    /** The folder holding all four files, if {@code dir} does. */
    public static Optional<Path> locate(Path dir) {
        return FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f))) ? Optional.of(dir) : Optional.empty();
    }

    /** Loads from {@value #SYSTEM_DIR}. @throws DatasetNotFoundException saying how to get it */
    public static Data load() {
        return load(Path.of(SYSTEM_DIR));
    }

    /**
     * Loads from {@code dir}.
     *
     * @throws DatasetNotFoundException saying how to get it
     * @throws DataFormatException if a file is not IDX, or the image and label counts differ
     */
    public static Data load(Path dir) {
        Path d = locate(dir).orElseThrow(() -> new DatasetNotFoundException(howToGet(dir)));
        Tensor[] t = new Tensor[FILES.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = IdxReader.read(d.resolve(FILES.get(i)), i % 2 == 0 ? DType.FLOAT32 : DType.INT32);
        }
        for (int i = 0; i < t.length; i += 2) {
            if (t[i].rank() < 1 || t[i + 1].rank() != 1 || t[i].dim(0) != t[i + 1].dim(0)) {
                throw new DataFormatException(FILES.get(i + 1), -1, -1, null, "holds labels of shape " + t[i + 1].shape()
                        + " but " + FILES.get(i) + " holds images of shape " + t[i].shape() + "; expected one label "
                        + "per image (a truncated or mismatched download?)");
            }
        }
        return new Data(t[0], t[1], t[2], t[3]);
    }

    /** The message for an absent dataset: what was looked for, and how to get it. */
    public static String howToGet(Path dir) {
        List<String> missing = FILES.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
        return "Fashion-MNIST not found in " + dir + " (missing " + missing + "). Landfall does not download data. "
                + "Get it with one of:\n"
                + "  - Debian/Ubuntu: sudo apt-get install dataset-fashion-mnist   (installs into " + SYSTEM_DIR + ")\n"
                + "  - download the four files " + FILES + " from https://github.com/zalandoresearch/fashion-mnist "
                + "(data/fashion) into a folder and pass that folder";
    }
}
