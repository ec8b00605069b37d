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
    /** Why logging stopped (a write failed), or null. */
    private String failure;
    private Path trainFile;
    private Path validationFile;

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

    /** The training run's event file of the last fit (null before training). */
    public Path trainFile() {
        return trainFile;
    }

    /** The validation run's event file of the last fit (null until a validation value was logged). */
    public Path validationFile() {
        return validationFile;
    }

    /**
     * Why the logs stopped, or null: a file that cannot be written (a full disk, say) ends the logging
     * with a warning, not the training.
     */
    public String failure() {
        return failure;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        close(); // a callback used for a second fit starts new files
        failure = null;
        step = 0;
        trainFile = null;
        validationFile = null;
        guarded(() -> {
            train = new EventFileWriter(logDir.resolve("train"));
            trainFile = train.file();
        });
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        step++;
        if (updateFreq > 0 && step % updateFreq == 0) {
            guarded(() -> logs.forEach((k, v) -> train.scalar("batch_" + k, v, step)));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        guarded(() -> epoch(epoch, logs));
    }

    private void epoch(int epoch, Map<String, Double> logs) {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (e.getKey().startsWith("val_")) {
                if (validation == null) {
                    validation = new EventFileWriter(logDir.resolve("validation"));
                    validationFile = validation.file();
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

    /** Runs a write unless logging has stopped; a failed write stops it, logged once as a warning. */
    private void guarded(Runnable write) {
        if (failure != null) {
            return;
        }
        try {
            write.run();
        } catch (java.io.UncheckedIOException e) {
            failure = "TensorBoard logs stopped: " + e.getMessage();
            java.util.logging.Logger.getLogger(TensorBoardCallback.class.getName()).warning(failure);
            close();
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        close();
    }

    /** Closes the event files (also for a fit that ended with an exception, which skips onTrainEnd). */
    public void close() {
        EventFileWriter t = train;
        EventFileWriter v = validation;
        train = null;
        validation = null;
        for (EventFileWriter w : new EventFileWriter[] {t, v}) {
            if (w != null) {
                try {
                    w.close();
                } catch (java.io.UncheckedIOException e) {
                    failure = failure != null ? failure : "TensorBoard logs: " + e.getMessage();
                }
            }
        }
    }
}
