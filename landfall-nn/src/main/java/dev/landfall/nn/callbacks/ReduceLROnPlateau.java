package dev.landfall.nn.callbacks;

import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when the monitored value has not improved for
 * {@code patience} epochs, then waits {@code cooldown} epochs; never below {@code minLr}.
 * Keras's defaults: monitor val_loss, factor 0.1, patience 10, min_delta 1e-4.
 */
public final class ReduceLROnPlateau extends Callback {
    private final Monitor monitor;
    private final double factor;
    private final int patience;
    private final int cooldown;
    private final double minLr;
    private double best;
    private int wait;
    private int cooldownLeft;

    public ReduceLROnPlateau(String monitor, double factor, int patience, String mode, double minDelta, int cooldown,
                             double minLr) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("Received an invalid value for factor, expected a float in (0, 1). "
                    + "Received: factor=" + factor);
        }
        this.monitor = new Monitor(monitor, Monitor.mode(mode), minDelta);
        this.factor = factor;
        this.patience = patience;
        this.cooldown = cooldown;
        this.minLr = minLr;
    }

    /** Keras's defaults with a chosen monitor, factor and patience. */
    public static ReduceLROnPlateau of(String monitor, double factor, int patience) {
        return new ReduceLROnPlateau(monitor, factor, patience, "auto", 1e-4, 0, 0);
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        best = monitor.worst();
        wait = 0;
        cooldownLeft = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double value = monitor.read(logs);
        if (value == null) {
            return;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        if (monitor.improves(value, best)) {
            best = value;
            wait = 0;
        } else if (cooldownLeft == 0) {
            wait++;
            if (wait >= patience) {
                double old = model.optimizer().currentLearningRate();
                if (old > minLr) {
                    model.optimizer().learningRate(Math.max(old * factor, minLr));
                    cooldownLeft = cooldown;
                    wait = 0;
                }
            }
        }
    }
}
