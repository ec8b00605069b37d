package dev.landfall.cli;

import dev.landfall.nn.privacy.RdpAccountant;
import dev.landfall.nn.privacy.RdpAccountant.Conversion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code landfall privacy}: the privacy DP-SGD spends, TensorFlow Privacy's {@code compute_dp_sgd_privacy}
 * on the command line; or, with {@code --target-epsilon}, the noise a budget needs.
 */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "The (ε, δ) that DP-SGD training spends (Rényi DP accountant of the Poisson-sampled Gaussian "
                + "mechanism), or with --target-epsilon the noise multiplier that stays within a budget.")
final class PrivacyCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--examples", required = true, paramLabel = "N", description = "Training examples.")
    long examples;

    @Option(names = "--batch-size", required = true, paramLabel = "B", description = "Expected batch size "
            + "(sampling rate q = B / N).")
    long batchSize;

    @Option(names = "--noise-multiplier", paramLabel = "σ", description = "Noise standard deviation over the "
            + "clipping norm.")
    Double noiseMultiplier;

    @Option(names = "--target-epsilon", paramLabel = "ε", description = "Print the noise multiplier that keeps ε at "
            + "or below this instead.")
    Double targetEpsilon;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs (steps = ceil(E·N/B)).")
    Double epochs;

    @Option(names = "--steps", paramLabel = "T", description = "Steps, instead of --epochs.")
    Long steps;

    @Option(names = "--delta", required = true, paramLabel = "δ", description = "The δ of (ε, δ); below 1/N.")
    double delta;

    @Option(names = "--conversion", defaultValue = "improved", paramLabel = "KIND", description = "RDP to (ε, δ): "
            + "improved (Balle et al. 2020, as TensorFlow Privacy, Opacus and dp_accounting) or classic (Mironov 2017).")
    String conversion;

    @Option(names = "--orders", split = ",", paramLabel = "LIST", description = "RDP orders, e.g. 1.5,2,4,8,16,32,64 "
            + "(default: Opacus's and TensorFlow Privacy's together: 1.1 … 10.9 by 0.1, 1.25 … 4.5, 5 … 63, 128, 256, "
            + "512).")
    double[] orders;

    @Override
    public Integer call() {
        if (examples < 1 || batchSize < 1 || batchSize > examples) {
            throw usage("--batch-size must be between 1 and --examples (" + examples + "), got " + batchSize);
        }
        if ((noiseMultiplier == null) == (targetEpsilon == null)) {
            throw usage("give --noise-multiplier (to get ε) or --target-epsilon (to get the noise), one of them");
        }
        if ((epochs == null) == (steps == null)) {
            throw usage("give --epochs or --steps, one of them");
        }
        Conversion kind = switch (conversion) {
            case "improved" -> Conversion.IMPROVED;
            case "classic" -> Conversion.CLASSIC;
            default -> throw usage("--conversion must be improved or classic, got '" + conversion + "'");
        };
        if (epochs != null && !(epochs > 0)) {
            throw usage("--epochs must be positive, got " + epochs);
        }
        if (steps != null && steps < 0) {
            throw usage("--steps must be 0 or more, got " + steps);
        }
        if (noiseMultiplier != null && !(noiseMultiplier > 0 && noiseMultiplier < Double.POSITIVE_INFINITY)) {
            throw new CliException("--noise-multiplier must be a positive number, got " + noiseMultiplier);
        }
        if (targetEpsilon != null && !(targetEpsilon > 0)) {
            throw new CliException("--target-epsilon must be a positive number, got " + targetEpsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new CliException("--delta must be in (0, 1), got " + delta);
        }
        double q = (double) batchSize / examples;
        long t = steps != null ? steps : (long) Math.ceil(epochs * examples / batchSize);
        double[] at = orders != null ? orders : RdpAccountant.ALL_ORDERS;
        if (delta >= 1.0 / examples && delta < 1) {
            main.err.println(String.format(Locale.ROOT, "Warning: δ = %s is not below 1/N = %.3g: a guarantee with such "
                    + "a δ allows publishing some examples outright; take δ < 1/N (1e-5 for 60,000 examples)", delta,
                    1.0 / examples));
        }
        String setting = String.format(Locale.ROOT, "sampling rate q = %s (batch %d of %d examples), %d steps%s", fmt(q),
                batchSize, examples, t, epochs != null ? " (" + fmt(epochs) + " epochs)" : "");
        try {
            if (targetEpsilon != null) {
                double sigma = RdpAccountant.noiseMultiplier(targetEpsilon, delta, q, t, at, kind);
                RdpAccountant.Epsilon e = new RdpAccountant(at).compose(sigma, q, t).epsilon(delta, kind);
                main.out.println("DP-SGD at " + setting);
                main.out.println(String.format(Locale.ROOT, "Noise multiplier: %.3f (ε = %.4f ≤ %s at δ = %s, %s "
                        + "conversion, RDP order %s)", sigma, e.epsilon(), fmt(targetEpsilon), fmt(delta), conversion,
                        fmt(e.order())));
            } else {
                RdpAccountant a = new RdpAccountant(at).compose(noiseMultiplier, q, t);
                RdpAccountant.Epsilon e = a.epsilon(delta, kind);
                main.out.println("DP-SGD at " + setting + ", noise multiplier " + fmt(noiseMultiplier));
                main.out.println(String.format(Locale.ROOT, "ε = %.4f at δ = %s (%s conversion; optimal RDP order %s)",
                        e.epsilon(), fmt(delta), conversion, fmt(e.order())));
                double lo = Arrays.stream(at).filter(Double::isFinite).min().orElse(Double.NaN);
                double hi = Arrays.stream(at).filter(Double::isFinite).max().orElse(Double.NaN);
                if (e.order() == lo || e.order() == hi) {
                    main.err.println("Note: the optimal order is at an end of the orders (" + fmt(lo) + " … " + fmt(hi)
                            + "); orders beyond it may give a smaller ε");
                }
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CliException(e.getMessage(), e);
        }
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : String.valueOf(v).length() > 10 ? String.format(Locale.ROOT, "%.6g", v) : String.valueOf(v);
    }
}
