package dev.landfall.nn.layers;

import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class RescalingTest {
    @Test
    void scalesAndShiftsLikeKeras() {
        Layer l = Layers.fromConfig("Rescaling", Map.of("scale", 0.5, "offset", -1));
        Tensor y = l.forward(Tensor.wrap(new float[] {0, 2, 255}, 1, 3));
        assertArrayEquals(new float[] {-1, 0, 126.5f}, y.toFloatArray());
    }
}
