package dev.landfall.nn.callbacks;

import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.SaveOptions;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Saves the model (with optimizer state, so training can resume) at the end of an epoch — every
 * epoch, or with {@code saveBestOnly} only when the monitored value improves. Writes are atomic, so
 * a crash mid-save leaves the previous checkpoint intact; an epoch whose weights hold NaN or
 * infinities is not saved, so a diverged run never replaces a good checkpoint.
 */
public final class ModelCheckpoint extends Callback {
    private final Path file;
    private final Monitor monitor;
    private final boolean saveBestOnly;
    private final Supplier<SaveOptions> options;
    private double best;
    private int saves;
    private int lastEpoch;
    private String skipped;

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
        String bad = ModelFile.nonFiniteWeight(model);
        if (bad != null) {
            // a diverged epoch never replaces a good checkpoint
            skipped = "epoch " + (epoch + 1) + ": the weight " + bad + " holds NaN or infinite values";
            return;
        }
        ModelFile.save(file, model, options.get().includeOptimizer(true).epoch(epoch + 1).metrics(logs));
        saves++;
        lastEpoch = epoch + 1;
    }

    /** The checkpoint file. */
    public Path path() {
        return file;
    }

    /** The epoch (1-based) of the last save, or 0 when none. */
    public int lastSavedEpoch() {
        return lastEpoch;
    }

    /** Why the last save was skipped (non-finite weights), or null. */
    public String skipped() {
        return skipped;
    }

    /** How many times the file was written. */
    public int saves() {
        return saves;
    }
}
