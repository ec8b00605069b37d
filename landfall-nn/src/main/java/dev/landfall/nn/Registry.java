package dev.landfall.nn;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Name → object lookup for things configs refer to by string (activations, layers, losses, …). */
public final class Registry<T> {
    private final String kind;
    private final Map<String, T> entries = Collections.synchronizedMap(new TreeMap<>());

    /** A registry for things of one kind ("activation", "layer"), named in errors. */
    public Registry(String kind) {
        this.kind = kind;
    }

    /** Adds or replaces an entry. */
    public void register(String name, T value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a " + kind + " needs a non-empty name to be registered");
        }
        entries.put(name, value);
    }

    /**
     * The entry for {@code name}.
     *
     * @throws IllegalArgumentException naming the unknown name and listing the known ones
     */
    public T get(String name) {
        T v = entries.get(name);
        if (v == null) {
            throw new IllegalArgumentException("Unknown " + kind + ": '" + name + "'. Known: "
                    + String.join(", ", entries.keySet()) + ". Register custom ones before use.");
        }
        return v;
    }

    /** Whether {@code name} is registered. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** A snapshot of all entries, sorted by name. */
    public Map<String, T> all() {
        synchronized (entries) {
            return Collections.unmodifiableMap(new TreeMap<>(entries));
        }
    }
}
