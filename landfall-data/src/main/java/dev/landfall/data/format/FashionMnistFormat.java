package dev.landfall.data.format;

import dev.landfall.data.catalog.FashionMnist;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code fashion-mnist}: the folder of Fashion-MNIST's four gzipped IDX files (Debian's
 * {@code dataset-fashion-mnist} puts them in {@value FashionMnist#SYSTEM_DIR}). Its 60,000 training
 * images are the data; its 10,000 test images are the {@link RawData#ownTest()}.
 */
final class FashionMnistFormat implements DataFormat {
    @Override
    public String name() {
        return "fashion-mnist";
    }

    @Override
    public Kind kind() {
        return Kind.IMAGES;
    }

    @Override
    public boolean hasOwnTestSet() {
        return true;
    }

    @Override
    public String description() {
        return "the Fashion-MNIST folder of four .gz files (its test set is the 10,000 test images)";
    }

    @Override
    public boolean sniff(Path path) {
        return Files.isDirectory(path) && FashionMnist.locate(path).isPresent();
    }

    @Override
    public RawData read(Path path, ReadOptions o) {
        FashionMnist.Data f = FashionMnist.load(path);
        RawData train = RawData.ofImages(IdxFormat.channelsLast(f.trainImages()), f.trainLabels(),
                FashionMnist.CLASS_NAMES, "Fashion-MNIST from " + path + ": 60000 training images of 28x28x1");
        RawData test = RawData.ofImages(IdxFormat.channelsLast(f.testImages()), f.testLabels(), FashionMnist.CLASS_NAMES,
                "Fashion-MNIST test set from " + path + ": 10000 images of 28x28x1");
        test = test.withNotes(java.util.List.of("Using the Fashion-MNIST test set (" + test.size() + " images)"));
        return train.withDescription("Fashion-MNIST from " + path + ": " + train.size() + " training and " + test.size()
                + " test images of 28x28x1").withOwnTest(test);
    }
}
