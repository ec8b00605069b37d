package dev.landfall.data.format;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.io.IdxReader;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code idx}: the MNIST family's binary tensors, gzipped or not. Images {@code [N, H, W]} gain a
 * channel axis ({@code [N, H, W, 1]}); labels come from a second IDX file ({@link ReadOptions#labelsFile}).
 */
final class IdxFormat implements DataFormat {
    @Override
    public String name() {
        return "idx";
    }

    @Override
    public Kind kind() {
        return Kind.IMAGES;
    }

    @Override
    public String description() {
        return "IDX images (the MNIST family, gzipped or not), with an IDX file of labels";
    }

    @Override
    public boolean sniff(Path path) {
        byte[] h = Sniff.head(path, 4);
        return h.length == 4 && h[0] == 0 && h[1] == 0 && List.of(0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E).contains(h[2] & 0xFF)
                && h[3] >= 1 && h[3] <= 4;
    }

    @Override
    public RawData read(Path path, ReadOptions o) {
        Tensor x = channelsLast(IdxReader.read(path, DType.FLOAT32));
        Tensor y = null;
        if (o.labelsFile() != null) {
            y = IdxReader.read(o.labelsFile(), DType.INT32);
            if (y.rank() != 1 || y.shape().dim(0) != x.shape().dim(0)) {
                throw new DataFormatException(String.valueOf(o.labelsFile().getFileName()), -1, -1, null, "expected "
                        + x.shape().dim(0) + " labels (one per image of " + path.getFileName() + "), the file holds "
                        + "shape " + y.shape());
            }
        }
        return RawData.ofImages(x, y, List.of(), path.getFileName() + " (idx): " + x.shape().dim(0) + " images of "
                + x.shape());
    }

    /** Adds the channel axis to {@code [N, H, W]} grayscale images. */
    static Tensor channelsLast(Tensor images) {
        int[] s = images.shape().toArray();
        return s.length == 3 ? images.reshape(s[0], s[1], s[2], 1) : images;
    }
}
