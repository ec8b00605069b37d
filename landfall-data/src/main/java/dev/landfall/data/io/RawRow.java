package dev.landfall.data.io;

import java.util.Arrays;

/** One CSV record's fields as slices of a reusable char buffer (no String per field on the fast path). */
final class RawRow {
    char[] buf = new char[1024];
    int[] start = new int[32];
    int[] len = new int[32];
    int count;
    int used;
    long line;
    long quotes;
    boolean lastQuoted;

    void reset(long lineNumber) {
        count = 0;
        used = 0;
        quotes = 0;
        line = lineNumber;
        lastQuoted = false;
    }

    void add(char[] b, int off, int n, boolean quoted) {
        if (count == start.length) {
            start = Arrays.copyOf(start, count * 2);
            len = Arrays.copyOf(len, count * 2);
        }
        if (used + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, used + n));
        }
        System.arraycopy(b, off, buf, used, n);
        start[count] = used;
        len[count] = n;
        count++;
        used += n;
        // raw quote characters this field took in the file: 2 + 2·(inner quotes) when quoted
        long inner = 0;
        for (int i = off; i < off + n; i++) {
            if (b[i] == '"') {
                inner++;
            }
        }
        quotes += quoted ? 2 + 2 * inner : inner;
        lastQuoted = quoted;
    }

    String text(int i) {
        return new String(buf, start[i], len[i]);
    }

    boolean equalsText(int i, String s) {
        if (len[i] != s.length()) {
            return false;
        }
        for (int k = 0; k < len[i]; k++) {
            if (buf[start[i] + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    double number(int i) {
        return Numbers.parse(buf, start[i], len[i]);
    }
}
