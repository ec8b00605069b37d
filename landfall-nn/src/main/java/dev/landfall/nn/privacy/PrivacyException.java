package dev.landfall.nn.privacy;

/**
 * Private training cannot start as asked: a target ε the noise would exceed or that no noise can meet, a
 * layer whose per-example gradients are not defined, data that cannot be Poisson-sampled. The message is
 * one line starting with {@code privacy:}.
 */
public final class PrivacyException extends IllegalArgumentException {
    public PrivacyException(String message) {
        super(message);
    }

    public PrivacyException(String message, Throwable cause) {
        super(message, cause);
    }
}
