package dev.landfall.nn;

import dev.landfall.nn.layers.Add;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.layers.SymbolicTensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest {
    @Test
    void briefModelSummaryMatchesKerasExactly() {
        Sequential model = Sequential.of(
                Input.of(30),
                Dense.of(128, Activations.RELU),
                Dense.of(64, Activations.RELU),
                Dense.of(1, Activations.SIGMOID));
        String expected = """
                Model: "sequential"
                _________________________________________________________________
                 Layer (type)                Output Shape              Param #
                =================================================================
                 dense (Dense)               (None, 128)               3968
                 dense_1 (Dense)             (None, 64)                8256
                 dense_2 (Dense)             (None, 1)                 65
                =================================================================
                Total params: 12289
                Trainable params: 12289
                Non-trainable params: 0
                _________________________________________________________________
                """;
        assertEquals(expected, model.summary());
    }

    @Test
    void functionalSummaryAddsConnectedTo() {
        Input a = Input.of(4);
        SymbolicTensor h = Dense.of(4).apply(a);
        SymbolicTensor s = Add.of().apply(h, a);
        Model m = Model.of(a, Dense.of(1).apply(s));
        String summary = m.summary();
        assertTrue(summary.contains("\n input_layer (InputLayer)       [(None, 4)]          0           []\n"), summary);
        assertTrue(summary.contains("\n add (Add)                      (None, 4)            0           ['dense[0][0]',\n"
                + "                                                                  'input_layer[0][0]']\n"), summary);
        assertTrue(summary.contains("Total params: 25"), summary);
        assertEquals(List.of("input_layer", "dense", "add", "dense_1"), m.layers().stream().map(l -> l.name()).toList());
    }
}
