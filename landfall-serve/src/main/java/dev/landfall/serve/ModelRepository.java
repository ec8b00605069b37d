package dev.landfall.serve;

import dev.landfall.data.Tensors;
import dev.landfall.nn.io.ModelFile;
import dev.landfall.nn.io.ModelSignatures;
import dev.landfall.nn.layers.Input;
import dev.landfall.nn.predict.Predictor;
import dev.landfall.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The models a server serves: one model file (served as its file name's stem, version 1), or a
 * repository {@code DIR/{name}/{version}/model.landfall} with positive integer versions. It is polled:
 * a new version is loaded, checked (the file's digests and structure, then a warm-up forward on the
 * signature's shapes) and switched in atomically; a version that fails is reported (log, metrics,
 * not ready) while the others keep serving; a replaced file is loaded anew and switched in; a removed
 * version stops taking requests and is unloaded once those it accepted are answered.
 */
public final class ModelRepository implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("dev.landfall.serve");
    /** The file a version folder holds. */
    public static final String MODEL_FILE = "model.landfall";

    /** Where a version is in its life. */
    public enum State {
        READY, FAILED
    }

    /** One version of one model: loaded and batching, or failed with the reason. */
    public static final class Version {
        final String name;
        final int version;
        final Path file;
        final String stamp;
        final State state;
        final String error;
        final Predictor predictor;
        final Batcher batcher;

        Version(String name, int version, Path file, String stamp, State state, String error, Predictor predictor,
                Batcher batcher) {
            this.name = name;
            this.version = version;
            this.file = file;
            this.stamp = stamp;
            this.state = state;
            this.error = error;
            this.predictor = predictor;
            this.batcher = batcher;
        }

        public String name() {
            return name;
        }

        public int version() {
            return version;
        }

        public State state() {
            return state;
        }

        /** Why it failed to load, or null. */
        public String error() {
            return error;
        }

        public Predictor predictor() {
            return predictor;
        }

        boolean ready() {
            return state == State.READY;
        }
    }

    private final Path root;
    private final ServeOptions options;
    private final Metrics metrics;
    private final Map<String, NavigableMap<Integer, Version>> models = new ConcurrentHashMap<>();
    /** Files seen on the last poll but not loaded yet: path → stamp, loaded when the stamp holds still. */
    private final Map<Path, String> pending = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean closed;

    /**
     * Loads everything there now; later changes are picked up every {@code options.pollMillis()}.
     *
     * @throws IllegalArgumentException when {@code root} is neither a model file nor a folder
     */
    ModelRepository(Path root, ServeOptions options, Metrics metrics) {
        if (!Files.isRegularFile(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + ": no such model file or repository folder");
        }
        this.root = root;
        this.options = options;
        this.metrics = metrics;
        scan(true);
        this.poller = new Thread(this::poll, "landfall-repository");
        this.poller.setDaemon(true);
        this.poller.start();
    }

    private void poll() {
        while (!closed) {
            try {
                Thread.sleep(options.pollMillis());
                scan(false);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "repository scan failed: " + e.getMessage(), e);
            }
        }
    }

    /** What the repository holds on disk: name → version → file. */
    private Map<String, Map<Integer, Path>> onDisk() {
        Map<String, Map<Integer, Path>> out = new LinkedHashMap<>();
        if (Files.isRegularFile(root)) {
            String stem = root.getFileName().toString().replaceFirst("\\.landfall$", "");
            out.put(stem, Map.of(1, root));
            return out;
        }
        for (Path m : list(root)) {
            String name = m.getFileName().toString();
            if (!Files.isDirectory(m) || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                continue;
            }
            Map<Integer, Path> versions = new LinkedHashMap<>();
            for (Path v : list(m)) {
                String vn = v.getFileName().toString();
                if (Files.isDirectory(v) && vn.matches("[1-9][0-9]{0,8}") && Files.isRegularFile(v.resolve(MODEL_FILE))) {
                    versions.put(Integer.parseInt(vn), v.resolve(MODEL_FILE));
                }
            }
            if (!versions.isEmpty()) {
                out.put(name, versions);
            }
        }
        return out;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String stamp(Path f) {
        try {
            return Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return "gone";
        }
    }

    /** Brings the loaded versions in line with the disk. {@code now}: load without waiting for files to settle. */
    synchronized void scan(boolean now) {
        Map<String, Map<Integer, Path>> disk = onDisk();
        // removed versions: no new requests; unloaded once their queue is empty
        for (Map.Entry<String, NavigableMap<Integer, Version>> m : models.entrySet()) {
            for (Version v : List.copyOf(m.getValue().values())) {
                if (!disk.getOrDefault(m.getKey(), Map.of()).containsKey(v.version)) {
                    m.getValue().remove(v.version);
                    unload(v);
                    LOG.info("unloaded " + v.name + " version " + v.version + " (removed from the repository)");
                }
            }
        }
        models.entrySet().removeIf(e -> e.getValue().isEmpty());
        for (Map.Entry<String, Map<Integer, Path>> m : disk.entrySet()) {
            for (Map.Entry<Integer, Path> v : m.getValue().entrySet()) {
                Version have = models.getOrDefault(m.getKey(), new ConcurrentSkipListMap<>()).get(v.getKey());
                String stamp = stamp(v.getValue());
                if (have != null && have.stamp.equals(stamp)) {
                    continue;
                }
                // a file still being copied changes between polls: load it once it holds still
                if (!now && !stamp.equals(pending.put(v.getValue(), stamp))) {
                    continue;
                }
                pending.remove(v.getValue());
                Version loaded = load(m.getKey(), v.getKey(), v.getValue(), stamp);
                if (loaded.state == State.FAILED && have != null && have.ready()) {
                    // a damaged replacement never displaces a version that works
                    models.get(m.getKey()).put(v.getKey(), new Version(have.name, have.version, have.file, stamp,
                            have.state, "a newer file failed to load: " + loaded.error, have.predictor, have.batcher));
                    continue;
                }
                Version old = models.computeIfAbsent(m.getKey(), k -> new ConcurrentSkipListMap<>()).put(v.getKey(), loaded);
                if (old != null) {
                    unload(old);
                }
            }
        }
        metrics.loaded((int) models.values().stream().flatMap(v -> v.values().stream()).filter(Version::ready).count());
    }

    private Version load(String name, int version, Path file, String stamp) {
        try {
            // unsigned or untrusted: not loaded; signed: the bytes that verified are the ones loaded
            Predictor p = Predictor.of(options.trustedKeys().isEmpty() ? ModelFile.load(file)
                    : ModelSignatures.loadVerified(file, options.trustedKeys()));
            p.forward(warmUp(p)); // a model that cannot run is not switched in
            Batcher b = new Batcher(name + "-" + version, p::forward, options.maxBatch(), options.maxDelayMicros(),
                    options.maxQueue(), metrics.batcher(name, Integer.toString(version)));
            LOG.info("loaded " + name + " version " + version + " from " + file);
            return new Version(name, version, file, stamp, State.READY, null, p, b);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warning("cannot load " + name + " version " + version + ": " + why);
            metrics.loadFailure(name);
            return new Version(name, version, file, stamp, State.FAILED, why, null, null);
        }
    }

    /** One example of zeros for every model input. */
    private static Tensors warmUp(Predictor p) {
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (Input in : p.model().inputs()) {
            int[] shape = new int[in.shape().rank() + 1];
            shape[0] = 1;
            System.arraycopy(in.shape().toArray(), 0, shape, 1, in.shape().rank());
            named.put(in.name(), Tensor.zeros(shape).to(in.dtype()));
        }
        return named.size() == 1 ? Tensors.of(named.values().iterator().next()) : Tensors.of(named);
    }

    private static void unload(Version v) {
        if (v.batcher != null) {
            Thread t = new Thread(v.batcher::close, "landfall-unload-" + v.name + "-" + v.version);
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * The version a request names, or the newest ready one.
     *
     * @throws ServeException 404 for an unknown model or version, 503 for a version that failed to load
     */
    public Version resolve(String name, Integer version) {
        NavigableMap<Integer, Version> vs = models.get(name);
        if (vs == null || vs.isEmpty()) {
            throw ServeException.notFound("no model named '" + V2Codec.abbreviate(name) + "' (models: " + String.join(", ", names()) + ")");
        }
        if (version == null) {
            for (Version v : vs.descendingMap().values()) {
                if (v.ready()) {
                    return v;
                }
            }
            throw ServeException.unavailable("model '" + name + "' has no version that loaded: " + vs.lastEntry()
                    .getValue().error);
        }
        Version v = vs.get(version);
        if (v == null) {
            throw ServeException.notFound("model '" + name + "' has no version " + version + " (versions: "
                    + vs.keySet() + ")");
        }
        if (!v.ready()) {
            throw ServeException.unavailable("model '" + name + "' version " + version + " failed to load: " + v.error);
        }
        return v;
    }

    /** Every version of a model (404 for an unknown one). */
    public List<Version> versions(String name) {
        NavigableMap<Integer, Version> vs = models.get(name);
        if (vs == null) {
            throw ServeException.notFound("no model named '" + V2Codec.abbreviate(name) + "'");
        }
        return List.copyOf(vs.values());
    }

    /**
     * Whether {@code name} (and {@code version}, unless empty) is in the repository now. Only such names
     * become metric labels, so requests for made-up models cannot grow the metrics without bound.
     */
    boolean serves(String name, String version) {
        NavigableMap<Integer, Version> vs = models.get(name);
        if (vs == null || version.isEmpty()) {
            return vs != null;
        }
        return version.matches("[1-9][0-9]{0,8}") && vs.containsKey(Integer.parseInt(version));
    }

    /** The model names, sorted. */
    public List<String> names() {
        List<String> n = new ArrayList<>(models.keySet());
        n.sort(null);
        return n;
    }

    /**
     * A version as a request names it: {@code null} (the default version) or a positive integer.
     *
     * @throws ServeException 404 for anything else
     */
    static Integer version(String s) {
        if (s == null) {
            return null;
        }
        if (!s.matches("[1-9][0-9]{0,8}")) {
            throw ServeException.notFound("no version '" + V2Codec.abbreviate(s) + "' (versions are positive integers)");
        }
        return Integer.parseInt(s);
    }

    /** Whether every model has a version that is ready. */
    public boolean ready() {
        return !models.isEmpty() && models.values().stream().allMatch(vs -> vs.values().stream().anyMatch(Version::ready));
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        for (NavigableMap<Integer, Version> vs : models.values()) {
            for (Version v : vs.values()) {
                if (v.batcher != null) {
                    v.batcher.close();
                }
            }
        }
    }
}
