package dev.landfall.nn.callbacks;

import java.util.Map;

/** Sets the learning rate at the start of each epoch from {@code schedule(epoch, currentLr)}. */
public final class LearningRateScheduler extends Callback {
    /** A function of the epoch (from 0) and the current rate. */
    @FunctionalInterface
    public interface Schedule {
        double rate(int epoch, double currentLr);
    }

    private final Schedule schedule;

    public LearningRateScheduler(Schedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        double lr = schedule.rate(epoch, model.optimizer().currentLearningRate());
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalStateException("LearningRateScheduler returned " + lr + " for epoch " + epoch
                    + "; a learning rate must be a non-negative finite number");
        }
        model.optimizer().learningRate(lr);
    }
}
