package rnnlab.eval;

import java.util.List;
import java.util.function.Function;

/** Looking up a report's row by its name (a label, a chunk type). */
final class Named {
    private Named() {}

    /**
     * The first item whose {@code name} is {@code wanted}; otherwise an {@link IllegalArgumentException} whose
     * message is {@code missing} followed by the names there are.
     */
    static <T> T find(List<T> items, Function<T, String> name, String wanted, String missing) {
        for (T item : items) {
            if (name.apply(item).equals(wanted)) {
                return item;
            }
        }
        throw new IllegalArgumentException(missing + items.stream().map(name).toList());
    }
}
