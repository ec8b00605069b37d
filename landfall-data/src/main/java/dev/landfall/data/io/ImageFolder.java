package dev.landfall.data.io;

import dev.landfall.data.DataFormatException;
import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.tensor.Tensor;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images in one sub-folder per class (Keras {@code image_dataset_from_directory}): class ids follow the
 * sorted folder names; PNG, JPEG, BMP and GIF files are read through {@code javax.imageio}, resized
 * (bilinear) and returned channels-last with pixel values 0–255. Gray images are read from their raster
 * (their stored values, not an sRGB conversion) and resized on those values.
 *
 * <pre>{@code
 * ImageFolder.Data d = ImageFolder.read(Path.of("flowers"), 64, 64, ImageFolder.ColorMode.RGB);
 * d.images();  // [N, 64, 64, 3] float32
 * }</pre>
 */
public final class ImageFolder {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private ImageFolder() {
    }

    /** Grayscale (1 channel) or RGB (3 channels). */
    public enum ColorMode {
        GRAYSCALE(1), RGB(3);

        final int channels;

        ColorMode(int channels) {
            this.channels = channels;
        }
    }

    /**
     * @param images FLOAT32 {@code [N, height, width, channels]}, values 0–255
     * @param labels INT32 {@code [N]}
     * @param classNames the sub-folder names, sorted; a label indexes this list
     * @param files the image files, in example order
     */
    public record Data(Tensor images, Tensor labels, List<String> classNames, List<Path> files) {
        public Dataset toDataset() {
            return Datasets.fromTensors(images, labels);
        }
    }

    /**
     * Reads every image under {@code root}'s class folders. Files with other extensions and hidden
     * files are ignored.
     *
     * @throws DataFormatException naming the file that {@code ImageIO.read} cannot decode
     * @throws IllegalArgumentException if {@code root} has no class folders or no images
     */
    public static Data read(Path root, int height, int width, ColorMode mode) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("ImageFolder.read: height and width must be positive. Received: "
                    + height + "x" + width);
        }
        List<Path> classes = list(root).stream().filter(Files::isDirectory).sorted().toList();
        if (classes.isEmpty()) {
            throw new IllegalArgumentException(root + ": no class sub-folders; expected one folder per class");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            for (Path f : list(classes.get(c)).stream().filter(ImageFolder::isImageName).sorted().toList()) {
                files.add(f);
                labels.add(c);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(root + ": the class folders hold no images (" + EXTENSIONS + ")");
        }
        int ch = mode.channels;
        int each = height * width * ch;
        float[] out = new float[files.size() * each];
        for (int i = 0; i < files.size(); i++) {
            System.arraycopy(pixels(load(files.get(i)), height, width, ch), 0, out, i * each, each);
        }
        List<String> names = classes.stream().map(p -> p.getFileName().toString()).toList();
        int[] ys = labels.stream().mapToInt(Integer::intValue).toArray();
        return new Data(Tensor.wrap(out, files.size(), height, width, ch), Tensor.wrap(ys, ys.length), names,
                List.copyOf(files));
    }

    /**
     * The most pixels (width × height) an image may declare before it is decoded: {@value #DEFAULT_MAX_PIXELS}
     * (64 megapixels) unless the system property {@code landfall.image.maxPixels} says otherwise. An image
     * that declares more (a decompression bomb: a few KB that would decode into gigabytes) is refused
     * from its header, before any pixel is decoded.
     */
    public static final long DEFAULT_MAX_PIXELS = 64L << 20;

    /** The pixel limit in force ({@link #DEFAULT_MAX_PIXELS} or {@code -Dlandfall.image.maxPixels}). */
    public static long maxPixels() {
        return Long.getLong("landfall.image.maxPixels", DEFAULT_MAX_PIXELS);
    }

    /**
     * One image file.
     *
     * @throws DataFormatException if it is not an image {@code javax.imageio} can decode, or declares more
     *     pixels than {@link #maxPixels()}
     */
    public static BufferedImage load(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return decode(in, file.toString());
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), -1, -1, null, "cannot decode the image: " + e.getMessage(), e);
        }
    }

    /** An encoded image (PNG, JPEG, BMP, GIF) in memory; {@code name} names it in messages. */
    public static BufferedImage decode(byte[] encoded, String name) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(encoded))) {
            return decode(in, name);
        } catch (IOException e) {
            throw new DataFormatException(name, -1, -1, null, "cannot decode the image: " + e.getMessage(), e);
        }
    }

    private static BufferedImage decode(ImageInputStream in, String name) throws IOException {
        java.util.Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator()
                : ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new DataFormatException(name, -1, -1, null, "not an image that javax.imageio can decode (expected "
                    + "PNG, JPEG, BMP or GIF)");
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            long w = reader.getWidth(0);
            long h = reader.getHeight(0);
            if (w < 1 || h < 1 || w * h > maxPixels()) {
                throw new DataFormatException(name, -1, -1, null, "the image declares " + w + " x " + h + " pixels; "
                        + "the limit is " + maxPixels() + " (-Dlandfall.image.maxPixels)");
            }
            BufferedImage img = reader.read(0);
            if (img == null) {
                throw new DataFormatException(name, -1, -1, null, "not an image that javax.imageio can decode");
            }
            return img;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataFormatException d) {
                throw d;
            }
            throw new DataFormatException(name, -1, -1, null, "cannot decode the image: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * One decoded image as a channels-last tensor {@code [1, height, width, channels]} of values 0–255,
     * resized (bilinear) when its size differs; what a served image model takes.
     */
    public static Tensor toTensor(BufferedImage img, int height, int width, ColorMode mode) {
        return Tensor.wrap(pixels(img, height, width, mode.channels), 1, height, width, mode.channels);
    }

    /** One image as {@code [h, w, ch]} values 0–255, channels-last. */
    static float[] pixels(BufferedImage img, int h, int w, int ch) {
        float[] out = new float[h * w * ch];
        if (isGray(img)) {
            float[] g = resizeBilinear(graySamples(img), img.getHeight(), img.getWidth(), h, w);
            for (int p = 0; p < h * w; p++) {
                for (int c = 0; c < ch; c++) {
                    out[p * ch + c] = g[p];
                }
            }
            return out;
        }
        BufferedImage rgbImg = resize(img, h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = rgbImg.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
                int at = (y * w + x) * ch;
                if (ch == 1) {
                    out[at] = (float) Math.round(0.299 * r + 0.587 * g + 0.114 * b); // ITU-R BT.601 luma
                } else {
                    out[at] = r;
                    out[at + 1] = g;
                    out[at + 2] = b;
                }
            }
        }
        return out;
    }

    /**
     * A gray image (with or without alpha), not a palette one. Its samples are read from the raster:
     * {@code getRGB} would treat them as linear gray and convert them to sRGB (128 reads as 186).
     */
    private static boolean isGray(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        return !(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /** Band 0 of the raster, scaled to 0–255 when the samples have more than 8 bits (16-bit PNG). */
    private static float[] graySamples(BufferedImage img) {
        Raster r = img.getRaster();
        float[] v = r.getSamples(0, 0, r.getWidth(), r.getHeight(), 0, (float[]) null);
        int bits = img.getColorModel().getComponentSize(0);
        if (bits != 8) {
            float scale = 255f / ((1 << bits) - 1);
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
        }
        return v;
    }

    /**
     * Bilinear resize with half-pixel centres and edge clamping (what Keras's
     * {@code image_dataset_from_directory} does through {@code tf.image.resize}).
     */
    static float[] resizeBilinear(float[] src, int h0, int w0, int h, int w) {
        if (h0 == h && w0 == w) {
            return src;
        }
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            double sy = Math.min(Math.max((y + 0.5) * h0 / h - 0.5, 0), h0 - 1);
            int y0 = (int) sy, y1 = Math.min(y0 + 1, h0 - 1);
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.min(Math.max((x + 0.5) * w0 / w - 0.5, 0), w0 - 1);
                int x0 = (int) sx, x1 = Math.min(x0 + 1, w0 - 1);
                double fx = sx - x0;
                double top = src[y0 * w0 + x0] * (1 - fx) + src[y0 * w0 + x1] * fx;
                double bottom = src[y1 * w0 + x0] * (1 - fx) + src[y1 * w0 + x1] * fx;
                out[y * w + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    private static BufferedImage resize(BufferedImage src, int h, int w) {
        if (src.getWidth() == w && src.getHeight() == h) {
            return src;
        }
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return dst;
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }
}
