package com.example.landfall;

import dev.landfall.Landfall;
import dev.landfall.data.Dataset;
import dev.landfall.data.Datasets;
import dev.landfall.data.Example;
import dev.landfall.data.format.DataFormats;
import dev.landfall.data.format.Labels;
import dev.landfall.data.format.RawData;
import dev.landfall.data.format.ReadOptions;
import dev.landfall.data.table.Table;
import dev.landfall.data.transform.Pipeline;
import dev.landfall.data.transform.StandardScaler;
import dev.landfall.nn.Activations;
import dev.landfall.nn.Evaluation;
import dev.landfall.nn.FitOptions;
import dev.landfall.nn.Losses;
import dev.landfall.nn.Metrics;
import dev.landfall.nn.Optimizers;
import dev.landfall.nn.Sequential;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.SaveOptions;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.predict.Prediction;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.tensor.DType;
import dev.landfall.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Landfall from a project of your own: read Breast Cancer Wisconsin, split it, fit the preprocessing
 * on the training part, train the worked example's classifier, save it with its preprocessing and
 * labels, load it back as a {@link Predictor} and predict raw records.
 */
public final class JavaApiExample {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../data/breast_cancer.csv");
        Landfall.setSeed(42);

        // 1. Read: any registered format (csv, sklearn-csv, json, idx, image-folder, ...), here scikit-learn's CSV.
        RawData raw = DataFormats.read(data, "sklearn-csv", ReadOptions.defaults().label("target"));
        Labels labels = Labels.encode(raw.labels(), raw.classNames(), true, data.getFileName() + " column 'target'");

        // 2. Split by row index, stratified: 60% train, 20% validation, 20% test.
        int n = raw.size();
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        List<Dataset> parts = Datasets.fromTensors(Tensor.wrap(ids, n), labels.classIds())
                .splitStratified(42, 0.6, 0.2, 0.2);
        int[][] rows = new int[3][];
        for (int k = 0; k < 3; k++) {
            List<Integer> part = new ArrayList<>();
            for (Example e : parts.get(k)) {
                part.add((int) e.features().single().item());
            }
            rows[k] = part.stream().mapToInt(Integer::intValue).toArray();
        }
        Table train = raw.table().selectRows(rows[0]);

        // 3. Preprocessing fitted on the training rows only; it travels inside the model file.
        Pipeline pipeline = Pipeline.of(new Pipeline.Step(train.names(), new StandardScaler())).fit(train);

        // 4. The model: Dense 128 ReLU -> Dense 64 ReLU -> Dense 1 sigmoid, Adam, binary cross-entropy.
        Sequential model = Sequential.of(
                Input.of(train.names().size()),
                Dense.of(128, Activations.RELU),
                Dense.of(64, Activations.RELU),
                Dense.of(1, Activations.SIGMOID));
        model.compile(Optimizers.adam(1e-3), Losses.binaryCrossentropy(), Metrics.accuracy());
        Dataset[] sets = new Dataset[3];
        for (int k = 0; k < 3; k++) {
            Tensor x = pipeline.transform(raw.table().selectRows(rows[k]));
            Tensor y = labels.select(rows[k]).classIds().to(DType.FLOAT32).reshape(-1, 1);
            sets[k] = Datasets.fromTensors(x, y);
        }
        model.fit(sets[0], FitOptions.epochs(10).batchSize(32).validationData(sets[1])
                .verbosity(FitOptions.Verbosity.LINE));
        Evaluation test = model.evaluate(sets[2]);
        System.out.println(String.format(Locale.ROOT, "Test accuracy: %.4f", test.values().get("accuracy")));

        // 5. Save with what predicting needs, then load it the way a service would.
        Path file = Files.createTempDirectory("landfall-example").resolve("breast-cancer.landfall");
        ModelFile.save(file, model, SaveOptions.defaults().pipeline(pipeline).labels(labels.classes())
                .labelColumn("target"));
        Predictor predictor = Predictor.load(file);

        // 6. Raw records in (column name -> value), labels and probabilities out.
        Table test0 = raw.table().selectRows(new int[] {rows[2][0], rows[2][1]});
        for (int r = 0; r < test0.rowCount(); r++) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (String c : test0.names()) {
                record.put(c, test0.column(c).numbers()[r]);
            }
            Prediction p = predictor.predict(record);
            System.out.println(String.format(Locale.ROOT, "Record %d: %s (p(benign) = %.4f)", r + 1, p.label(),
                    p.probability("benign")));
        }
        System.out.println("Saved and reloaded " + file.getFileName() + "; predictions made through Predictor");
    }
}
