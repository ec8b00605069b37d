package dev.landfall.nn.callbacks;

import dev.landfall.nn.Model;

import java.util.Map;

/**
 * Hooks into {@code fit}, Keras-style. Epochs and batches count from 0; {@code logs} hold the running
 * values ({@code loss}, metric names, and at epoch end {@code val_…}).
 */
public abstract class Callback {
    protected Model model;

    /** Called by fit before training starts. */
    public void setModel(Model model) {
        this.model = model;
    }

    public void onTrainBegin(Map<String, Double> logs) {
    }

    public void onTrainEnd(Map<String, Double> logs) {
    }

    public void onEpochBegin(int epoch, Map<String, Double> logs) {
    }

    public void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    }

    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    }
}
