package dev.landfall.pipeline;

import dev.landfall.data.augment.Augmentation;
import dev.landfall.data.augment.GaussianNoise;
import dev.landfall.data.augment.RandomBrightness;
import dev.landfall.data.augment.RandomContrast;
import dev.landfall.data.augment.RandomCrop;
import dev.landfall.data.augment.RandomFlip;
import dev.landfall.data.augment.RandomRotation;
import dev.landfall.data.augment.TokenDropout;
import dev.landfall.data.clean.Cleaner;
import dev.landfall.data.config.ConfigNode;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import dev.landfall.data.transform.MinMaxScaler;
import dev.landfall.data.transform.OneHotEncoder;
import dev.landfall.data.transform.Passthrough;
import dev.landfall.data.transform.Pipeline;
import dev.landfall.data.transform.SimpleImputer.Strategy;
import dev.landfall.data.transform.SimpleImputer;
import dev.landfall.data.transform.StandardScaler;
import dev.landfall.data.transform.TextVectorization;
import dev.landfall.data.transform.Transform;
import dev.landfall.data.transform.Unknown;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.landfall.data.config.ConfigNode.keys;

/**
 * Turns the {@code cleaning}, {@code preprocessing} and {@code augmentation} sections into a
 * {@link Cleaner}, a data {@link Pipeline} per model input and an {@link Augmentation}.
 */
final class PreprocessingBuilder {
    static final List<String> TRANSFORMS = List.of("standard_scaler", "min_max_scaler", "simple_imputer",
            "one_hot_encoder", "text_vectorization", "passthrough");
    static final List<String> AUGMENTATIONS = List.of("random_flip", "random_crop", "random_rotation",
            "gaussian_noise", "random_brightness", "random_contrast", "token_dropout");

    private PreprocessingBuilder() {
    }

    /**
     * The (unfitted) pipeline of each model input for a table of raw feature columns. With no steps,
     * every column passes through to the one input, which needs them all numeric. Columns no step
     * names are not used (and listed in {@code notes}).
     */
    static Map<String, Pipeline> pipelines(PipelineSpec spec, Table features, List<String> notes) {
        List<String> all = features.names();
        Map<String, Pipeline> out = new LinkedHashMap<>();
        if (spec.preprocessing().isEmpty()) {
            for (String c : all) {
                if (features.column(c).type() != ColumnType.NUMERIC) {
                    throw spec.data().node().error("column '" + c + "' is " + features.column(c).type().jsonName()
                            + "; add a preprocessing step for it (one_hot_encoder or text_vectorization)");
                }
            }
            out.put(spec.model().inputs().get(0), Pipeline.of(new Pipeline.Step(all, new Passthrough())));
            return out;
        }
        Map<String, List<Pipeline.Step>> steps = new LinkedHashMap<>();
        spec.model().inputs().forEach(i -> steps.put(i, new ArrayList<>()));
        Set<String> used = new LinkedHashSet<>();
        for (PipelineSpec.TransformSpec t : spec.preprocessing()) {
            List<String> cols = t.columns().isEmpty() || t.columns().equals(List.of("all")) ? all : t.columns();
            for (int i = 0; i < cols.size(); i++) {
                if (!features.has(cols.get(i))) {
                    ConfigNode c = t.entry().args().get("columns");
                    throw (c.isArray() ? c.elements().get(i) : c).error("column '" + cols.get(i) + "' not found"
                            + (cols.get(i).equals(spec.data().label()) ? " among the features (it is the label)" : "")
                            + " (columns: " + Table.listNames(all) + ")");
                }
            }
            used.addAll(cols);
            steps.get(t.input()).add(new Pipeline.Step(cols, transform(t.entry())));
        }
        List<String> unused = all.stream().filter(c -> !used.contains(c)).toList();
        if (!unused.isEmpty()) {
            notes.add("Not used by any preprocessing step: " + Table.listNames(unused));
        }
        steps.forEach((input, s) -> out.put(input, Pipeline.of(s.toArray(Pipeline.Step[]::new))));
        return out;
    }

    /** The cleaner of the {@code cleaning} section, or null without one. */
    static Cleaner cleaner(PipelineSpec.CleaningSpec c) {
        if (c == null) {
            return null;
        }
        Cleaner k = Cleaner.create();
        if (c.dropMissing()) {
            k.dropMissing();
        }
        if (c.impute() != null) {
            k.impute(Strategy.valueOf(c.impute().toUpperCase(Locale.ROOT)), c.fillValue());
        }
        if (c.dropDuplicates()) {
            k.dropDuplicates();
        }
        if (c.clipQuantiles() != null) {
            k.clipQuantiles(c.clipQuantiles()[0], c.clipQuantiles()[1]);
        }
        return k;
    }

    private static Transform transform(PipelineSpec.EntrySpec e) {
        ConfigNode a = e.args();
        try {
            return switch (e.name()) {
                case "standard_scaler" -> {
                    a.requireMap(keys("columns", "input"));
                    yield new StandardScaler();
                }
                case "min_max_scaler" -> {
                    a.requireMap(keys("columns", "input", "min", "max"));
                    yield new MinMaxScaler(a.number("min", 0), a.number("max", 1));
                }
                case "simple_imputer" -> {
                    a.requireMap(keys("columns", "input", "strategy", "fill_value"));
                    String s = a.choice("strategy", "mean", List.of("mean", "median", "most_frequent", "constant"));
                    yield new SimpleImputer(SimpleImputer.Strategy.valueOf(s.toUpperCase(Locale.ROOT)),
                            a.number("fill_value", 0));
                }
                case "one_hot_encoder" -> {
                    a.requireMap(keys("columns", "input", "handle_unknown"));
                    String u = a.choice("handle_unknown", "ignore", List.of("ignore", "error"));
                    yield new OneHotEncoder(u.equals("ignore") ? Unknown.IGNORE : Unknown.ERROR);
                }
                case "text_vectorization" -> {
                    a.requireMap(keys("columns", "input", "max_tokens", "output_mode", "sequence_length", "lowercase",
                            "strip_punctuation"));
                    String mode = a.choice("output_mode", "int", List.of("int", "multi_hot", "count", "tf_idf"));
                    int len = a.nonNegativeInt("sequence_length", 0);
                    if (mode.equals("int") && len == 0) {
                        throw a.get("sequence_length").error("required for output_mode int: the number of token ids "
                                + "per text (longer texts are cut, shorter ones padded with 0)");
                    }
                    yield new TextVectorization(a.nonNegativeInt("max_tokens", 0),
                            TextVectorization.OutputMode.valueOf(mode.toUpperCase(Locale.ROOT)), len,
                            a.bool("lowercase", true), a.bool("strip_punctuation", true));
                }
                case "passthrough" -> {
                    a.requireMap(keys("columns", "input"));
                    yield new Passthrough();
                }
                default -> throw e.node().error("unknown transform '" + e.name() + "' (known: "
                        + String.join(", ", TRANSFORMS) + ")");
            };
        } catch (IllegalArgumentException ex) {
            throw e.node().error(ex.getMessage());
        }
    }

    /** The augmentation sequence, or null when the section is empty. */
    static Augmentation augmentation(PipelineSpec spec) {
        if (spec.augmentation().isEmpty()) {
            return null;
        }
        List<Augmentation> steps = new ArrayList<>();
        for (PipelineSpec.EntrySpec e : spec.augmentation()) {
            ConfigNode a = e.args();
            try {
                steps.add(switch (e.name()) {
                    case "random_flip" -> {
                        a.requireMap(keys("mode"));
                        String m = a.choice("mode", "horizontal", List.of("horizontal", "vertical", "horizontal_and_vertical"));
                        yield new RandomFlip(!m.equals("vertical"), !m.equals("horizontal"));
                    }
                    case "random_crop" -> {
                        a.requireMap(keys("height", "width", "padding"));
                        yield new RandomCrop(a.nonNegativeInt("height", 0), a.nonNegativeInt("width", 0),
                                a.nonNegativeInt("padding", 0));
                    }
                    case "random_rotation" -> {
                        a.requireMap(keys("degrees"));
                        yield new RandomRotation(a.positiveNumber("degrees", 10));
                    }
                    case "gaussian_noise" -> {
                        a.requireMap(keys("stddev"));
                        yield new GaussianNoise(a.positiveNumber("stddev", 0.1));
                    }
                    case "random_brightness" -> {
                        a.requireMap(keys("max_delta", "min", "max"));
                        yield new RandomBrightness(a.number("max_delta", 0.1), a.number("min", 0), a.number("max", 255));
                    }
                    case "random_contrast" -> {
                        a.requireMap(keys("factor"));
                        yield new RandomContrast(a.positiveNumber("factor", 0.1));
                    }
                    case "token_dropout" -> {
                        a.requireMap(keys("rate"));
                        yield new TokenDropout(a.number("rate", 0.1));
                    }
                    default -> throw e.node().error("unknown augmentation '" + e.name() + "' (known: "
                            + String.join(", ", AUGMENTATIONS) + ")");
                });
            } catch (IllegalArgumentException ex) {
                throw e.node().error(ex.getMessage());
            }
        }
        return Augmentation.sequence(steps.toArray(Augmentation[]::new));
    }
}
