package dev.landfall.nn;

import dev.landfall.data.Dataset;
import dev.landfall.nn.callbacks.Callback;
import dev.landfall.nn.privacy.PrivacyOptions;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@link Model#fit}, with Keras's defaults: batch size 32, shuffling on, no
 * validation, verbosity "auto" (a progress bar on a terminal, one line per epoch otherwise).
 *
 * <pre>{@code FitOptions.epochs(10).batchSize(32).validationData(val)}</pre>
 */
public final class FitOptions {
    /** How much fit prints. */
    public enum Verbosity { SILENT, BAR, LINE, AUTO }

    private int epochs = 1;
    private Integer batchSize;
    private Dataset validationData;
    private double validationSplit;
    private boolean shuffle = true;
    private Map<Integer, Double> classWeight;
    private int initialEpoch;
    private final List<Callback> callbacks = new ArrayList<>();
    private Verbosity verbosity = Verbosity.AUTO;
    private PrintStream out = System.out;
    private PrivacyOptions privacy;

    private FitOptions() {
    }

    /** Options for this many epochs. */
    public static FitOptions epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("Received an invalid value for epochs, expected a positive integer. "
                    + "Received: epochs=" + epochs);
        }
        FitOptions o = new FitOptions();
        o.epochs = epochs;
        return o;
    }

    /** Examples per batch (default 32); an error with an already batched dataset. */
    public FitOptions batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Received an invalid value for batch_size, expected a positive integer. "
                    + "Received: batch_size=" + n);
        }
        batchSize = n;
        return this;
    }

    /** Data evaluated at the end of every epoch ({@code val_loss}, {@code val_…}). */
    public FitOptions validationData(Dataset d) {
        validationData = d;
        return this;
    }

    /** Holds out the last fraction of an in-memory dataset, before shuffling (Keras semantics). */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("Received an invalid value for validation_split, expected a float in "
                    + "[0, 1). Received: validation_split=" + fraction);
        }
        validationSplit = fraction;
        return this;
    }

    /** Whether to reshuffle the training data each epoch (default true). */
    public FitOptions shuffle(boolean s) {
        shuffle = s;
        return this;
    }

    /** Weights per class id, multiplied into the loss of each example of that class. */
    public FitOptions classWeight(Map<Integer, Double> weights) {
        classWeight = Map.copyOf(weights);
        return this;
    }

    /** The epoch to start from (to resume training). */
    public FitOptions initialEpoch(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("Received an invalid value for initial_epoch, expected a non-negative "
                    + "integer. Received: initial_epoch=" + e);
        }
        initialEpoch = e;
        return this;
    }

    /** Adds callbacks. */
    public FitOptions callbacks(Callback... cbs) {
        callbacks.addAll(List.of(cbs));
        return this;
    }

    /** Sets how much to print. */
    public FitOptions verbosity(Verbosity v) {
        verbosity = v;
        return this;
    }

    /**
     * Trains with differential privacy (DP-SGD): per-example clipping, Gaussian noise and Poisson-sampled
     * batches of expected size {@code batchSize}; the epoch logs gain {@code epsilon}, the privacy spent so
     * far. Needs an unbatched in-memory dataset.
     */
    public FitOptions privacy(PrivacyOptions p) {
        privacy = p;
        return this;
    }

    /** The DP-SGD settings, or null for ordinary training. */
    public PrivacyOptions privacy() {
        return privacy;
    }

    /** Where progress goes (default System.out). */
    public FitOptions output(PrintStream stream) {
        out = stream;
        return this;
    }

    public int epochs() {
        return epochs;
    }

    public Integer batchSize() {
        return batchSize;
    }

    public Dataset validationData() {
        return validationData;
    }

    public double validationSplit() {
        return validationSplit;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public Map<Integer, Double> classWeight() {
        return classWeight;
    }

    public int initialEpoch() {
        return initialEpoch;
    }

    public List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }

    public Verbosity verbosity() {
        return verbosity;
    }

    public PrintStream output() {
        return out;
    }
}
