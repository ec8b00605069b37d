package dev.landfall.data.augment;

import dev.landfall.tensor.DType;
import dev.landfall.tensor.Rng;
import dev.landfall.tensor.Tensor;

/**
 * Drops each non-padding token of an id sequence {@code [L]} with probability {@code rate}; the
 * survivors move left and the tail is padded with 0, so the length stays {@code L}. At least one
 * token always survives, so a sequence never becomes empty.
 */
public record TokenDropout(double rate) implements Augmentation {
    public TokenDropout {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("TokenDropout: rate must be in [0, 1). Received: " + rate);
        }
    }

    @Override
    public Tensor apply(Tensor x, Rng rng) {
        if (x.rank() != 1 || x.dtype() != DType.INT32) {
            throw new IllegalArgumentException("TokenDropout expects one int32 id sequence [length]. Received: "
                    + x.shape() + " " + x.dtype().displayName());
        }
        int[] ids = x.toIntArray();
        int[] out = new int[ids.length];
        int n = 0, firstKept = -1;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == 0) {
                continue;
            }
            if (firstKept < 0) {
                firstKept = ids[i];
            }
            if (rng.uniform(i) >= rate) {
                out[n++] = ids[i];
            }
        }
        if (n == 0 && firstKept >= 0) {
            out[0] = firstKept;
        }
        return Tensor.wrap(out, ids.length);
    }
}
