package dev.landfall.nn.callbacks;

import dev.landfall.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when the monitored value has not improved by more than {@code minDelta} for
 * {@code patience} epochs; optionally restores the weights of the best epoch (Keras semantics:
 * restored at the end of training when it stopped early or ran out, if a best epoch exists).
 */
public final class EarlyStopping extends Callback {
    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBestWeights;
    private final int startFromEpoch;
    private double best;
    private int wait;
    private int bestEpoch = -1;
    private int stoppedEpoch = -1;
    private Map<String, Tensor> bestWeights;

    /**
     * @param monitor            e.g. {@code "val_loss"}
     * @param minDelta           the smallest change that counts as an improvement
     * @param patience           epochs without improvement before stopping
     * @param mode               "auto", "min" or "max"
     * @param restoreBestWeights restore the best epoch's weights at the end
     * @param startFromEpoch     epochs to wait before monitoring starts
     */
    public EarlyStopping(String monitor, double minDelta, int patience, String mode, boolean restoreBestWeights,
                         int startFromEpoch) {
        if (patience < 0) {
            throw new IllegalArgumentException("Received an invalid value for patience, expected a non-negative integer. "
                    + "Received: patience=" + patience);
        }
        this.monitor = new Monitor(monitor, Monitor.mode(mode), minDelta);
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
        this.startFromEpoch = startFromEpoch;
    }

    /** Monitors {@code monitor} with Keras's defaults otherwise. */
    public static EarlyStopping of(String monitor, int patience, boolean restoreBestWeights) {
        return new EarlyStopping(monitor, 0, patience, "auto", restoreBestWeights, 0);
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        best = monitor.worst();
        wait = 0;
        bestEpoch = -1;
        stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double value = monitor.read(logs);
        if (value == null || epoch < startFromEpoch) {
            if (value == null) {
                System.getLogger("dev.landfall.nn").log(System.Logger.Level.WARNING, "EarlyStopping: '" + monitor.name
                        + "' is not in the logs; available: " + (logs == null ? "[]" : logs.keySet()));
            }
            return;
        }
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = snapshot();
        }
        wait++;
        if (monitor.improves(value, best)) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = snapshot();
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model.stopTraining(true);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (restoreBestWeights && bestWeights != null && bestEpoch >= 0) {
            model.loadStateDict(bestWeights, true);
        }
    }

    private Map<String, Tensor> snapshot() {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        try (var g = Tensor.noGrad()) {
            model.stateDict().forEach((k, v) -> copy.put(k, v.copy()));
        }
        return copy;
    }

    /** The epoch training stopped at, or -1 if it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The best epoch seen, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }
}
