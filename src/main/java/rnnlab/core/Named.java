package rnnlab.core;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Looking things up by name, with an error that lists the names there are (report rows, parameters, columns). */
public final class Named {
    private Named() {}

    /**
     * The first item whose {@code name} is {@code wanted}; otherwise an {@link IllegalArgumentException} whose
     * message is {@code missing} followed by the names there are.
     */
    public static <T> T find(List<T> items, Function<T, String> name, String wanted, String missing) {
        for (T item : items) {
            if (name.apply(item).equals(wanted)) {
                return item;
            }
        }
        throw new IllegalArgumentException(missing + items.stream().map(name).toList());
    }

    /**
     * The value of {@code name} in {@code byName}; otherwise an {@link IllegalArgumentException} whose message is
     * {@code missing} followed by the names there are.
     */
    public static <V> V get(Map<String, V> byName, String name, String missing) {
        V v = byName.get(name);
        if (v == null) {
            throw new IllegalArgumentException(missing + byName.keySet());
        }
        return v;
    }
}
