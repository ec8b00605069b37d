package dev.landfall.nn.callbacks;

import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.SaveOptions;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Saves the model (with optimizer state, so training can resume) at the end of an epoch — every
 * epoch, or with {@code saveBestOnly} only when the monitored value improves. Writes are atomic, so
 * a crash mid-save leaves the previous checkpoint intact.
 */
public final class ModelCheckpoint extends Callback {
    private final Path file;
    private final Monitor monitor;
    private final boolean saveBestOnly;
    private final Supplier<SaveOptions> options;
    private double best;
    private int saves;

    /**
     * @param options what to save beside the model (pipeline, labels); called at each save
     */
    public ModelCheckpoint(Path file, String monitor, boolean saveBestOnly, String mode, Supplier<SaveOptions> options) {
        this.file = file;
        this.monitor = new Monitor(monitor, Monitor.mode(mode), 0);
        this.saveBestOnly = saveBestOnly;
        this.options = options;
    }

    /** Saves when {@code monitor} improves (Keras's {@code save_best_only=True}). */
    public static ModelCheckpoint bestOnly(Path file, String monitor) {
        return new ModelCheckpoint(file, monitor, true, "auto", SaveOptions::defaults);
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        best = monitor.worst();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (saveBestOnly) {
            Double v = monitor.read(logs);
            if (v == null) {
                throw new IllegalStateException("ModelCheckpoint monitors '" + monitor.name + "', which is not in the logs "
                        + logs.keySet() + "; pass validation data or monitor another value");
            }
            if (!monitor.improves(v, best)) {
                return;
            }
            best = v;
        }
        ModelFile.save(file, model, options.get().includeOptimizer(true).epoch(epoch + 1).metrics(logs));
        saves++;
    }

    /** How many times the file was written. */
    public int saves() {
        return saves;
    }
}
