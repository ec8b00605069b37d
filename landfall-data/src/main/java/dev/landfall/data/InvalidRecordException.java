package dev.landfall.data;

/**
 * One input record (a row, a JSON object, an image) that the model's preprocessing cannot take, with
 * what is wrong as data, so that a server can answer 400 without parsing the message. It is an
 * {@link IllegalArgumentException}, as every bad-argument error of the library is. The message names
 * the record, the field and what was expected, never the record's values.
 *
 * <pre>{@code
 * catch (InvalidRecordException e) {
 *     e.problem();  // MISSING_FIELD
 *     e.record();   // 3 (0-based), or -1 when it concerns every record
 *     e.field();    // "age", or null
 * }
 * }</pre>
 */
public class InvalidRecordException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the record. */
    public enum Problem {
        /** A field (column) the model reads is absent. */
        MISSING_FIELD,
        /** A value is missing where nothing fills it in (no imputer). */
        MISSING_VALUE,
        /** A value of the wrong type (a text where a number belongs, an object where a text belongs). */
        WRONG_TYPE,
        /** A category the fitted encoder has not seen, with {@code handle_unknown=error}. */
        UNKNOWN_CATEGORY,
        /** An image of another size or channel count than the model takes. */
        WRONG_IMAGE_SIZE,
        /** Bytes that do not decode as an image. */
        BAD_IMAGE,
        /** A tensor of the wrong shape, or data of a kind the model does not read. */
        WRONG_SHAPE,
        /** A record that is not a record (not a JSON object, a CSV row with the wrong field count). */
        MALFORMED
    }

    private final Problem problem;
    private final int record;
    private final String field;
    private final String expected;

    /**
     * @param record the record's 0-based index in its batch, or -1 when the problem concerns them all
     * @param field the field's name, or null
     * @param expected what was expected, in words ({@code a number}), or null
     * @param message the whole message, naming the record and field
     */
    public InvalidRecordException(Problem problem, int record, String field, String expected, String message) {
        super(message);
        this.problem = problem;
        this.record = record;
        this.field = field;
        this.expected = expected;
    }

    /**
     * The message for a record and field: {@code record 3, field "age": expected a number, found a string}.
     *
     * @param found what kind of thing was found ({@link ValueKind#of(Object)}), never the value: messages
     *     reach logs and clients, and a value is someone's data
     */
    public static InvalidRecordException of(Problem problem, int record, String field, String expected, String found) {
        StringBuilder m = new StringBuilder();
        if (record >= 0) {
            m.append("record ").append(record);
        }
        if (field != null) {
            m.append(m.length() > 0 ? ", " : "").append("field \"").append(field).append('"');
        }
        m.append(m.length() > 0 ? ": " : "").append(found == null ? expected : "expected " + expected + ", found " + found);
        return new InvalidRecordException(problem, record, field, expected, m.toString());
    }

    public Problem problem() {
        return problem;
    }

    /** The record's 0-based index, or -1. */
    public int record() {
        return record;
    }

    /** The field's name, or null. */
    public String field() {
        return field;
    }

    /** What was expected, in words, or null. */
    public String expected() {
        return expected;
    }

    /** The same problem, for the record at {@code index} of a larger batch, with the message's prefix. */
    public InvalidRecordException at(int index, String message) {
        return new InvalidRecordException(problem, index, field, expected, message);
    }
}
