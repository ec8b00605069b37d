package dev.landfall.data;

/**
 * Input data that does not have the expected form. The message names the file, the line and the
 * column when known, then what was expected: {@code train.csv line 17: expected 31 fields, found 29}.
 */
public class DataFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final int column;

    /**
     * @param file the file's name (or another source name)
     * @param line 1-based line, or -1 when not meaningful
     * @param column 1-based column, or -1 when not meaningful
     * @param columnName the column's name, or null
     * @param problem what was expected and found
     */
    public DataFormatException(String file, long line, int column, String columnName, String problem) {
        this(file, line, column, columnName, problem, null);
    }

    public DataFormatException(String file, long line, int column, String columnName, String problem, Throwable cause) {
        super(format(file, line, column, columnName, problem), cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    private static String format(String file, long line, int column, String columnName, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(" line ").append(line);
        }
        if (column > 0) {
            sb.append(", column ").append(column);
            if (columnName != null) {
                sb.append(" (\"").append(columnName).append("\")");
            }
        }
        return sb.append(": ").append(problem).toString();
    }

    /** The file (or source) name. */
    public String file() {
        return file;
    }

    /** The 1-based line, or -1. */
    public long line() {
        return line;
    }

    /** The 1-based column, or -1. */
    public int column() {
        return column;
    }
}
