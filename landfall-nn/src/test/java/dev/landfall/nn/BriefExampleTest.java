package dev.landfall.nn;

import dev.landfall.Landfall;
import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.io.SklearnCsv;
import dev.landfall.data.transform.StandardScaler;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The brief's §5 model on Breast Cancer Wisconsin beats the brief's 0.92. */
class BriefExampleTest {
    static final Path DATA = Path.of("../examples/data/breast_cancer.csv");

    @Test
    void briefModelBeatsTheBriefOnBreastCancer() {
        Landfall.setSeed(42);
        SklearnCsv.Data data = SklearnCsv.read(DATA);
        List<Dataset> parts = data.toDataset().splitStratified(42, 0.6, 0.2, 0.2);
        Tensor trainX = stack(parts.get(0), true);
        Tensor trainY = stack(parts.get(0), false);
        StandardScaler scaler = new StandardScaler().fit(trainX);
        Dataset train = Datasets.fromTensors(scaler.transform(trainX), trainY.reshape(-1, 1));
        Dataset val = Datasets.fromTensors(scaler.transform(stack(parts.get(1), true)), stack(parts.get(1), false).reshape(-1, 1));
        Dataset test = Datasets.fromTensors(scaler.transform(stack(parts.get(2), true)), stack(parts.get(2), false).reshape(-1, 1));

        Sequential model = Sequential.of(Input.of(30), Dense.of(128, Activations.RELU), Dense.of(64, Activations.RELU),
                Dense.of(1, Activations.SIGMOID));
        model.compile(Optimizers.adam(1e-3), Losses.binaryCrossentropy(), Metrics.accuracy());
        History h = model.fit(train, FitOptions.epochs(10).batchSize(32).validationData(val)
                .verbosity(FitOptions.Verbosity.SILENT));
        assertEquals(10, h.get("loss").size());
        assertTrue(h.last("loss") < h.get("loss").get(0), "loss should fall: " + h.get("loss"));
        double acc = model.evaluate(test).get("accuracy");
        assertTrue(acc >= 0.95, "test accuracy " + acc);
    }

    static Tensor stack(Dataset d, boolean features) {
        List<Tensor> ts = new java.util.ArrayList<>();
        d.forEach(e -> ts.add(features ? e.features().single() : e.target().single().to(dev.landfall.tensor.DType.FLOAT32)));
        return Tensor.stack(0, ts.toArray(Tensor[]::new));
    }
}
