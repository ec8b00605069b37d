package dev.landfall.cli;

import dev.landfall.nn.layers.Layer;
import dev.landfall.nn.layers.Layers;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RescalingTest {
    @Test
    void scalesAndShiftsLikeKeras() {
        Rescaling.register();
        Layer l = Layers.fromConfig("Rescaling", Map.of("scale", 0.5, "offset", -1));
        Tensor y = l.forward(Tensor.wrap(new float[] {0, 2, 255}, 1, 3));
        assertArrayEquals(new float[] {-1, 0, 126.5f}, y.toFloatArray());
    }

    @Test
    void configRoundTrips() {
        Rescaling.register();
        Layer l = Layers.fromConfig("Rescaling", Map.of("scale", 1 / 255.0));
        Layer again = Layers.fromConfig("Rescaling", l.getConfig());
        assertEquals(l.getConfig().get("scale"), again.getConfig().get("scale"));
        assertEquals(0.0, again.getConfig().get("offset"));
        assertEquals(0, again.countParams());
    }
}
