package dev.landfall.report.tensorboard;

import dev.landfall.nn.callbacks.Callback;
import dev.landfall.tensor.Tensor;

import java.nio.file.Path;
import java.util.Map;

/**
 * Keras's {@code TensorBoard} callback: event files TensorBoard reads, in {@code logDir/train} and
 * {@code logDir/validation}, with the scalars {@code epoch_loss}, {@code epoch_<metric>} and
 * {@code epoch_learning_rate} at each epoch (validation values without their {@code val_} prefix in
 * the validation folder, so TensorBoard draws both runs on one chart), {@code batch_<name>} every
 * {@code updateFreq} steps, and a histogram of every weight every {@code histogramFreq} epochs.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.epochs(10).callbacks(new TensorBoardCallback(Path.of("runs/mnist")).histogramFreq(1)));
 * // tensorboard --logdir runs
 * }</pre>
 */
public final class TensorBoardCallback extends Callback {
    private final Path logDir;
    private int histogramFreq;
    private int updateFreq;
    private EventFileWriter train;
    private EventFileWriter validation;
    private long step;

    public TensorBoardCallback(Path logDir) {
        this.logDir = logDir;
    }

    /** Histograms of the weights every this many epochs; 0 (the default, as Keras) for none. */
    public TensorBoardCallback histogramFreq(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("histogram_freq must be >= 0, got " + epochs);
        }
        this.histogramFreq = epochs;
        return this;
    }

    /** Batch-level scalars every this many steps; 0 (the default, Keras's {@code update_freq='epoch'}) for none. */
    public TensorBoardCallback updateFreq(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("update_freq must be >= 0, got " + steps);
        }
        this.updateFreq = steps;
        return this;
    }

    public Path logDir() {
        return logDir;
    }

    /** The training run's event file (null before training). */
    public Path trainFile() {
        return train == null ? null : train.file();
    }

    /** The validation run's event file (null until a validation value was logged). */
    public Path validationFile() {
        return validation == null ? null : validation.file();
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        train = new EventFileWriter(logDir.resolve("train"));
        step = 0;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        step++;
        if (updateFreq > 0 && step % updateFreq == 0) {
            logs.forEach((k, v) -> train.scalar("batch_" + k, v, step));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (e.getKey().startsWith("val_")) {
                if (validation == null) {
                    validation = new EventFileWriter(logDir.resolve("validation"));
                }
                validation.scalar("epoch_" + e.getKey().substring(4), e.getValue(), epoch);
            } else {
                train.scalar("epoch_" + e.getKey(), e.getValue(), epoch);
            }
        }
        if (model != null && model.optimizer() != null) {
            train.scalar("epoch_learning_rate", model.optimizer().currentLearningRate(), epoch);
        }
        if (histogramFreq > 0 && epoch % histogramFreq == 0 && model != null) {
            for (Map.Entry<String, Tensor> w : model.stateDict().entrySet()) {
                train.histogram(w.getKey() + "/histogram", w.getValue().toFloatArray(), 30, epoch);
            }
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (train != null) {
            train.close();
        }
        if (validation != null) {
            validation.close();
        }
    }
}
