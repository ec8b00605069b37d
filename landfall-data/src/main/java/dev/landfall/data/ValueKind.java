package dev.landfall.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.Map;

/**
 * What kind of thing a value is, in words for an error message: {@code a string}, {@code an object},
 * {@code a number with a fraction}. Messages and logs name the file, row, field and the kind of what
 * was found, never the value itself: a cell, a JSON field or a request element is someone's data.
 *
 * <pre>{@code
 * "record 3, field \"age\": expected a number, found " + ValueKind.of(node)   // ... found a string
 * }</pre>
 */
public final class ValueKind {
    /** What a text that does not parse as a number is (a CSV cell, a request's BYTES element). */
    public static final String NOT_A_NUMBER = "text that is not a number";

    private ValueKind() {
    }

    /** The kind of a plain Java value (as Jackson or a record map holds it). */
    public static String of(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof JsonNode n) {
            return of(n);
        }
        if (v instanceof CharSequence) {
            return "a string";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "true or false";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof Collection<?> || v.getClass().isArray()) {
            return "a list";
        }
        return "a " + v.getClass().getSimpleName();
    }

    /** The kind of a JSON value. */
    public static String of(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case OBJECT -> "an object";
            case ARRAY -> "a list";
            case NULL -> "null";
            default -> "binary data";
        };
    }

    /** The kind of the value a JSON parser stands on. */
    public static String of(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_NULL -> "null";
            default -> "binary data";
        };
    }

    /**
     * The kind of a number, for ids and counts: {@code a number with a fraction}, {@code a negative
     * number}, {@code an infinite number}, {@code NaN}, else {@code a non-negative integer}.
     */
    public static String ofNumber(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return "an infinite number";
        }
        return v != Math.rint(v) ? "a number with a fraction" : v < 0 ? "a negative number" : "a non-negative integer";
    }

    /**
     * Why JSON is malformed, without the parser's own words, which quote the text around the error:
     * {@code malformed JSON (the text ends inside a value)}. The caller adds the parser's line and column.
     */
    public static String malformedJson(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "malformed JSON (the text ends inside a value)";
        }
        if (e instanceof StreamConstraintsException) {
            // Jackson's limits name counts of characters and levels only, never the text
            return "malformed JSON (" + e.getOriginalMessage() + ")";
        }
        return "malformed JSON";
    }
}
