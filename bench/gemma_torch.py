"""The Gemma-shaped decoder of src/models/gemma.ts in PyTorch (the peer of bench/gemma_decode.ts):
the same sizes and layer structure (TINY_GEMMA: 32000 tokens, hidden 256, 4 layers, 4 heads of 64,
GeGLU 1024, sliding window 128 on even layers, post-norms, soft-capped tied logits), random
weights, f32, batch 1, greedy decoding through a key/value cache.

  python3 bench/gemma_torch.py PROMPT NEW ROUNDS

Prints one JSON line: {"prefill": [seconds per prefill], "decode": [seconds per decoded token]}.
"""
import json
import math
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(0)
prompt_len, new_tokens, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
V, D, L, H, KV, HD, M, WIN, CAP = 32000, 256, 4, 4, 4, 64, 1024, 128, 30.0
MAX = prompt_len + new_tokens


def w(*shape):
    return torch.randn(*shape) / math.sqrt(shape[0])


emb = torch.randn(V, D) / math.sqrt(D)
layers = [dict(q=w(D, H * HD), k=w(D, KV * HD), v=w(D, KV * HD), o=w(H * HD, D), gate=w(D, M), up=w(D, M),
               down=w(M, D), n1=torch.zeros(D), n2=torch.zeros(D), n3=torch.zeros(D), n4=torch.zeros(D))
          for _ in range(L)]
final_norm = torch.zeros(D)
inv = 10000.0 ** (-torch.arange(0, HD, 2).float() / HD)


def rms(x, s):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * (1 + s)


def rope(x, pos):  # x [s, heads, hd], pos [s]
    a = pos[:, None].float() * inv[None, :]
    c, s = a.cos()[:, None, :], a.sin()[:, None, :]
    x1, x2 = x[..., :HD // 2], x[..., HD // 2:]
    return torch.cat([x1 * c - x2 * s, x2 * c + x1 * s], -1)


def step(tokens, cache, pos):
    s = tokens.shape[0]
    positions = torch.arange(pos, pos + s)
    h = emb[tokens] * math.sqrt(D)
    for i, p in enumerate(layers):
        x = rms(h, p["n1"])
        q = rope((x @ p["q"]).view(s, H, HD), positions)
        k = rope((x @ p["k"]).view(s, KV, HD), positions)
        v = (x @ p["v"]).view(s, KV, HD)
        ck, cv = cache[i]
        ck[pos:pos + s] = k
        cv[pos:pos + s] = v
        keys, vals = ck[:pos + s], cv[:pos + s]
        qi = positions[:, None]
        kj = torch.arange(pos + s)[None, :]
        mask = kj <= qi
        if i % 2 == 0:
            mask = mask & (kj > qi - WIN)
        scores = torch.einsum("shd,thd->hst", q, keys) / math.sqrt(HD)
        scores = scores.masked_fill(~mask[None], -1e9)
        a = torch.einsum("hst,thd->shd", scores.softmax(-1), vals).reshape(s, H * HD) @ p["o"]
        h = h + rms(a, p["n2"])
        x = rms(h, p["n3"])
        m = (F.gelu(x @ p["gate"], approximate="tanh") * (x @ p["up"])) @ p["down"]
        h = h + rms(m, p["n4"])
    last = rms(h[-1:], final_norm)
    logits = torch.tanh((last @ emb.T) / CAP) * CAP
    return int(logits.argmax(-1))


prefill, decode = [], []
with torch.no_grad():
    for r in range(rounds + 1):
        cache = [(torch.zeros(MAX, KV, HD), torch.zeros(MAX, KV, HD)) for _ in range(L)]
        tokens = torch.randint(0, V, (prompt_len,))
        t0 = time.perf_counter()
        nxt = step(tokens, cache, 0)
        t1 = time.perf_counter()
        for k in range(1, new_tokens):
            nxt = step(torch.tensor([nxt]), cache, prompt_len + k - 1)
        t2 = time.perf_counter()
        if r > 0:  # the first round warms up
            prefill.append(t1 - t0)
            decode.append((t2 - t1) / max(1, new_tokens - 1))
print(json.dumps({"prefill": prefill, "decode": decode}))
