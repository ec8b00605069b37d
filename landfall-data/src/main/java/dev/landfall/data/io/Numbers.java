package dev.landfall.data.io;

/**
 * Decimal parsing straight from a char buffer, without a String: the common case (up to 15
 * significant digits, a decimal exponent within ±22) is exact by Clinger's fast path — both the
 * integer mantissa and the power of ten are exact doubles, so one correctly rounded multiply or
 * divide gives the correctly rounded result. Anything else goes to {@link Double#parseDouble}.
 */
final class Numbers {
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Numbers() {
    }

    /** @throws NumberFormatException if the text is not a decimal number (surrounding spaces allowed) */
    static double parse(char[] b, int off, int len) {
        int i = off, end = off + len;
        while (i < end && b[i] == ' ') {
            i++;
        }
        while (end > i && b[end - 1] == ' ') {
            end--;
        }
        if (i == end) {
            throw new NumberFormatException("empty");
        }
        int start = i;
        boolean neg = false;
        if (b[i] == '-' || b[i] == '+') {
            neg = b[i] == '-';
            i++;
        }
        long mant = 0;
        int digits = 0, exp10 = 0;
        boolean any = false;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            any = true;
            if (mant != 0 || b[i] != '0') {
                digits++;
            }
            mant = digits <= 18 ? mant * 10 + (b[i] - '0') : mant;
            if (digits > 18) {
                exp10++;
            }
            i++;
        }
        if (i < end && b[i] == '.') {
            i++;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                any = true;
                if (mant != 0 || b[i] != '0') {
                    digits++;
                }
                if (digits <= 18) {
                    mant = mant * 10 + (b[i] - '0');
                    exp10--;
                }
                i++;
            }
        }
        if (!any) {
            return slow(b, start, end);
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                eneg = b[i] == '-';
                i++;
            }
            int e = 0;
            boolean edig = false;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                e = Math.min(e * 10 + (b[i] - '0'), 100_000);
                edig = true;
                i++;
            }
            if (!edig) {
                throw new NumberFormatException(new String(b, start, end - start));
            }
            exp10 += eneg ? -e : e;
        }
        if (i != end) {
            return slow(b, start, end);
        }
        if (digits <= 15 && exp10 >= -22 && exp10 <= 22) {
            double v = mant;
            v = exp10 >= 0 ? v * POW10[exp10] : v / POW10[-exp10];
            return neg ? -v : v;
        }
        return Double.parseDouble(new String(b, start, end - start));
    }

    /** NaN and infinities in the forms Python and NumPy write; Java's "1d"/"0x1p3" forms are rejected. */
    private static double slow(char[] b, int start, int end) {
        String s = new String(b, start, end - start);
        String u = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        switch (u.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "infinity" -> {
                return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            case "nan" -> {
                return Double.NaN;
            }
            default -> throw new NumberFormatException(s);
        }
    }

    static double parse(String s) {
        return parse(s.toCharArray(), 0, s.length());
    }
}
