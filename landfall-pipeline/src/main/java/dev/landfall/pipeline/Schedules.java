package dev.landfall.pipeline;

import dev.landfall.data.config.ConfigNode;
import dev.landfall.nn.optimizers.LearningRateSchedules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.landfall.data.config.ConfigNode.keys;

/**
 * A learning-rate schedule in a pipeline file, Keras's way: {@code learning_rate: {class_name:
 * ExponentialDecay, initial_learning_rate: 0.01, decay_steps: 1000, decay_rate: 0.9}} (the keys may
 * also sit under {@code config:}, as Keras serializes them). Each key is checked here, with its path.
 */
final class Schedules {
    static final List<String> NAMES = List.of("ExponentialDecay", "PiecewiseConstantDecay", "CosineDecay");

    private Schedules() {
    }

    /** The schedule's config for {@code LearningRateSchedules.fromConfig}, checked. */
    static Map<String, Object> read(ConfigNode l) {
        ConfigNode args = l.has("config") ? l.get("config") : l;
        String cls = l.required("class_name").asString();
        if (!NAMES.contains(cls)) {
            throw l.get("class_name").error("unknown schedule '" + cls + "' (known: " + String.join(", ", NAMES) + ")");
        }
        if (l.has("config")) {
            l.requireMap(keys("class_name", "config"));
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("class_name", cls);
        switch (cls) {
            case "ExponentialDecay" -> {
                args.requireMap(with(l, "initial_learning_rate", "decay_steps", "decay_rate", "staircase"));
                c.put("initial_learning_rate", args.required("initial_learning_rate").asNumber());
                c.put("decay_steps", (long) args.required("decay_steps").asPositiveInt());
                c.put("decay_rate", args.required("decay_rate").asNumber());
                c.put("staircase", args.bool("staircase", false));
            }
            case "PiecewiseConstantDecay" -> {
                args.requireMap(with(l, "boundaries", "values"));
                List<ConfigNode> b = args.required("boundaries").elements();
                List<ConfigNode> v = args.required("values").elements();
                if (v.size() != b.size() + 1) {
                    throw args.get("values").error("expected one value more than boundaries (" + (b.size() + 1)
                            + "), got " + v.size());
                }
                c.put("boundaries", b.stream().map(n -> (long) n.asIntIn(0, Integer.MAX_VALUE, "a step number")).toList());
                c.put("values", v.stream().map(ConfigNode::asNumber).toList());
            }
            default -> {
                args.requireMap(with(l, "initial_learning_rate", "decay_steps", "alpha", "warmup_target", "warmup_steps"));
                c.put("initial_learning_rate", args.required("initial_learning_rate").asNumber());
                c.put("decay_steps", (long) args.required("decay_steps").asPositiveInt());
                c.put("alpha", args.number("alpha", 0));
                c.put("warmup_target", args.has("warmup_target") ? args.get("warmup_target").asNumber() : null);
                c.put("warmup_steps", (long) args.nonNegativeInt("warmup_steps", 0));
            }
        }
        try {
            LearningRateSchedules.fromConfig(c);
        } catch (IllegalArgumentException e) {
            throw l.error(e.getMessage());
        }
        return c;
    }

    /** The keys allowed beside the schedule's own: class_name when they sit next to it. */
    private static java.util.Set<String> with(ConfigNode l, String... own) {
        java.util.Set<String> k = keys(own);
        if (!l.has("config")) {
            k.add("class_name");
        }
        return k;
    }
}
