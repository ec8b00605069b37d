package dev.landfall.data.io;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordType;
import dev.landfall.data.DataFormatException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.zip.GZIPInputStream;

/**
 * The records of a CSV/TSV file through FastCSV, strict about quotes. FastCSV accepts an unclosed
 * quote by swallowing the rest of the file into one field (and has no option to refuse it), so this
 * class counts the quote characters the parser read and compares them with what well-formed fields
 * account for; the record that swallowed the rest is always the last, so rows are handed out one
 * record behind the parser and the last one only after that check.
 *
 * <p>The returned row is reused: read it before the next {@code hasNext()}.
 */
final class CsvRows implements Iterator<RawRow>, Closeable {
    private final String name;
    private final QuoteCounter counter;
    private final CsvReader<RawRow> reader;
    private final Iterator<RawRow> it;
    private final RawRow[] rows = {new RawRow(), new RawRow(), new RawRow()};
    private int slot;
    private RawRow ahead;
    private RawRow pending;
    private long quotesInFields;
    private boolean done;
    private boolean closed;

    CsvRows(Path path, char separator) {
        this(String.valueOf(path.getFileName()), open(path), separator);
    }

    /** Rows of text already open (a request body, a string); {@code name} names it in messages. */
    CsvRows(String name, Reader text, char separator) {
        this.name = name;
        try {
            counter = new QuoteCounter(withoutBom(text));
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
        reader = CsvReader.builder().fieldSeparator(separator).allowExtraFields(true).allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(false).skipEmptyLines(true).maxBufferSize(maxFieldChars())
                .build(new Handler(), counter);
        it = reader.iterator();
    }

    private static Reader open(Path path) {
        String name = String.valueOf(path.getFileName());
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
            if (name.endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(path + ": no such file", e);
        } catch (IOException e) {
            closeQuietly(in);
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    /**
     * The longest field or line a reader accepts, in characters: 16 Mi unless the system property
     * {@code landfall.csv.maxFieldChars} says otherwise. A longer one (a file that is not CSV, or one
     * line of gigabytes) is an error naming the file, not an exhausted heap.
     */
    static int maxFieldChars() {
        return Integer.getInteger("landfall.csv.maxFieldChars", 16 << 20);
    }

    /** Skips a leading byte order mark (U+FEFF), which spreadsheet programs write and FastCSV keeps. */
    private static Reader withoutBom(Reader r) throws IOException {
        PushbackReader p = new PushbackReader(r, 1);
        int c = p.read();
        if (c >= 0 && c != 0xFEFF) {
            p.unread(c);
        }
        return p;
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // already failing: the first error is the one to report
            }
        }
    }

    String fileName() {
        return name;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !done) {
            if (ahead == null) {
                ahead = read();
            }
            RawRow after = ahead == null ? null : read();
            if (after == null) {
                done = true;
                if (ahead != null) {
                    checkQuotes(ahead);
                }
            }
            pending = ahead;
            ahead = after;
        }
        return pending != null;
    }

    @Override
    public RawRow next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException();
        }
        RawRow r = pending;
        pending = null;
        return r;
    }

    private RawRow read() {
        try {
            if (!it.hasNext()) {
                return null;
            }
            RawRow r = it.next();
            quotesInFields += r.quotes;
            return r;
        } catch (CsvParseException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            String m = String.valueOf(c.getMessage());
            if (m.contains("buffer size") || m.contains("Maximum buffer")) {
                throw new DataFormatException(name, lineOf(e), -1, null, "a field or line is longer than "
                        + maxFieldChars() + " characters (-Dlandfall.csv.maxFieldChars)", e);
            }
            if (m.startsWith("Unexpected character after closing quote")) {
                // no cause: FastCSV's message quotes the character, and it is data
                throw new DataFormatException(name, lineOf(e), -1, null, "malformed CSV: a character follows a closing "
                        + "quote (write a quote inside a field as '\"\"')");
            }
            throw new DataFormatException(name, lineOf(e), -1, null, "malformed CSV: " + c.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw ioError(e.getCause());
        }
    }

    private DataFormatException ioError(IOException e) {
        if (e instanceof EOFException || String.valueOf(e.getMessage()).contains("Unexpected end of ZLIB")) {
            return new DataFormatException(name, -1, -1, null, "the gzip data ends early (truncated file?)", e);
        }
        return new DataFormatException(name, -1, -1, null, "cannot read: " + e, e);
    }

    private long lineOf(CsvParseException e) {
        String m = String.valueOf(e.getMessage());
        int at = m.lastIndexOf("line ");
        if (at >= 0) {
            try {
                return Long.parseLong(m.substring(at + 5).replaceAll("\\D.*", ""));
            } catch (NumberFormatException ignored) {
                return -1;
            }
        }
        return -1;
    }

    private void checkQuotes(RawRow last) {
        if (counter.quotes != quotesInFields) {
            int col = last.count;
            throw new DataFormatException(name, last.line, col, null, "unclosed quote: the quoted field that starts "
                    + "here runs to the end of the file; close it with '\"' (write a quote inside a field as '\"\"')");
        }
    }

    /** Closes the file; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Handler extends AbstractBaseCsvCallbackHandler<RawRow> {
        private RawRow cur;

        @Override
        protected void handleBegin(long startingLineNumber) {
            do {
                slot = (slot + 1) % rows.length; // never the row held back for the quote check
            } while (rows[slot] == ahead || rows[slot] == pending);
            cur = rows[slot];
            cur.reset(startingLineNumber);
        }

        @Override
        protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
            cur.add(buf, offset, len, quoted);
        }

        @Override
        protected RawRow buildRecord() {
            return getRecordType() == RecordType.DATA ? cur : null;
        }
    }

    /** Counts quote characters as the parser reads them (a bulk scan of each chunk). */
    private static final class QuoteCounter extends FilterReader {
        long quotes;

        QuoteCounter(Reader in) {
            super(in);
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            int n = super.read(cbuf, off, len);
            long q = 0;
            for (int i = off; i < off + n; i++) {
                if (cbuf[i] == '"') {
                    q++;
                }
            }
            quotes += q;
            return n;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c == '"') {
                quotes++;
            }
            return c;
        }
    }
}
