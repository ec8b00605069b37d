package dev.landfall.data.format;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.io.ImageFolder;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code image-folder}: one sub-folder of PNG/JPEG/BMP/GIF images per class (Keras's
 * {@code image_dataset_from_directory}), resized to {@link ReadOptions#imageSize}; class ids follow
 * the sorted folder names.
 */
final class ImageFolderFormat implements DataFormat {
    @Override
    public String name() {
        return "image-folder";
    }

    @Override
    public Kind kind() {
        return Kind.IMAGES;
    }

    @Override
    public String description() {
        return "a folder with one sub-folder of images per class (PNG, JPEG, BMP, GIF)";
    }

    @Override
    public boolean sniff(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public RawData read(Path path, ReadOptions o) {
        if (o.imageSize() == null) {
            throw new DataFormatException(String.valueOf(path), -1, -1, null, "the image size to resize to is needed "
                    + "(image_size: [height, width])");
        }
        ImageFolder.Data f = ImageFolder.read(path, o.imageSize()[0], o.imageSize()[1], o.colorMode());
        return RawData.ofImages(f.images(), f.labels(), f.classNames(), path + " (image-folder): " + f.images().dim(0)
                + " images");
    }
}
