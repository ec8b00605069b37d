package dev.landfall.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.landfall.tensor.Rng;
import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void agreesWithDoubleParseDoubleBitForBit() {
        Rng rng = Rng.of(11);
        for (int i = 0; i < 20_000; i++) {
            double v = (rng.uniform(3 * i) - 0.5) * Math.pow(10, rng.nextInt(3 * i + 1, 30) - 15);
            String s = switch (i % 4) {
                case 0 -> Double.toString(v);
                case 1 -> String.format(java.util.Locale.ROOT, "%.6f", v);
                case 2 -> String.format(java.util.Locale.ROOT, "%.17e", v);
                default -> Long.toString(rng.bits(i) >> rng.nextInt(i, 60));
            };
            assertEquals(Double.doubleToLongBits(Double.parseDouble(s)), Double.doubleToLongBits(Numbers.parse(s)), s);
        }
        assertEquals(0.1, Numbers.parse(" 0.1 "));
        assertEquals(Double.NEGATIVE_INFINITY, Numbers.parse("-inf"));
    }

    @Test
    void rejectsJavaSpecificForms() {
        assertThrows(NumberFormatException.class, () -> Numbers.parse("1d"));
        assertThrows(NumberFormatException.class, () -> Numbers.parse("0x1p3"));
        assertThrows(NumberFormatException.class, () -> Numbers.parse("1e"));
        assertThrows(NumberFormatException.class, () -> Numbers.parse("abc"));
    }
}
