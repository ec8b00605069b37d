package dev.landfall.report;

import dev.landfall.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** The report's pictures that are not line charts: confusion matrices and a grid of example images (Java2D). */
final class Pictures {
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private Pictures() {
    }

    /**
     * A confusion matrix as a heat map: rows the true class, columns the predicted one, each cell shaded
     * by its share of the row and labelled with the count or, when {@code normalized}, that share.
     */
    static BufferedImage confusion(double[][] m, List<String> classes, boolean normalized) {
        int k = classes.size();
        int cell = k <= 6 ? 64 : k <= 12 ? 44 : 28;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(FONT);
        FontMetrics fm = pg.getFontMetrics();
        int label = 0;
        for (String c : classes) {
            label = Math.max(label, fm.stringWidth(shorten(c)));
        }
        pg.dispose();
        int left = label + 40;
        int top = 40;
        int bottom = label + 40;
        int w = Math.max(left + k * cell + 20, 360);
        int h = top + k * cell + bottom;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setFont(TITLE);
        g.drawString(normalized ? "Confusion matrix (share of each true class)" : "Confusion matrix (counts)", 10, 22);
        g.setFont(FONT);
        fm = g.getFontMetrics();
        for (int r = 0; r < k; r++) {
            double row = 0;
            for (double v : m[r]) {
                row += v;
            }
            for (int c = 0; c < k; c++) {
                double share = row == 0 ? 0 : m[r][c] / row;
                int shade = (int) Math.round(255 * (1 - share * 0.85));
                g.setColor(new Color(shade, shade, 255));
                int x = left + c * cell;
                int y = top + r * cell;
                g.fillRect(x, y, cell, cell);
                g.setColor(Color.LIGHT_GRAY);
                g.drawRect(x, y, cell, cell);
                g.setColor(share > 0.55 ? Color.WHITE : Color.BLACK);
                String text = normalized ? String.format(Locale.ROOT, "%.2f", share) : count(m[r][c]);
                if (fm.stringWidth(text) < cell - 2) {
                    g.drawString(text, x + (cell - fm.stringWidth(text)) / 2, y + cell / 2 + fm.getAscent() / 2 - 1);
                }
            }
            g.setColor(Color.BLACK);
            String name = shorten(classes.get(r));
            g.drawString(name, left - 6 - fm.stringWidth(name), top + r * cell + cell / 2 + fm.getAscent() / 2 - 1);
        }
        AffineTransform keep = g.getTransform();
        for (int c = 0; c < k; c++) {
            String name = shorten(classes.get(c));
            g.setTransform(keep);
            g.translate(left + c * cell + cell / 2 + fm.getAscent() / 2 - 1, top + k * cell + 6);
            g.rotate(Math.PI / 2);
            g.drawString(name, 0, 0);
        }
        g.setTransform(keep);
        g.drawString("predicted →", left, h - 10);
        g.rotate(-Math.PI / 2);
        g.drawString("true →", -(top + k * cell), 14);
        g.dispose();
        return img;
    }

    /** One tile of a grid: an image and the lines under it. */
    record Tile(Tensor image, String[] caption, boolean wrong) {
    }

    /**
     * Images (each {@code [H, W, C]}, C = 1 or 3, pixel values 0–255 or 0–1) scaled up to about 84 pixels
     * wide, {@code columns} per row, each with its caption.
     */
    static BufferedImage grid(List<Tile> tiles, int columns) {
        int h0 = tiles.get(0).image().dim(0);
        int w0 = tiles.get(0).image().dim(1);
        int scale = Math.max(1, 84 / Math.max(h0, w0));
        int tw = Math.max(w0 * scale, 124);
        int captionLines = tiles.get(0).caption().length;
        int th = h0 * scale + 8 + captionLines * 14;
        int rows = (tiles.size() + columns - 1) / columns;
        BufferedImage img = new BufferedImage(columns * (tw + 8) + 8, rows * (th + 8) + 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            int x = 8 + (i % columns) * (tw + 8);
            int y = 8 + (i / columns) * (th + 8);
            BufferedImage pic = picture(t.image());
            int px = x + (tw - w0 * scale) / 2;
            g.drawImage(pic, px, y, w0 * scale, h0 * scale, null);
            if (t.wrong()) {
                g.setColor(new Color(200, 40, 40));
                g.setStroke(new BasicStroke(2));
                g.drawRect(px - 1, y - 1, w0 * scale + 1, h0 * scale + 1);
            }
            g.setColor(Color.BLACK);
            for (int l = 0; l < t.caption().length; l++) {
                String s = t.caption()[l];
                while (fm.stringWidth(s) > tw && s.length() > 3) {
                    s = s.substring(0, s.length() - 2) + "…";
                }
                g.drawString(s, x + (tw - fm.stringWidth(s)) / 2, y + h0 * scale + 6 + (l + 1) * 13);
            }
        }
        g.dispose();
        return img;
    }

    /** An {@code [H, W, C]} tensor as an image, scaled to 0–255 if its values lie in 0–1. */
    private static BufferedImage picture(Tensor image) {
        int h = image.dim(0);
        int w = image.dim(1);
        int c = image.rank() == 3 ? image.dim(2) : 1;
        float[] px = image.toFloatArray();
        float max = 0;
        for (float v : px) {
            max = Math.max(max, v);
        }
        float mul = max <= 1.0f ? 255f : 1f;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = (y * w + x) * c;
                int r = clamp(px[base] * mul);
                int gr = c >= 3 ? clamp(px[base + 1] * mul) : r;
                int b = c >= 3 ? clamp(px[base + 2] * mul) : r;
                out.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return out;
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }

    private static String count(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String shorten(String s) {
        return s.length() > 24 ? s.substring(0, 23) + "…" : s;
    }

    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a PNG", e);
        }
        return out.toByteArray();
    }
}
