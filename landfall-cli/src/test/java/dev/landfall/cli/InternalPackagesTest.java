package dev.landfall.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DESIGN.md §2: {@code …internal} packages stay inside their module. The CLI has every module on its
 * classpath, so this test reads every Landfall class file and fails when one refers to an internal
 * package that another module defines.
 */
class InternalPackagesTest {
    private static final Pattern INTERNAL = Pattern.compile("dev/landfall/[a-z0-9/]*/internal/[A-Za-z0-9_$]+");

    /** A module's classes by name ({@code dev/landfall/x/Y.class}) and their bytes. */
    private static Map<String, byte[]> classesOf(Path root) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path f : s.filter(f -> f.toString().endsWith(".class")).toList()) {
                    out.put(root.relativize(f).toString().replace(File.separatorChar, '/'), Files.readAllBytes(f));
                }
            }
        } else {
            try (ZipFile z = new ZipFile(root.toFile())) {
                for (ZipEntry e : java.util.Collections.list(z.entries())) {
                    if (e.getName().startsWith("dev/landfall/") && e.getName().endsWith(".class")) {
                        out.put(e.getName(), z.getInputStream(e).readAllBytes());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void noModuleUsesAnotherModulesInternalPackages() throws IOException {
        List<Path> roots = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            boolean moduleDir = Files.isDirectory(p) && p.toString().contains("landfall-") && name.equals("classes");
            boolean moduleJar = name.startsWith("landfall-") && name.endsWith(".jar") && !name.endsWith("-all.jar")
                    && !name.endsWith("-tests.jar"); // test helpers are no module's API
            if (moduleDir || moduleJar) {
                roots.add(p);
            }
        }
        assertTrue(roots.size() >= 5, "the modules should be on the test classpath: " + roots);
        Map<String, Path> owner = new HashMap<>();
        Map<Path, Map<String, byte[]>> classes = new HashMap<>();
        for (Path root : roots) {
            Map<String, byte[]> cs = classesOf(root);
            classes.put(root, cs);
            for (String c : cs.keySet()) {
                String pkg = c.substring(0, c.lastIndexOf('/'));
                if (pkg.endsWith("/internal") || pkg.contains("/internal/")) {
                    owner.put(pkg, root);
                }
            }
        }
        assertTrue(owner.containsKey("dev/landfall/tensor/internal"), "expected dev/landfall/tensor/internal: " + owner);
        Set<String> violations = new HashSet<>();
        for (Path root : roots) {
            for (Map.Entry<String, byte[]> c : classes.get(root).entrySet()) {
                Matcher m = INTERNAL.matcher(new String(c.getValue(), StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    String ref = m.group();
                    Path defining = owner.get(ref.substring(0, ref.lastIndexOf('/')));
                    if (defining != null && !defining.equals(root)) {
                        violations.add(c.getKey() + " uses " + ref);
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), "internal packages used from other modules: " + violations);
    }
}
