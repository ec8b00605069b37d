package dev.landfall.data.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.landfall.tensor.Tensor;

/**
 * Normalizes channels-last images {@code [N, H, W, C]}: {@code x' = (x · scale - mean_c) / std_c}.
 * {@link #rescaling(double)} only rescales (Keras {@code Rescaling(1/255)}); {@link #adapt} learns
 * the per-channel mean and standard deviation of the rescaled training images (Keras
 * {@code Normalization(axis=-1)}).
 */
public final class ImageNormalization {
    static final String TYPE = "image_normalization";
    private final double scale;
    private double[] mean;
    private double[] std;

    private ImageNormalization(double scale, double[] mean, double[] std) {
        this.scale = scale;
        this.mean = mean;
        this.std = std;
    }

    /** {@code x · scale} only, e.g. {@code rescaling(1.0 / 255)}. */
    public static ImageNormalization rescaling(double scale) {
        return new ImageNormalization(scale, new double[0], new double[0]);
    }

    /** Rescaling then per-channel statistics to be learned by {@link #adapt}. */
    public static ImageNormalization perChannel(double scale) {
        return new ImageNormalization(scale, null, null);
    }

    /** Rescaling then the given per-channel mean and std (e.g. ImageNet's). */
    public static ImageNormalization of(double scale, double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("ImageNormalization: " + mean.length + " means but " + std.length + " stds");
        }
        return new ImageNormalization(scale, mean.clone(), std.clone());
    }

    public boolean isFitted() {
        return mean != null;
    }

    /** Learns per-channel mean and std (population) of {@code x · scale}. */
    public ImageNormalization adapt(Tensor images) {
        int c = channels(images);
        double[] v = images.toDoubleArray();
        double[] m = new double[c];
        double[] s = new double[c];
        for (int i = 0; i < v.length; i++) {
            m[i % c] += v[i] * scale;
        }
        long per = v.length / c;
        for (int k = 0; k < c; k++) {
            m[k] /= per;
        }
        for (int i = 0; i < v.length; i++) {
            double d = v[i] * scale - m[i % c];
            s[i % c] += d * d;
        }
        for (int k = 0; k < c; k++) {
            double sd = Math.sqrt(s[k] / per);
            s[k] = sd == 0 ? 1 : sd;
        }
        mean = m;
        std = s;
        return this;
    }

    /** Normalized images, FLOAT32, same shape (one image {@code [H, W, C]} works too). */
    public Tensor transform(Tensor images) {
        if (mean == null) {
            throw new IllegalStateException("ImageNormalization is not adapted yet; call adapt on training images first");
        }
        int c = channels(images);
        if (mean.length != 0 && mean.length != c) {
            throw new IllegalArgumentException("ImageNormalization was adapted to " + mean.length + " channels; the "
                    + "images have " + c + " (shape " + images.shape() + ")");
        }
        float[] v = images.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            double x = v[i] * scale;
            if (mean.length != 0) {
                x = (x - mean[i % c]) / std[i % c];
            }
            v[i] = (float) x;
        }
        return Tensor.wrap(v, images.shape().toArray());
    }

    private static int channels(Tensor images) {
        if (images.rank() != 3 && images.rank() != 4) {
            throw new IllegalArgumentException("ImageNormalization expects channels-last images [N, H, W, C] or "
                    + "[H, W, C]. Received: shape " + images.shape());
        }
        return images.dim(images.rank() - 1);
    }

    public ObjectNode toJson() {
        ObjectNode n = Transforms.node(TYPE);
        n.put("scale", scale);
        n.set("mean", Transforms.doubles(mean));
        n.set("std", Transforms.doubles(std));
        return n;
    }

    public static ImageNormalization fromJson(JsonNode n) {
        return new ImageNormalization(n.get("scale").asDouble(), Transforms.doubles(n.get("mean")),
                Transforms.doubles(n.get("std")));
    }
}
