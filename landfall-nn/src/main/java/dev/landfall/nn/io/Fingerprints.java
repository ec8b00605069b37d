package dev.landfall.nn.io;

import dev.landfall.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints of data, so a model file records exactly what it was trained on. */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** The SHA-256 of each tensor's dtype, shape and little-endian bytes, in order, as hex. */
    public static String of(Tensor... tensors) {
        MessageDigest md = sha256();
        for (Tensor t : tensors) {
            md.update((t.dtype() + t.shape().toString()).getBytes(StandardCharsets.UTF_8));
            md.update(SafeTensors.write(java.util.Map.of("t", t), null));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The SHA-256 of bytes, as hex. */
    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
