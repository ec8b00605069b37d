package dev.landfall.tensor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter-based random stream: every value is a pure function of (key, index), so values can be
 * drawn in any order, on any thread, and come out the same. Streams derive from the global seed
 * ({@link dev.landfall.Landfall#setSeed}) by purpose and counters — e.g. shuffling for epoch 3 is
 * {@code Rng.global().derive("shuffle").derive(3)} — never from a shared {@code java.util.Random}.
 * The mixing function is SplitMix64's finalizer (Steele, Lea, Flood 2014).
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static volatile Rng root = new Rng(mix64(System.nanoTime() ^ 0x5DEECE66DL));
    private static final AtomicLong DRAWS = new AtomicLong();

    private final long key;

    private Rng(long key) {
        this.key = key;
    }

    /** A stream for an explicit seed. */
    public static Rng of(long seed) {
        return new Rng(mix64(seed * GOLDEN + 0x632BE59BD9B4E019L));
    }

    /** The stream of the global seed. */
    public static Rng global() {
        return root;
    }

    /**
     * A fresh stream for a random operation that was given none (e.g. {@code Tensor.randn}): the n-th
     * call after {@code setSeed} gets the n-th child of the global stream, so a program that makes
     * its random calls in the same order gets the same numbers.
     */
    public static Rng next() {
        return root.derive(DRAWS.getAndIncrement());
    }

    /** Resets the global stream; {@link dev.landfall.Landfall#setSeed} calls this. */
    public static void setGlobalSeed(long seed) {
        root = of(seed);
        DRAWS.set(0);
    }

    /** A child stream for a named purpose ("dropout", "shuffle", a layer name). */
    public Rng derive(String purpose) {
        long h = 0xCBF29CE484222325L; // FNV-1a, stable across JVMs
        for (int i = 0; i < purpose.length(); i++) {
            h = (h ^ purpose.charAt(i)) * 0x100000001B3L;
        }
        return new Rng(mix64(key ^ mix64(h)));
    }

    /** A child stream for a counter (an epoch, a step, an example index). */
    public Rng derive(long counter) {
        return new Rng(mix64(key + mix64(counter ^ 0xD1B54A32D192ED03L)));
    }

    /** 64 random bits at {@code index}. */
    public long bits(long index) {
        return mix64(key ^ mix64(index + GOLDEN));
    }

    /** Uniform in {@code [0, 1)} at {@code index}. */
    public double uniform(long index) {
        return (bits(index) >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in {@code [0, bound)} at {@code index} (Lemire's multiply-shift, bias below 2^-32). */
    public int nextInt(long index, int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive. Received: bound=" + bound);
        }
        return (int) (((bits(index) >>> 32) * bound) >>> 32);
    }

    /** Standard normal at {@code index} (Box–Muller over indices 2·index and 2·index+1). */
    public double normal(long index) {
        double u1 = 1.0 - uniform(2 * index); // (0, 1]
        double u2 = uniform(2 * index + 1);
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
