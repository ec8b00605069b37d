package dev.landfall.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The pages to try a model: plain HTML, CSS and a little JavaScript from the jar, nothing fetched from
 * elsewhere. {@code /} lists the models; {@code /ui/model.html?name=…} builds a form from a model's
 * signature (raw columns, a text box, an image upload or numbers) and shows the label and a bar chart
 * of the probabilities that the REST API answers.
 */
final class Pages {
    /** A page's bytes and content type. */
    record Page(byte[] body, String contentType) {
    }

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/ui/model.html", "model.html",
            "/ui/app.js", "app.js",
            "/ui/style.css", "style.css");

    private final Map<String, Page> pages = new java.util.HashMap<>();

    Pages() {
        FILES.forEach((path, file) -> pages.put(path, new Page(read(file), type(file))));
    }

    /** The page at this path, or null. */
    Page get(String path) {
        return pages.get(path);
    }

    private static byte[] read(String file) {
        try (InputStream in = Pages.class.getResourceAsStream("ui/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks dev/landfall/serve/ui/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String type(String file) {
        return file.endsWith(".html") ? "text/html; charset=utf-8" : file.endsWith(".js")
                ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    }
}
