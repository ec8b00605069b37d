package dev.landfall.data.catalog;

/** A known dataset is not on this machine; the message says where to get it. */
public class DatasetNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetNotFoundException(String message) {
        super(message);
    }
}
