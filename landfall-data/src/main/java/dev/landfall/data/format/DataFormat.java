package dev.landfall.data.format;

import java.nio.file.Path;
import java.util.List;

/**
 * One way data can be stored (CSV, IDX, a folder of images …), registered once under one name in
 * {@link DataFormats}: the CLI's {@code --format}, pipeline files' {@code data.format} and the
 * {@code Predictor} all find it there. Adding a format is one class and one
 * {@link DataFormats#register} call.
 */
public interface DataFormat {
    /** What a format holds: table rows (numbers, categories, text) or images. */
    enum Kind {
        TABLE, IMAGES
    }

    /** The one name ({@code csv}, {@code image-folder}). */
    String name();

    /** Other names that keep working ({@code text-json} for {@code json}). */
    default List<String> aliases() {
        return List.of();
    }

    Kind kind();

    /** Whether the format brings a test set of its own ({@link RawData#ownTest()}), so a split needs no test part. */
    default boolean hasOwnTestSet() {
        return false;
    }

    /** One line for help texts: what the format is. */
    String description();

    /**
     * Whether {@code path} looks like this format (cheap: a name, a folder's files, a few leading
     * bytes). {@link DataFormats#sniff} asks the formats in registration order.
     */
    boolean sniff(Path path);

    /**
     * Reads the file (or folder).
     *
     * @throws dev.landfall.data.DataFormatException naming the file, line and field of what is off
     */
    RawData read(Path path, ReadOptions options);
}
