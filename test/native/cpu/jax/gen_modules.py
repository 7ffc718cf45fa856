"""Lowers a table of ordinary JAX programs to StableHLO and saves, for each, the module in
JAX's pretty form and in MLIR's generic op form (both with their loc tables), the inputs, and
the outputs that JAX's own CPU backend computes for them.

    python gen_modules.py OUT_DIR [NAME ...]

OUT_DIR gets, per program NAME: NAME.pretty.mlir, NAME.generic.mlir and NAME.bin (inputs then
outputs, raw little-endian bytes), and one index.json describing every program:
    {"jax": "0.10.2", "modules": [{"name", "x64", "inputs": [{"dtype", "shape", "offset",
     "bytes"}], "outputs": [...]}]}
Inputs come from a fixed seed, so the files are the same on every run.
"""

import json
import os
import sys

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

jax.config.update("jax_platforms", "cpu")

import optax  # noqa: E402

DTYPES = {
    np.dtype(np.bool_): "bool",
    np.dtype(np.int8): "i8",
    np.dtype(np.int16): "i16",
    np.dtype(np.int32): "i32",
    np.dtype(np.int64): "i64",
    np.dtype(np.uint8): "u8",
    np.dtype(np.uint32): "u32",
    np.dtype(np.uint64): "u64",
    np.dtype(np.float16): "f16",
    np.dtype(jnp.bfloat16): "bf16",
    np.dtype(np.float32): "f32",
    np.dtype(np.float64): "f64",
}

rng = np.random.default_rng(20260101)


def normal(*shape, scale=1.0, dtype=np.float32):
    return (rng.standard_normal(shape) * scale).astype(dtype)


def uniform(lo, hi, *shape, dtype=np.float32):
    return rng.uniform(lo, hi, shape).astype(dtype)


def ints(lo, hi, *shape, dtype=np.int32):
    return rng.integers(lo, hi, shape).astype(dtype)


PROGRAMS = []


def program(name, x64=False, donate=(), expect_error=None):
    """Registers a program. `expect_error`: a text the plugin's compile error must contain (for a
    custom_call target it does not run); such a program's outputs are not compared."""

    def register(make):
        PROGRAMS.append((name, make, x64, donate, expect_error))
        return make

    return register


# ---- elementwise math -------------------------------------------------------------------


@program("elementwise_math")
def _():
    def f(x, y):
        return (
            jnp.sin(x) * jnp.cos(y) + jnp.tanh(x - y),
            jnp.exp(-x * x) + jnp.log1p(jnp.abs(y)),
            jnp.sqrt(jnp.abs(x) + 1.0) / (1.0 + y * y),
            jnp.power(jnp.abs(x) + 0.5, y),
            jnp.maximum(x, y) - jnp.minimum(x, 0.25),
            jnp.where(x > y, jnp.floor(x * 3), jnp.ceil(y * 3)),
            jnp.round(x * 4) + jnp.sign(y) + jnp.expm1(x / 4),
            jax.nn.sigmoid(x) + jax.nn.gelu(y) + jax.nn.softplus(x),
            jnp.arctan2(x, y) + jnp.cbrt(y) + lax.rsqrt(jnp.abs(x) + 1),
            jnp.remainder(x * 5, 1.5) + jnp.clip(y, -0.5, 0.5),
            jnp.isfinite(x / (y - y)) | (x > 0),
        )

    return f, (normal(4, 33), normal(4, 33))


@program("special_functions")
def _():
    def f(x, u, p):
        return (
            jax.scipy.special.erf(x),
            jax.scipy.special.erfc(x),
            jax.scipy.special.erfinv(u),
            jax.scipy.special.gammaln(p),
            jax.scipy.special.digamma(p),
            jnp.sinh(x),
            jnp.cosh(x),
            jnp.arcsin(u),
            jnp.arccos(u),
            jnp.arctan(x),
            jnp.arctanh(u),
            jnp.arcsinh(x),
            jnp.arccosh(p + 1),
            jnp.tan(u),
            jnp.square(x),
            jax.scipy.special.logsumexp(x, axis=1),
            jax.nn.gelu(x, approximate=False),
        )

    return f, (normal(3, 40), uniform(-0.95, 0.95, 3, 40), uniform(0.1, 8, 3, 40))


# ---- matmul, einsum ---------------------------------------------------------------------


@program("matmul_einsum")
def _():
    def f(a, b, c, d):
        return (
            a @ b,
            jnp.einsum("bij,bjk->bik", c, d),
            jnp.einsum("bij,bkj->bik", c, c),
            jnp.einsum("ij,j->i", a, b[:, 0]),
            jnp.einsum("bhqd,bhkd->bhqk", c.reshape(2, 3, 5, 4), c.reshape(2, 3, 5, 4)),
            jnp.outer(a[0], b[0]),
            jnp.tensordot(c, d, axes=([1, 2], [2, 1])),
        )

    return f, (normal(17, 24), normal(24, 9), normal(6, 5, 4), normal(6, 4, 5))


# ---- reductions, softmax ----------------------------------------------------------------


@program("reductions_softmax")
def _():
    def f(x, m):
        return (
            jnp.sum(x, axis=1),
            jnp.mean(x, axis=(0, 2)),
            jnp.max(x, axis=-1),
            jnp.min(x),
            jnp.prod(x[:, :2, :3] * 0.5 + 1, axis=2),
            jnp.argmax(x, axis=1),
            jnp.argmin(x, axis=2),
            jax.nn.softmax(x, axis=-1),
            jax.nn.log_softmax(x, axis=1),
            jnp.var(x, axis=2),
            jnp.any(m, axis=1),
            jnp.all(m, axis=0),
            jnp.sum(m.astype(jnp.int32)),
            jnp.linalg.norm(x, axis=-1),
        )

    return f, (normal(3, 7, 11), rng.random((5, 6)) > 0.4)


# ---- convolutions and pooling -----------------------------------------------------------


@program("conv_nhwc_strided_dilated")
def _():
    def f(x, w, wd):
        dn = ("NHWC", "HWIO", "NHWC")
        return (
            lax.conv_general_dilated(x, w, (1, 1), "SAME", dimension_numbers=dn),
            lax.conv_general_dilated(x, w, (2, 2), "VALID", dimension_numbers=dn),
            lax.conv_general_dilated(x, w, (1, 2), [(2, 1), (0, 1)], rhs_dilation=(2, 2), dimension_numbers=dn),
            lax.conv_general_dilated(x, wd, (1, 1), "SAME", dimension_numbers=dn, feature_group_count=4),
        )

    return f, (normal(2, 13, 11, 4), normal(3, 3, 4, 6, scale=0.3), normal(3, 3, 1, 8, scale=0.3))


@program("conv_nchw_groups_transpose")
def _():
    def f(x, w, wg, wt):
        dn = ("NCHW", "OIHW", "NCHW")
        return (
            lax.conv_general_dilated(x, w, (1, 1), [(1, 1), (1, 1)], dimension_numbers=dn),
            lax.conv_general_dilated(x, wg, (2, 1), "SAME", dimension_numbers=dn, feature_group_count=2),
            lax.conv_transpose(x, wt, (2, 2), "SAME", dimension_numbers=dn),
            lax.conv_general_dilated(x, w, (1, 1), [(1, 1), (2, 0)], lhs_dilation=(2, 1), dimension_numbers=dn),
        )

    return f, (
        normal(2, 6, 9, 10),
        normal(5, 6, 3, 3, scale=0.3),
        normal(4, 3, 3, 2, scale=0.3),
        normal(4, 6, 3, 3, scale=0.3),
    )


@program("conv1d_3d")
def _():
    def f(x1, w1, x3, w3):
        return (
            lax.conv_general_dilated(x1, w1, (2,), "SAME", dimension_numbers=("NWC", "WIO", "NWC")),
            lax.conv_general_dilated(x3, w3, (1, 1, 1), "SAME", dimension_numbers=("NDHWC", "DHWIO", "NDHWC")),
        )

    return f, (normal(2, 17, 3), normal(5, 3, 4), normal(1, 5, 6, 4, 2), normal(3, 3, 3, 2, 3, scale=0.3))


@program("conv_gradients")
def _():
    def loss(w, x):
        y = lax.conv_general_dilated(x, w, (2, 2), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"))
        return jnp.sum(jnp.tanh(y) ** 2)

    def f(w, x):
        return jax.value_and_grad(loss, argnums=(0, 1))(w, x)

    return f, (normal(3, 3, 3, 5, scale=0.3), normal(2, 10, 10, 3))


@program("pooling")
def _():
    def f(x):
        mx = lax.reduce_window(x, -jnp.inf, lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")
        avg = lax.reduce_window(x, 0.0, lax.add, (1, 3, 3, 1), (1, 2, 2, 1), "SAME") / 9.0
        mn = lax.reduce_window(x, jnp.inf, lax.min, (1, 3, 2, 1), (1, 1, 1, 1), [(0, 0), (1, 1), (0, 1), (0, 0)])
        dil = lax.reduce_window(x, 0.0, lax.add, (1, 2, 2, 1), (1, 1, 1, 1), "VALID", window_dilation=(1, 2, 2, 1))

        def maxpool_loss(x):
            return jnp.sum(lax.reduce_window(x, -jnp.inf, lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID") ** 2)

        return mx, avg, mn, dil, jax.grad(maxpool_loss)(x)

    return f, (normal(2, 8, 9, 3),)


# ---- training: MLP, transformer, CIFAR CNN with Adam --------------------------------------


def mlp_init(sizes):
    return [(normal(a, b, scale=1 / np.sqrt(a)), normal(b, scale=0.1)) for a, b in zip(sizes[:-1], sizes[1:])]


def mlp_apply(params, x):
    for i, (w, b) in enumerate(params):
        x = x @ w + b
        if i + 1 < len(params):
            x = jax.nn.relu(x)
    return x


@program("mlp_value_and_grad")
def _():
    def f(params, x, labels):
        def loss(p):
            logits = mlp_apply(p, x)
            return optax.softmax_cross_entropy_with_integer_labels(logits, labels).mean()

        return jax.value_and_grad(loss)(params)

    return f, (mlp_init([20, 32, 16, 10]), normal(8, 20), ints(0, 10, 8))


def layer_norm(x, g, b):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) * lax.rsqrt(v + 1e-5) * g + b


def transformer_block(p, x):
    b, t, d = x.shape
    h = 4
    y = layer_norm(x, p["ln1_g"], p["ln1_b"])
    qkv = y @ p["wqkv"]
    q, k, v = jnp.split(qkv, 3, axis=-1)
    q = q.reshape(b, t, h, d // h)
    k = k.reshape(b, t, h, d // h)
    v = v.reshape(b, t, h, d // h)
    s = jnp.einsum("bqhd,bkhd->bhqk", q, k) / np.sqrt(d // h)
    mask = jnp.tril(jnp.ones((t, t), bool))
    s = jnp.where(mask, s, -1e9)
    a = jax.nn.softmax(s, axis=-1)
    o = jnp.einsum("bhqk,bkhd->bqhd", a, v).reshape(b, t, d)
    x = x + o @ p["wo"]
    y = layer_norm(x, p["ln2_g"], p["ln2_b"])
    return x + jax.nn.gelu(y @ p["w1"]) @ p["w2"]


@program("transformer_block_grad")
def _():
    d = 16
    params = {
        "ln1_g": 1 + normal(d, scale=0.1),
        "ln1_b": normal(d, scale=0.1),
        "wqkv": normal(d, 3 * d, scale=0.25),
        "wo": normal(d, d, scale=0.25),
        "ln2_g": 1 + normal(d, scale=0.1),
        "ln2_b": normal(d, scale=0.1),
        "w1": normal(d, 4 * d, scale=0.25),
        "w2": normal(4 * d, d, scale=0.125),
    }

    def f(p, x, target):
        def loss(p):
            return jnp.mean((transformer_block(p, x) - target) ** 2)

        return jax.value_and_grad(loss)(p)

    return f, (params, normal(2, 6, d), normal(2, 6, d))


def cnn_init():
    def conv(i, o):
        return normal(3, 3, i, o, scale=np.sqrt(2 / (9 * i))), np.zeros(o, np.float32)

    return {
        "c1": conv(3, 16),
        "c2": conv(16, 16),
        "c3": conv(16, 32),
        "c4": conv(32, 32),
        "d1": (normal(8 * 8 * 32, 64, scale=np.sqrt(2 / 2048)), np.zeros(64, np.float32)),
        "d2": (normal(64, 10, scale=0.1), np.zeros(10, np.float32)),
    }


def cnn_apply(p, x):
    def conv(x, wb):
        y = lax.conv_general_dilated(x, wb[0], (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"))
        return jax.nn.relu(y + wb[1])

    def pool(x):
        return lax.reduce_window(x, -jnp.inf, lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")

    x = pool(conv(conv(x, p["c1"]), p["c2"]))
    x = pool(conv(conv(x, p["c3"]), p["c4"]))
    x = x.reshape(x.shape[0], -1)
    x = jax.nn.relu(x @ p["d1"][0] + p["d1"][1])
    return x @ p["d2"][0] + p["d2"][1]


@program("cifar_cnn_adam_step", donate=(0, 1))
def _():
    params = cnn_init()
    # eps 1e-3 rather than 1e-8: a pre-activation within rounding of 0 takes relu's other side
    # in one library or the other, which moves a few small gradients by ~1e-8; Adam's first
    # step g / (|g| + eps) would turn that into a different update of those weights.
    opt = optax.adam(1e-3, eps=1e-3)
    state = opt.init(params)

    def step(params, state, images, labels):
        def loss(p):
            return optax.softmax_cross_entropy_with_integer_labels(cnn_apply(p, images), labels).mean()

        l, g = jax.value_and_grad(loss)(params)
        updates, state = opt.update(g, state, params)
        return optax.apply_updates(params, updates), state, l

    return step, (params, state, uniform(0, 1, 4, 32, 32, 3), ints(0, 10, 4))


# ---- gather / scatter / dynamic slices ---------------------------------------------------


@program("gather_scatter")
def _():
    def f(x, idx, idx2, v):
        return (
            x[idx],
            x[:, idx2],
            x[idx, idx2[: idx.shape[0]]],
            jnp.take_along_axis(x, idx2[None, :4].repeat(x.shape[0], 0) % x.shape[1], axis=1),
            x.at[idx].add(v),
            x.at[idx].set(v),
            x.at[idx, 1].max(v[:, 0]),
            x.at[2:4, idx2[:3]].multiply(2.0),
            jax.nn.one_hot(idx, 7),
            jnp.take(x, idx2 - 3, axis=1, mode="clip"),
        )

    return f, (normal(6, 5), ints(0, 6, 4), ints(0, 5, 6), normal(4, 5))


@program("gather_batched_embedding")
def _():
    def f(table, tokens, grads):
        emb = table[tokens]
        g = jnp.zeros_like(table).at[tokens].add(grads)
        per_example = jax.vmap(lambda row, i: row[i])(table[:3], tokens[:, 0][:3] % table.shape[1])
        return emb, g, per_example

    return f, (normal(11, 8), ints(0, 11, 3, 5), normal(3, 5, 8))


@program("dynamic_slices")
def _():
    def f(x, i, j, u):
        return (
            lax.dynamic_slice(x, (i, j), (3, 4)),
            lax.dynamic_update_slice(x, u, (j, i)),
            lax.dynamic_slice_in_dim(x, i * 2, 2, axis=1),
            lax.dynamic_index_in_dim(x, j, axis=0, keepdims=False),
            jnp.roll(x, 2, axis=1),
        )

    return f, (normal(7, 9), np.int32(3), np.int32(2), normal(2, 3))


# ---- sorting -----------------------------------------------------------------------------


@program("sort_argsort_topk")
def _():
    def f(x, k):
        vals, idx = lax.top_k(x, 3)
        sk, sv = lax.sort_key_val(k, x[0])
        return (
            jnp.sort(x, axis=1),
            jnp.sort(x, axis=0, descending=True),
            jnp.argsort(x, axis=1),
            vals,
            idx,
            sk,
            sv,
            jnp.sort(k),
            jnp.median(x, axis=1),
            jnp.unique(k, size=5, fill_value=-1),
        )

    return f, (normal(5, 12), ints(-20, 20, 12))


# ---- cumulative ops, control flow --------------------------------------------------------


@program("cumulative")
def _():
    def f(x, n):
        return (
            jnp.cumsum(x, axis=1),
            jnp.cumprod(x * 0.1 + 1, axis=0),
            lax.cummax(x, axis=1),
            lax.cummin(x, axis=0, reverse=True),
            jnp.cumsum(n),
            lax.associative_scan(jnp.add, x, axis=1),
        )

    return f, (normal(4, 9), ints(-5, 5, 10))


@program("scan_rnn")
def _():
    def f(w, u, xs, h0):
        def cell(h, x):
            h = jnp.tanh(h @ w + x @ u)
            return h, h.sum()

        h, ys = lax.scan(cell, h0, xs)
        return h, ys, jax.grad(lambda w: lax.scan(cell, h0, xs)[0].sum())(w)

    return f, (normal(6, 6, scale=0.4), normal(3, 6, scale=0.4), normal(7, 2, 3), normal(2, 6))


@program("loops_and_branches")
def _():
    def f(x, n, k):
        fori = lax.fori_loop(0, 5, lambda i, a: a * 0.9 + jnp.sin(a + i), x)

        def cond(s):
            return (s[0] < n) & (jnp.sum(s[1]) < 100.0)

        def body(s):
            return s[0] + 1, s[1] * 1.5 + 0.1

        count, grown = lax.while_loop(cond, body, (jnp.int32(0), jnp.abs(x)))
        branch = lax.cond(jnp.sum(x) > 0, lambda v: v * 2.0, lambda v: -v, x)
        switched = lax.switch(k, [lambda v: v + 1.0, lambda v: v * v, lambda v: jnp.exp(-v)], x)
        clamped = lax.switch(k + 5, [lambda v: v, lambda v: v - 1.0], x)
        return fori, count, grown, branch, switched, clamped

    return f, (normal(3, 4), np.int32(7), np.int32(1))


# ---- integers and bits -------------------------------------------------------------------


@program("integer_bit_ops")
def _():
    def f(a, b, u, s8, u8):
        return (
            a // jnp.where(b == 0, 1, b),
            a % jnp.where(b == 0, 1, b),
            a << (b & 7),
            a >> (b & 7),
            lax.shift_right_logical(a, b & 15),
            u >> (b.astype(jnp.uint32) & 31),
            a & b,
            a | b,
            a ^ ~b,
            lax.population_count(u),
            lax.clz(a),
            lax.clz(u),
            jnp.abs(a) * jnp.sign(b),
            jnp.maximum(a, b),
            s8 * s8 + s8,
            u8 + u8 * 3,
            u * jnp.uint32(2654435761),
            a.astype(jnp.float32) / 7,
            (u >> 3).astype(jnp.int32),
        )

    return f, (
        ints(-1000, 1000, 16),
        ints(-9, 9, 16),
        ints(0, 2**31, 16, dtype=np.uint32),
        ints(-128, 127, 16, dtype=np.int8),
        ints(0, 255, 16, dtype=np.uint8),
    )


@program("int64_f64", x64=True)
def _():
    def f(a, x):
        return (
            a * 3_000_000_007 + 11,
            a // 7,
            x * x + jnp.sin(x),
            jnp.cumsum(a),
            (a.astype(jnp.float64) / 3.0),
            x.astype(jnp.float32),
            jnp.argsort(x),
        )

    return f, (ints(-(2**40), 2**40, 9, dtype=np.int64), normal(9, dtype=np.float64))


@program("half_precision_casts")
def _():
    def f(x, h, b):
        return (
            x.astype(jnp.bfloat16),
            x.astype(jnp.float16),
            h.astype(jnp.float32) * 2,
            b.astype(jnp.float32) + 1,
            (h * h + h).astype(jnp.float32),
            b @ b.T,
            jnp.dot(b, b.T, preferred_element_type=jnp.float32),
            jax.nn.softmax(h.astype(jnp.float32)).astype(jnp.bfloat16),
            lax.reduce_precision(x, exponent_bits=5, mantissa_bits=10),
            lax.reduce_precision(x, exponent_bits=8, mantissa_bits=7),
        )

    return f, (
        normal(4, 6),
        normal(4, 6).astype(np.float16),
        normal(4, 6).astype(jnp.bfloat16),
    )


# ---- random numbers ----------------------------------------------------------------------


@program("threefry_random")
def _():
    def f(key):
        k1, k2, k3, k4, k5 = jax.random.split(key, 5)
        return (
            jax.random.normal(k1, (3, 5)),
            jax.random.uniform(k2, (7,)),
            jax.random.bernoulli(k3, 0.3, (10,)),
            jax.random.randint(k4, (6,), 0, 100),
            jax.random.permutation(k5, 8),
            jax.random.truncated_normal(k1, -1.0, 1.0, (4,)),
            jax.random.key_data(jax.random.fold_in(key, 7)),
        )

    return f, (np.asarray(jax.random.key_data(jax.random.PRNGKey(42))),)


@program("dropout_train")
def _():
    def f(key, x):
        keep = jax.random.bernoulli(key, 0.7, x.shape)
        return jnp.where(keep, x / 0.7, 0.0), jax.random.categorical(key, x)

    return f, (np.asarray(jax.random.key_data(jax.random.PRNGKey(3))), normal(4, 10))


# ---- linear algebra ----------------------------------------------------------------------


@program("linalg")
def _():
    def f(a, b):
        spd = a @ a.T + 4 * jnp.eye(a.shape[0])
        chol = jnp.linalg.cholesky(spd)
        tri = jax.scipy.linalg.solve_triangular(chol, b, lower=True)
        tri_t = jax.scipy.linalg.solve_triangular(chol, b, lower=True, trans=1)
        return chol, tri, tri_t, jnp.trace(a), jnp.diag(a), jnp.triu(a)

    return f, (normal(5, 5), normal(5, 3))


@program("linalg_lax")
def _():
    def f(a, b):
        spd = a @ a.T + 4 * jnp.eye(a.shape[0])
        l = lax.linalg.cholesky(spd, symmetrize_input=False)
        x = lax.linalg.triangular_solve(l, b, left_side=True, lower=True)
        y = lax.linalg.triangular_solve(l, b.T, left_side=False, lower=True, transpose_a=True)
        return l, x, y

    return f, (normal(6, 6), normal(6, 2))


@program("linalg_solve_inv_det")
def _():
    def f(a, b):
        m = a + 3 * jnp.eye(a.shape[0])
        return jnp.linalg.solve(m, b), jnp.linalg.inv(m), jnp.linalg.det(m), jnp.linalg.slogdet(m)[1]

    return f, (normal(6, 6), normal(6, 2))


@program("linalg_eigh_unsupported", expect_error='custom_call target "lapack_ssyevd_ffi" is not supported')
def _():
    def f(a):
        return jnp.linalg.eigh(a @ a.T)[0]

    return f, (normal(4, 4),)


@program("linalg_svd_unsupported", expect_error='custom_call target "lapack_sgesdd_ffi" is not supported')
def _():
    def f(a):
        return jnp.linalg.svd(a, compute_uv=False)

    return f, (normal(4, 3),)


# ---- small end-to-end programs -----------------------------------------------------------


@program("vmap_and_nested_jit")
def _():
    @jax.jit
    def inner(x, w):
        return jnp.tanh(x @ w)

    def f(xs, w):
        y = jax.vmap(inner, in_axes=(0, None))(xs, w)
        z = inner(xs[0], w)
        return y, z, jax.jacfwd(lambda v: inner(v, w))(xs[0, 0])

    return f, (normal(3, 4, 5), normal(5, 5))


@program("remat_and_sharding")
def _():
    from jax.sharding import Mesh, NamedSharding
    from jax.sharding import PartitionSpec as P

    mesh = Mesh(np.array(jax.devices()[:1]), ("x",))

    def f(w, x):
        def loss(w):
            h = jax.checkpoint(lambda v: jnp.tanh(v @ w) @ w.T)(x)
            h = lax.with_sharding_constraint(h, NamedSharding(mesh, P("x")))
            return jnp.sum(h * h)

        return jax.value_and_grad(loss)(w)

    return f, (normal(5, 7, scale=0.4), normal(4, 5))


@program("shape_ops")
def _():
    def f(x, y):
        return (
            jnp.concatenate([x, y], axis=1),
            jnp.stack([x, x * 2], axis=0),
            jnp.transpose(x.reshape(2, 3, 4), (2, 0, 1)),
            jnp.pad(x, ((1, 2), (0, 3)), mode="constant", constant_values=-1),
            jnp.pad(x, ((1, 1), (2, 2)), mode="reflect"),
            jnp.flip(x, axis=(0, 1)),
            jnp.tile(x[:2], (2, 3)),
            jnp.repeat(x, 2, axis=0),
            x[::2, 1::3],
            jnp.broadcast_to(x[:, :1], (6, 5)),
            jnp.expand_dims(x, 1).squeeze(1),
            jnp.meshgrid(jnp.arange(3), jnp.arange(4))[0],
            jnp.linspace(0.0, 1.0, 7),
            jnp.eye(4, k=1),
        )

    return f, (normal(6, 4), normal(6, 2))


# ---- driver ------------------------------------------------------------------------------


def leaves(tree):
    return [np.asarray(v) for v in jax.tree_util.tree_leaves(tree)]


def describe(arrays, blob):
    out = []
    for a in arrays:
        if a.dtype not in DTYPES:
            raise SystemExit(f"unsupported dtype {a.dtype}")
        data = np.ascontiguousarray(a).tobytes()
        out.append({"dtype": DTYPES[a.dtype], "shape": list(a.shape), "offset": len(blob), "bytes": len(data)})
        blob.extend(data)
    return out


def generate(out_dir, only):
    os.makedirs(out_dir, exist_ok=True)
    index = {"jax": jax.__version__, "modules": []}
    for name, make, x64, donate, expect_error in PROGRAMS:
        if only and name not in only:
            continue
        jax.config.update("jax_enable_x64", x64)
        fn, args = make()
        jitted = jax.jit(fn, keep_unused=True, donate_argnums=donate)
        lowered = jitted.lower(*args)
        module = lowered.compiler_ir("stablehlo")
        pretty = module.operation.get_asm(enable_debug_info=True)
        generic = module.operation.get_asm(enable_debug_info=True, print_generic_op_form=True)
        ins = leaves(args)
        outs = leaves(jitted(*jax.tree_util.tree_map(lambda a: jnp.array(a, copy=True), args)))
        blob = bytearray()
        entry = {"name": name, "x64": x64, "inputs": describe(ins, blob)}
        if expect_error:
            entry["expect_error"] = expect_error
        entry["outputs"] = describe(outs, blob)
        with open(os.path.join(out_dir, f"{name}.pretty.mlir"), "w") as fh:
            fh.write(pretty)
        with open(os.path.join(out_dir, f"{name}.generic.mlir"), "w") as fh:
            fh.write(generic)
        with open(os.path.join(out_dir, f"{name}.bin"), "wb") as fh:
            fh.write(bytes(blob))
        index["modules"].append(entry)
    jax.config.update("jax_enable_x64", False)
    with open(os.path.join(out_dir, "index.json"), "w") as fh:
        json.dump(index, fh, indent=1)
    print(f"{len(index['modules'])} modules written to {out_dir}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    generate(sys.argv[1], set(sys.argv[2:]))
