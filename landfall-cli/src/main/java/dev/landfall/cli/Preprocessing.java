package dev.landfall.cli;

import dev.landfall.data.augment.Augmentation;
import dev.landfall.data.augment.GaussianNoise;
import dev.landfall.data.augment.RandomBrightness;
import dev.landfall.data.augment.RandomContrast;
import dev.landfall.data.augment.RandomCrop;
import dev.landfall.data.augment.RandomFlip;
import dev.landfall.data.augment.RandomRotation;
import dev.landfall.data.augment.TokenDropout;
import dev.landfall.data.table.ColumnType;
import dev.landfall.data.table.Table;
import dev.landfall.data.transform.MinMaxScaler;
import dev.landfall.data.transform.OneHotEncoder;
import dev.landfall.data.transform.Passthrough;
import dev.landfall.data.transform.Pipeline;
import dev.landfall.data.transform.SimpleImputer;
import dev.landfall.data.transform.StandardScaler;
import dev.landfall.data.transform.TextVectorization;
import dev.landfall.data.transform.Transform;
import dev.landfall.data.transform.Unknown;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.landfall.cli.PipelineSpec.keys;

/** Turns the {@code preprocessing} and {@code augmentation} sections into a data {@link Pipeline} and an {@link Augmentation}. */
final class Preprocessing {
    static final List<String> TRANSFORMS = List.of("standard_scaler", "min_max_scaler", "simple_imputer",
            "one_hot_encoder", "text_vectorization", "passthrough");
    static final List<String> AUGMENTATIONS = List.of("random_flip", "random_crop", "random_rotation",
            "gaussian_noise", "random_brightness", "random_contrast", "token_dropout");

    private Preprocessing() {
    }

    /**
     * The (unfitted) pipeline for a table of raw feature columns. With no steps, every column passes
     * through, which needs them all numeric. Columns no step names are not used (and listed in {@code notes}).
     */
    static Pipeline pipeline(PipelineSpec spec, Table features, List<String> notes) {
        List<String> all = features.names();
        List<Pipeline.Step> steps = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        if (spec.preprocessing().isEmpty()) {
            for (String c : all) {
                if (features.column(c).type() != ColumnType.NUMERIC) {
                    throw spec.data().node().error("column '" + c + "' is " + features.column(c).type().jsonName()
                            + "; add a preprocessing step for it (one_hot_encoder or text_vectorization)");
                }
            }
            return Pipeline.of(new Pipeline.Step(all, new Passthrough()));
        }
        for (PipelineSpec.TransformSpec t : spec.preprocessing()) {
            YamlNode at = t.entry().node();
            List<String> cols = t.columns().isEmpty() || t.columns().equals(List.of("all")) ? all : t.columns();
            for (int i = 0; i < cols.size(); i++) {
                if (!features.has(cols.get(i))) {
                    YamlNode c = t.entry().args().get("columns");
                    throw (c.raw().isArray() ? c.elements().get(i) : c).error("column '" + cols.get(i) + "' not found"
                            + (cols.get(i).equals(spec.data().label()) ? " among the features (it is the label)" : "")
                            + " (columns: " + RawData.names(all) + ")");
                }
            }
            used.addAll(cols);
            steps.add(new Pipeline.Step(cols, transform(t.entry())));
        }
        List<String> unused = all.stream().filter(c -> !used.contains(c)).toList();
        if (!unused.isEmpty()) {
            notes.add("Not used by any preprocessing step: " + RawData.names(unused));
        }
        return Pipeline.of(steps.toArray(Pipeline.Step[]::new));
    }

    private static Transform transform(PipelineSpec.EntrySpec e) {
        YamlNode a = e.args();
        try {
            return switch (e.name()) {
                case "standard_scaler" -> {
                    a.requireMap(keys("columns"));
                    yield new StandardScaler();
                }
                case "min_max_scaler" -> {
                    a.requireMap(keys("columns", "min", "max"));
                    yield new MinMaxScaler(a.number("min", 0), a.number("max", 1));
                }
                case "simple_imputer" -> {
                    a.requireMap(keys("columns", "strategy", "fill_value"));
                    String s = a.choice("strategy", "mean", List.of("mean", "median", "most_frequent", "constant"));
                    yield new SimpleImputer(SimpleImputer.Strategy.valueOf(s.toUpperCase(Locale.ROOT)),
                            a.number("fill_value", 0));
                }
                case "one_hot_encoder" -> {
                    a.requireMap(keys("columns", "handle_unknown"));
                    String u = a.choice("handle_unknown", "ignore", List.of("ignore", "error"));
                    yield new OneHotEncoder(u.equals("ignore") ? Unknown.IGNORE : Unknown.ERROR);
                }
                case "text_vectorization" -> {
                    a.requireMap(keys("columns", "max_tokens", "output_mode", "sequence_length", "lowercase",
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
                    a.requireMap(keys("columns"));
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
            YamlNode a = e.args();
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
