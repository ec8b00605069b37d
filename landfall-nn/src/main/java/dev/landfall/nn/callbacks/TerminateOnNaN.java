package dev.landfall.nn.callbacks;

import java.util.Map;

/** Stops training at the first batch whose loss is NaN or infinite, and says which epoch and batch. */
public final class TerminateOnNaN extends Callback {
    private int epoch;
    private String message;

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        this.epoch = epoch;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && !Double.isFinite(loss)) {
            message = "TerminateOnNaN: invalid loss " + loss + " at epoch " + (epoch + 1) + ", batch " + (batch + 1)
                    + "; training stopped";
            System.err.println(message);
            model.stopTraining(true);
        }
    }

    /** The message printed when training was stopped, or null. */
    public String message() {
        return message;
    }
}
