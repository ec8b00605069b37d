package dev.landfall.nn.optimizers;

import java.util.Map;

/** A learning rate as a function of the optimizer's step count (0 for the first update). */
public interface LearningRateSchedule {
    /** The learning rate at {@code step}. */
    double at(long step);

    /** Configuration with Keras's keys and a {@code class_name}. */
    Map<String, Object> getConfig();
}
