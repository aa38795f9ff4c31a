package rnnlab.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named, ordered collection of a model's parameters. Order is the order of {@link #add}; names are unique.
 * Layers build one of these; a model combines its layers' with {@link #addAll(String, Params)}, which prefixes the
 * names (e.g. {@code layer1.fw.Wh}) but shares the same matrices.
 */
public final class Params implements Iterable<Param>, Tabular {
    private final Map<String, Param> byName = new LinkedHashMap<>();
    /** The same parameters in order, for walks that must not allocate (an optimiser's step). */
    private final List<Param> ordered = new ArrayList<>();

    /** Adds a parameter; its name must be new. Returns the parameter. */
    public Param add(Param p) {
        if (byName.putIfAbsent(p.name, p) != null) {
            throw new IllegalArgumentException("Params: a parameter named '" + p.name + "' exists already");
        }
        ordered.add(p);
        return p;
    }

    /**
     * The i-th parameter in order, 0 ≤ i &lt; {@link #size()}: a walk {@code for (int i = 0; i < ps.size(); i++)}
     * allocates nothing, unlike {@link #list()} and the iterator, which copy.
     */
    public Param get(int i) {
        return ordered.get(i);
    }

    /** Adds every parameter of {@code other} under {@code prefix + name}; returns this collection. */
    public Params addAll(String prefix, Params other) {
        for (Param p : other) {
            add(p.withPrefix(prefix));
        }
        return this;
    }

    /** The parameter called {@code name}; the error lists the names there are. */
    public Param get(String name) {
        return Named.get(byName, name, "Params: no parameter named '" + name + "'; the names are ");
    }

    /** True if a parameter called {@code name} exists. */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** The parameters in order (unmodifiable). */
    public List<Param> list() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    /** The names in order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Number of tensors. */
    public int size() {
        return byName.size();
    }

    /** Total number of scalars over all tensors. */
    public int count() {
        int n = 0;
        for (Param p : byName.values()) {
            n += p.size();
        }
        return n;
    }

    /** Sets every gradient to zero. */
    public void zeroGrad() {
        for (Param p : byName.values()) {
            p.zeroGrad();
        }
    }

    /** The global L2 norm of all gradients, √(Σ g²). */
    public double gradNorm() {
        double s = 0;
        for (Param p : byName.values()) {
            s += p.gradSumOfSquares();
        }
        return Math.sqrt(s);
    }

    /** Copies all values from {@code other}, which must have the same names and shapes (e.g. a snapshot). */
    public void copyValuesFrom(Params other) {
        if (!other.names().equals(names())) {
            throw new IllegalArgumentException("Params.copyValuesFrom: names differ: " + names() + " vs "
                    + other.names());
        }
        for (Param p : byName.values()) {
            p.value.copyFrom(other.get(p.name).value);
        }
    }

    /** A deep copy of the values (gradients zero), e.g. to keep the best model seen so far. */
    public Params snapshot() {
        Params s = new Params();
        for (Param p : byName.values()) {
            s.add(new Param(p.name, p.value.copy(), new Matrix(p.value.rows, p.value.cols), p.timeStep));
        }
        return s;
    }

    @Override
    public Iterator<Param> iterator() {
        return list().iterator();
    }

    /** The parameters as a table: name, shape and number of values of each tensor. */
    @Override
    public TextTable table() {
        TextTable.Builder t = TextTable.builder("name", "shape", "values")
                .title("Params(" + size() + " tensors, " + count() + " values)");
        for (Param p : byName.values()) {
            t.row(p.name, TextTable.cell(p.value.shape()).left(), p.size());
        }
        return t.build();
    }

    @Override
    public String toString() {
        return table().toString();
    }
}
