package rnnlab.layers;

import java.util.SplittableRandom;

import rnnlab.core.Init;
import rnnlab.core.Kernels;
import rnnlab.core.Matrix;
import rnnlab.core.Param;
import rnnlab.core.Params;

/**
 * Additive attention (Bahdanau, Cho &amp; Bengio 2015): a reading head over a sequence of states (lecture Part II
 * p.41 key terms, p.46–49 and p.67–78), with the weights of every query kept for plotting.
 * <pre>
 *   keys     hᵢ   B×K   i = 0 … S−1   (the states read, e.g. the encoder's outputs)
 *   queries  sₜ   B×D   t = 0 … Q−1   (who reads, e.g. the decoder's states); none for a learned fixed query
 *
 *   uₜᵢ = tanh(sₜ·Wq + hᵢ·Wk + b)      B×A      (without queries: uᵢ = tanh(hᵢ·Wk + b), Q = 1)
 *   eₜᵢ = uₜᵢ·vᵀ                        B        match score
 *   αₜ  = softmax over the valid i of eₜᵢ       B×S      attention weights (0 at padding)
 *   cₜ  = Σᵢ αₜᵢ hᵢ                     B×K      context (what the head read)
 *
 *   Wq D×A   Wk K×A   b 1×A   v 1×A
 * </pre>
 * Backward (from ∂L/∂cₜ):
 * <pre>
 *   ∂αₜᵢ = ∂cₜ·hᵢ      ∂hᵢ += αₜᵢ ∂cₜ      ∂eₜᵢ = αₜᵢ (∂αₜᵢ − Σⱼ αₜⱼ ∂αₜⱼ)
 *   ∂uₜᵢ = ∂eₜᵢ v ⊙ (1 − uₜᵢ²)    ∂v += ∂eₜᵢ uₜᵢ    ∂Wq += sₜᵀ·Σᵢ∂uₜᵢ    ∂sₜ = (Σᵢ∂uₜᵢ)·Wqᵀ
 *   ∂Wk += hᵢᵀ·Σₜ∂uₜᵢ   ∂b += Σ ∂u   ∂hᵢ += (Σₜ∂uₜᵢ)·Wkᵀ
 * </pre>
 * Buffers are sized when Q, S or B change; a pass of the same shape allocates nothing. The arrays returned belong
 * to the layer and are overwritten by the next call.
 */
public final class AdditiveAttention {
    private final int keySize, querySize, size;
    private final Params params = new Params();
    /** Query projection Wq (D×A); null without queries. */
    public final Param Wq;
    /** Key projection Wk (K×A). */
    public final Param Wk;
    /** Bias b (1×A). */
    public final Param b;
    /** Score vector v (1×A). */
    public final Param v;

    private int Q = -1, S = -1, B = -1;
    private Matrix[] keys, queries;
    private int[] lengths;
    private Matrix[] qProj, kProj;       // sₜ·Wq per t, hᵢ·Wk + b per i
    private Matrix[][] u;                // u[t][i] B×A
    private Matrix[] alpha, context;     // αₜ B×S, cₜ B×K
    private Matrix[] dqProj, dkProj, dQueries, dKeys;
    private double[] dAlpha;
    private double[] du;

    /**
     * @param keySize   K, size of each state read
     * @param querySize D, size of each query; 0 for a learned fixed query (key-term attention pooling)
     * @param size      A, size of the hidden layer of the scoring network
     * @param rng       source of the initial weights
     */
    public AdditiveAttention(int keySize, int querySize, int size, SplittableRandom rng) {
        if (keySize <= 0 || querySize < 0 || size <= 0) {
            throw new IllegalArgumentException("AdditiveAttention: key size and attention size must be positive and "
                    + "query size ≥ 0 (0 = no query), got keys=" + keySize + ", queries=" + querySize + ", size="
                    + size);
        }
        this.keySize = keySize;
        this.querySize = querySize;
        this.size = size;
        Wq = querySize > 0 ? params.add(new Param("Wq", querySize, size)) : null;
        Wk = params.add(new Param("Wk", keySize, size));
        b = params.add(new Param("b", 1, size));
        v = params.add(new Param("v", 1, size));
        if (Wq != null) {
            Init.fanIn(Wq.value, querySize, rng);
        }
        Init.fanIn(Wk.value, keySize, rng);
        Init.fanIn(v.value, size, rng);
    }

    public Params params() {
        return params;
    }

    public int keySize() {
        return keySize;
    }

    /** D; 0 when the query is learned (one output per sequence). */
    public int querySize() {
        return querySize;
    }

    private void ensure(int q, int s, int batch) {
        if (q == Q && s == S && batch == B) {
            return;
        }
        Q = q;
        S = s;
        B = batch;
        qProj = Matrix.zeros(Q, B, size);
        dqProj = Matrix.zeros(Q, B, size);
        dQueries = querySize > 0 ? Matrix.zeros(Q, B, querySize) : null;
        kProj = Matrix.zeros(S, B, size);
        dkProj = Matrix.zeros(S, B, size);
        dKeys = Matrix.zeros(S, B, keySize);
        u = new Matrix[Q][];
        for (int t = 0; t < Q; t++) {
            u[t] = Matrix.zeros(S, B, size);
        }
        alpha = Matrix.zeros(Q, B, S);
        context = Matrix.zeros(Q, B, keySize);
        dAlpha = new double[S];
        du = new double[size];
    }

    /**
     * Reads the keys once per query.
     *
     * @param queries    sₜ, each B×D (null when the query is learned: then one context per sequence)
     * @param keys       hᵢ, each B×K
     * @param keyLengths valid keys per sequence (1 … S), or null for all
     * @return contexts cₜ, each B×K (Q of them; 1 without queries)
     */
    public Matrix[] forward(Matrix[] queries, Matrix[] keys, int[] keyLengths) {
        if (keys == null || keys.length == 0) {
            throw new IllegalArgumentException("AdditiveAttention: no keys to attend to (0 steps)");
        }
        if ((querySize > 0) != (queries != null)) {
            throw new IllegalArgumentException(querySize > 0
                    ? "AdditiveAttention: this head reads with queries of size " + querySize + "; give them"
                    : "AdditiveAttention: this head has a learned query; pass null queries");
        }
        int batch = keys[0].rows;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].rows != batch || keys[i].cols != keySize) {
                keys[i].requireShape("AdditiveAttention: key " + (i + 1), batch, keySize);
            }
        }
        if (queries != null) {
            if (queries.length == 0) {
                throw new IllegalArgumentException("AdditiveAttention: 0 queries; give at least one");
            }
            for (int t = 0; t < queries.length; t++) {
                if (queries[t].rows != batch || queries[t].cols != querySize) {
                    queries[t].requireShape("AdditiveAttention: query " + (t + 1), batch, querySize);
                }
            }
        }
        if (keyLengths != null) {
            if (keyLengths.length != batch) {
                throw new IllegalArgumentException("AdditiveAttention: " + keyLengths.length + " key lengths for a "
                        + "batch of " + batch);
            }
            for (int r = 0; r < batch; r++) {
                if (keyLengths[r] < 1 || keyLengths[r] > keys.length) {
                    throw new IllegalArgumentException("AdditiveAttention: sequence " + r + " has " + keyLengths[r]
                            + " valid keys; must be 1 … " + keys.length);
                }
            }
        }
        ensure(queries == null ? 1 : queries.length, keys.length, batch);
        this.keys = keys;
        this.queries = queries;
        this.lengths = keyLengths;
        for (int i = 0; i < S; i++) {
            kProj[i].zero();
            Kernels.mulAdd(keys[i], Wk.value, kProj[i]);     // hᵢ·Wk
            Kernels.addRowVector(kProj[i], b.value);          //   + b
        }
        double[] vv = v.value.data[0];
        for (int t = 0; t < Q; t++) {
            qProj[t].zero();
            if (queries != null) {
                Kernels.mulAdd(queries[t], Wq.value, qProj[t]); // sₜ·Wq
            }
            for (int r = 0; r < B; r++) {
                int n = valid(r);
                double[] a = alpha[t].data[r];
                double[] q = qProj[t].data[r];
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double[] uu = u[t][i].data[r], k = kProj[i].data[r];
                    double e = 0;
                    for (int j = 0; j < size; j++) {
                        uu[j] = Kernels.tanh(q[j] + k[j]);    // u = tanh(s·Wq + h·Wk + b)
                        e += uu[j] * vv[j];                   // e = u·v
                    }
                    a[i] = e;
                    max = Math.max(max, e);
                }
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    a[i] = Math.exp(a[i] - max);
                    sum += a[i];
                }
                for (int i = 0; i < S; i++) {
                    a[i] = i < n ? a[i] / sum : 0.0;         // α = softmax(e) over the valid keys
                }
                double[] c = context[t].data[r];
                java.util.Arrays.fill(c, 0.0);
                for (int i = 0; i < n; i++) {
                    double w = a[i];
                    double[] h = keys[i].data[r];
                    for (int j = 0; j < keySize; j++) {
                        c[j] += w * h[j];                     // c = Σ α h
                    }
                }
            }
        }
        return context;
    }

    private int valid(int r) {
        return lengths == null ? S : lengths[r];
    }

    /**
     * Backpropagates ∂L/∂cₜ: adds the parameter gradients; {@link #keyGradients()} and {@link #queryGradients()}
     * then hold ∂L/∂hᵢ and ∂L/∂sₜ (written, not added).
     */
    public void backward(Matrix[] dContext) {
        if (Q < 0 || keys == null) {
            throw new IllegalStateException("AdditiveAttention: backward called before forward");
        }
        if (dContext.length != Q) {
            throw new IllegalArgumentException("AdditiveAttention: backward got " + dContext.length
                    + " context gradients but the last forward pass had " + Q + " queries");
        }
        for (int t = 0; t < Q; t++) {
            if (dContext[t].rows != B || dContext[t].cols != keySize) {
                dContext[t].requireShape("AdditiveAttention: context gradient " + (t + 1), B, keySize);
            }
        }
        for (int i = 0; i < S; i++) {
            dKeys[i].zero();
            dkProj[i].zero();
        }
        double[] vv = v.value.data[0], dv = v.grad.data[0];
        for (int t = 0; t < Q; t++) {
            dqProj[t].zero();
            for (int r = 0; r < B; r++) {
                int n = valid(r);
                double[] a = alpha[t].data[r], dc = dContext[t].data[r], dq = dqProj[t].data[r];
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    double[] h = keys[i].data[r], dh = dKeys[i].data[r];
                    double s = 0;
                    for (int j = 0; j < keySize; j++) {
                        s += dc[j] * h[j];                    // ∂α = ∂c·h
                        dh[j] += a[i] * dc[j];                // ∂h += α ∂c
                    }
                    dAlpha[i] = s;
                    dot += a[i] * s;
                }
                for (int i = 0; i < n; i++) {
                    double de = a[i] * (dAlpha[i] - dot);     // through the softmax
                    double[] uu = u[t][i].data[r], dk = dkProj[i].data[r];
                    for (int j = 0; j < size; j++) {
                        dv[j] += de * uu[j];                  // ∂v += ∂e u
                        double g = de * vv[j] * (1 - uu[j] * uu[j]); // ∂(s·Wq + h·Wk + b), through tanh
                        dq[j] += g;
                        dk[j] += g;
                    }
                }
            }
            if (queries != null) {
                Kernels.mulTransAAdd(queries[t], dqProj[t], Wq.grad);  // ∂Wq += sᵀ·∂q
                dQueries[t].zero();
                Kernels.mulTransBAdd(dqProj[t], Wq.value, dQueries[t]); // ∂s = ∂q·Wqᵀ
            }
        }
        for (int i = 0; i < S; i++) {
            Kernels.mulTransAAdd(keys[i], dkProj[i], Wk.grad);       // ∂Wk += hᵀ·∂k
            Kernels.sumRowsAdd(dkProj[i], b.grad);                   // ∂b += Σ ∂k
            Kernels.mulTransBAdd(dkProj[i], Wk.value, dKeys[i]);     // ∂h += ∂k·Wkᵀ
        }
    }

    /** ∂L/∂hᵢ of the last backward pass, each B×K (owned by the layer). */
    public Matrix[] keyGradients() {
        return dKeys;
    }

    /** ∂L/∂sₜ of the last backward pass, each B×D (owned by the layer); null without queries. */
    public Matrix[] queryGradients() {
        return dQueries;
    }

    /** αₜ of the last forward pass: B×S, one row per sequence (owned by the layer). */
    public Matrix weights(int t) {
        if (Q < 0) {
            throw new IllegalStateException("AdditiveAttention: no weights yet; run forward first");
        }
        return alpha[t];
    }

    /** The weights of sequence {@code r} of the batch as a Q×S array (query × key), a copy. */
    public double[][] weightsOf(int r) {
        if (Q < 0) {
            throw new IllegalStateException("AdditiveAttention: no weights yet; run forward first");
        }
        double[][] w = new double[Q][];
        for (int t = 0; t < Q; t++) {
            w[t] = java.util.Arrays.copyOf(alpha[t].data[r], valid(r));
        }
        return w;
    }

    @Override
    public String toString() {
        return "AdditiveAttention(keys=" + keySize + (querySize > 0 ? ", queries=" + querySize : ", learned query")
                + ", size=" + size + ", params=" + params.count() + ")";
    }
}
