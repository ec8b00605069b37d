package dev.landfall.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.landfall.data.DataFormatException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path root;

    void png(String cls, String name, int rgb, int w, int h) throws IOException {
        Files.createDirectories(root.resolve(cls));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, x == 0 && y == 0 ? 0x0000FF : rgb);
            }
        }
        ImageIO.write(img, "png", root.resolve(cls).resolve(name).toFile());
    }

    @Test
    void readsClassFoldersChannelsLast() throws IOException {
        png("cat", "a.png", 0xFF0000, 4, 3);
        png("dog", "b.png", 0x00FF00, 4, 3);
        png("dog", "c.png", 0x00FF00, 4, 3);
        Files.writeString(root.resolve("dog").resolve("notes.txt"), "ignored: not an image extension");
        ImageFolder.Data d = ImageFolder.read(root, 3, 4, ImageFolder.ColorMode.RGB);
        assertArrayEquals(new int[] {3, 3, 4, 3}, d.images().shape().toArray());
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertArrayEquals(new int[] {0, 1, 1}, d.labels().toIntArray());
        float[] px = d.images().toFloatArray();
        assertArrayEquals(new float[] {0, 0, 255}, new float[] {px[0], px[1], px[2]}); // blue corner
        assertArrayEquals(new float[] {255, 0, 0}, new float[] {px[3], px[4], px[5]}); // red
        ImageFolder.Data g = ImageFolder.read(root, 3, 4, ImageFolder.ColorMode.GRAYSCALE);
        assertEquals(76f, g.images().toFloatArray()[1]); // round(0.299 · 255)
        ImageFolder.Data small = ImageFolder.read(root, 2, 2, ImageFolder.ColorMode.RGB);
        assertArrayEquals(new int[] {3, 2, 2, 3}, small.images().shape().toArray());
    }

    @Test
    void aFileThatIsNotAnImageIsAnErrorNamingIt() throws IOException {
        png("cat", "a.png", 0xFF0000, 2, 2);
        Path fake = root.resolve("cat").resolve("broken.png");
        Files.writeString(fake, "this is text, not a PNG");
        var e = assertThrows(DataFormatException.class, () -> ImageFolder.read(root, 2, 2, ImageFolder.ColorMode.RGB));
        assertTrue(e.getMessage().startsWith(fake + ": not an image"), e.getMessage());
    }

    @Test
    void grayImagesAreReadFromTheirRaster() throws IOException {
        Files.createDirectories(root.resolve("c0"));
        BufferedImage g = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(0, 0, 0, 128);
        g.getRaster().setSample(1, 0, 0, 64);
        g.getRaster().setSample(0, 1, 0, 255);
        ImageIO.write(g, "png", root.resolve("c0/a.png").toFile());
        float[] gray = ImageFolder.read(root, 2, 2, ImageFolder.ColorMode.GRAYSCALE).images().toFloatArray();
        assertArrayEquals(new float[] {128, 64, 255, 0}, gray); // getRGB would give 186, 136, ...
        float[] rgb = ImageFolder.read(root, 2, 2, ImageFolder.ColorMode.RGB).images().toFloatArray();
        assertArrayEquals(new float[] {128, 128, 128, 64, 64, 64}, java.util.Arrays.copyOf(rgb, 6));
    }

    @Test
    void grayImagesAreResizedOnTheirValues() throws IOException {
        Files.createDirectories(root.resolve("c0"));
        BufferedImage g = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(0, 0, 0, 128);
        g.getRaster().setSample(1, 0, 0, 64);
        ImageIO.write(g, "png", root.resolve("c0/a.png").toFile());
        float[] px = ImageFolder.read(root, 1, 4, ImageFolder.ColorMode.GRAYSCALE).images().toFloatArray();
        // half-pixel centres: x' = (x + 0.5)/2 - 0.5 -> -0.25 (clamped), 0.25, 0.75, 1.25 (clamped)
        assertArrayEquals(new float[] {128, 112, 80, 64}, px);
    }
}
