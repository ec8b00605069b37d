package dev.landfall.data;

import dev.landfall.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One tensor or an ordered map of named tensors: the features or the target of an {@link Example}
 * (several named inputs or outputs, like a Keras functional model's dict of inputs).
 *
 * <pre>{@code
 * Tensors x = Tensors.of(Tensor.zeros(4, 30));
 * Tensors xy = Tensors.of(Map.of("image", images, "meta", meta));
 * }</pre>
 */
public final class Tensors {
    /** The key a single tensor has in {@link #named()}. */
    public static final String SINGLE_NAME = "input";

    private final Tensor single;
    private final Map<String, Tensor> named;

    private Tensors(Tensor single, Map<String, Tensor> named) {
        this.single = single;
        this.named = named;
    }

    /** One tensor. */
    public static Tensors of(Tensor t) {
        Objects.requireNonNull(t, "Tensors.of: the tensor is null");
        return new Tensors(t, Collections.singletonMap(SINGLE_NAME, t));
    }

    /**
     * Named tensors, in the map's iteration order.
     *
     * @throws IllegalArgumentException if the map is empty or holds a null name or tensor
     */
    public static Tensors of(Map<String, Tensor> named) {
        if (named == null || named.isEmpty()) {
            throw new IllegalArgumentException("Tensors.of: expected at least one named tensor. Received: " + named);
        }
        Map<String, Tensor> copy = new LinkedHashMap<>();
        named.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("Tensors.of: null name or tensor in " + named.keySet());
            }
            copy.put(k, v);
        });
        return new Tensors(null, Collections.unmodifiableMap(copy));
    }

    /** Whether this holds one unnamed tensor. */
    public boolean isSingle() {
        return single != null;
    }

    /**
     * The one tensor.
     *
     * @throws IllegalStateException if this holds named tensors
     */
    public Tensor single() {
        if (single == null) {
            throw new IllegalStateException("expected a single tensor, but this holds named tensors " + named.keySet()
                    + "; use named() or get(name)");
        }
        return single;
    }

    /** The tensors by name; a single tensor is under {@value #SINGLE_NAME}. Unmodifiable. */
    public Map<String, Tensor> named() {
        return named;
    }

    /**
     * The tensor with this name.
     *
     * @throws IllegalArgumentException naming the known names when there is none
     */
    public Tensor get(String name) {
        Tensor t = named.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named \"" + name + "\"; the names are " + named.keySet());
        }
        return t;
    }

    /** The number of tensors. */
    public int size() {
        return named.size();
    }

    /** The same structure with {@code f} applied to every tensor. */
    public Tensors apply(UnaryOperator<Tensor> f) {
        if (single != null) {
            return of(f.apply(single));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        named.forEach((k, v) -> out.put(k, f.apply(v)));
        return of(out);
    }

    /** Whether {@code other} has the same structure (single, or the same names in the same order). */
    public boolean sameStructure(Tensors other) {
        return isSingle() == other.isSingle() && (isSingle() || named.keySet().equals(other.named.keySet()));
    }

    @Override
    public String toString() {
        if (single != null) {
            return "Tensors(" + single.shape() + " " + single.dtype().displayName() + ")";
        }
        StringBuilder sb = new StringBuilder("Tensors{");
        named.forEach((k, v) -> sb.append(sb.length() > 8 ? ", " : "").append(k).append('=')
                .append(v.shape()).append(' ').append(v.dtype().displayName()));
        return sb.append('}').toString();
    }
}
