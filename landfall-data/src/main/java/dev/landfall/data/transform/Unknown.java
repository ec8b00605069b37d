package dev.landfall.data.transform;

/** What an encoder does with a category it did not see in training. */
public enum Unknown {
    /** Fail, naming the value and the known categories. */
    ERROR,
    /** Encode it as "none of the known" (all zeros for one-hot, -1 for a label). */
    IGNORE
}
