"""An independent PyTorch forward pass of Hugging Face Gemma / Gemma 2, written from the
transformers modelling code's conventions, over a checkpoint directory (config.json +
model.safetensors or an index of shards). Used by test/models/gemma_checkpoint.test.ts.

  python3 gemma_hf_reference.py DIR 3,17,42,8

Prints the logits [seq, vocab] of the token ids as one JSON list of lists.
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "BF16": torch.bfloat16, "F16": torch.float16}


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, en = e["data_offsets"]
        buf = bytearray(raw[8 + n + b:8 + n + en])
        t = torch.frombuffer(buf, dtype=DTYPES[e["dtype"]]) if en > b else torch.zeros(0)
        out[name] = t.reshape(e["shape"]).float()
    return out


def load(d):
    index = os.path.join(d, "model.safetensors.index.json")
    if os.path.exists(index):
        files = sorted(set(json.load(open(index))["weight_map"].values()))
        w = {}
        for f in files:
            w.update(read_safetensors(os.path.join(d, f)))
        return w
    return read_safetensors(os.path.join(d, "model.safetensors"))


def main():
    d, ids = sys.argv[1], [int(x) for x in sys.argv[2].split(",")]
    cfg = json.load(open(os.path.join(d, "config.json")))
    w = load(d)
    gemma2 = cfg["model_type"] == "gemma2"
    D, H = cfg["hidden_size"], cfg["num_attention_heads"]
    KV, HD = cfg.get("num_key_value_heads", H), cfg.get("head_dim", D // H)
    eps, base = cfg.get("rms_norm_eps", 1e-6), cfg.get("rope_theta", 10000.0)
    scaling = (cfg.get("query_pre_attn_scalar") or HD) ** -0.5 if gemma2 else HD ** -0.5
    attn_cap = cfg.get("attn_logit_softcapping") if gemma2 else None
    final_cap = cfg.get("final_logit_softcapping") if gemma2 else None
    window = cfg.get("sliding_window") if gemma2 else None

    def norm(x, name):  # GemmaRMSNorm: computed in float, times (1 + weight)
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * (1.0 + w[name])

    def linear(x, name):  # nn.Linear without bias: x @ W^T, W [out, in]
        return x @ w[name].T

    def rotate_half(x):
        x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
        return torch.cat((-x2, x1), dim=-1)

    s = len(ids)
    pos = torch.arange(s).float()
    inv_freq = 1.0 / (base ** (torch.arange(0, HD, 2).float() / HD))
    freqs = pos[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[None], emb.sin()[None]  # [1, s, HD], broadcast over heads

    h = w["model.embed_tokens.weight"][torch.tensor(ids)] * torch.tensor(D ** 0.5)
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        x = norm(h, p + "input_layernorm.weight")
        q = linear(x, p + "self_attn.q_proj.weight").view(s, H, HD).transpose(0, 1)
        k = linear(x, p + "self_attn.k_proj.weight").view(s, KV, HD).transpose(0, 1)
        v = linear(x, p + "self_attn.v_proj.weight").view(s, KV, HD).transpose(0, 1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(H // KV, dim=0)
        v = v.repeat_interleave(H // KV, dim=0)
        scores = (q @ k.transpose(1, 2)) * scaling
        if attn_cap is not None:
            scores = torch.tanh(scores / attn_cap) * attn_cap
        qi, kj = torch.arange(s)[:, None], torch.arange(s)[None, :]
        allowed = kj <= qi
        if window is not None and i % 2 == 0:  # Gemma 2: even layers slide
            allowed = allowed & (qi - kj < window)
        scores = scores.masked_fill(~allowed[None], float("-inf"))
        a = (F.softmax(scores, dim=-1) @ v).transpose(0, 1).reshape(s, H * HD)
        a = linear(a, p + "self_attn.o_proj.weight")
        if gemma2:
            a = norm(a, p + "post_attention_layernorm.weight")
            h = h + a
            x = norm(h, p + "pre_feedforward_layernorm.weight")
        else:
            h = h + a
            x = norm(h, p + "post_attention_layernorm.weight")
        gate = F.gelu(linear(x, p + "mlp.gate_proj.weight"), approximate="tanh")
        m = linear(gate * linear(x, p + "mlp.up_proj.weight"), p + "mlp.down_proj.weight")
        if gemma2:
            m = norm(m, p + "post_feedforward_layernorm.weight")
        h = h + m
    h = norm(h, "model.norm.weight")
    logits = h @ w["model.embed_tokens.weight"].T
    if final_cap is not None:
        logits = torch.tanh(logits / final_cap) * final_cap
    print(json.dumps(logits.tolist()))


if __name__ == "__main__":
    with torch.no_grad():
        main()
