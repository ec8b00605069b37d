package dev.landfall.report;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks a written report folder: a self-contained page whose every picture is a PNG of the size it states. */
public final class ReportFiles {
    private static final Pattern IMG = Pattern.compile("<img src=\"([^\"]+)\" width=\"(\\d+)\" height=\"(\\d+)\"");
    private static final Pattern REF = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"");

    private ReportFiles() {
    }

    /**
     * Asserts that the page references only files inside its folder, uses no script, external font
     * or style, and that every picture exists and is a valid PNG of the stated width and height.
     *
     * @return the picture file names, in page order
     */
    public static List<String> check(Path page) throws IOException {
        Path folder = page.getParent().toAbsolutePath().normalize();
        String html = Files.readString(page);
        assertFalse(html.contains("<script"), "the page has a script");
        assertFalse(html.contains("@import") || html.contains("@font-face") || html.contains("url("),
                "the page loads a style or font");
        Matcher r = REF.matcher(html);
        while (r.find()) {
            String ref = r.group(1);
            assertFalse(ref.contains(":") || ref.startsWith("/") || ref.startsWith("\\"), "not a relative file: " + ref);
            assertTrue(folder.resolve(ref).normalize().startsWith(folder), "outside the run folder: " + ref);
        }
        List<String> names = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            Path png = folder.resolve(m.group(1));
            byte[] head = Files.readAllBytes(png);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                    java.util.Arrays.copyOf(head, 8), m.group(1) + " is not a PNG");
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(Integer.parseInt(m.group(2)), img.getWidth(), m.group(1) + " width");
            assertEquals(Integer.parseInt(m.group(3)), img.getHeight(), m.group(1) + " height");
            names.add(m.group(1));
        }
        try (var files = Files.list(folder)) {
            files.filter(f -> f.toString().endsWith(".png")).forEach(f -> assertTrue(
                    names.contains(f.getFileName().toString()), "a PNG the page does not show: " + f.getFileName()));
        }
        return names;
    }

    /** The cells of the first table row whose first cell is {@code first}. */
    public static List<String> row(String html, String first) {
        List<List<String>> all = rows(html, first);
        assertFalse(all.isEmpty(), "no row '" + first + "'");
        return all.get(0);
    }

    /** The cells (after the first) of every table row whose first cell is {@code first}, in page order. */
    public static List<List<String>> rows(String html, String first) {
        Matcher m = Pattern.compile("<tr[^>]*><td>" + Pattern.quote(first) + "</td>(.*?)</tr>").matcher(html);
        List<List<String>> rows = new ArrayList<>();
        while (m.find()) {
            List<String> cells = new ArrayList<>();
            Matcher c = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(m.group(1));
            while (c.find()) {
                cells.add(c.group(1));
            }
            rows.add(cells);
        }
        return rows;
    }
}
