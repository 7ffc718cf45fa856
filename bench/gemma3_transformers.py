"""The peer of bench/gemma3_decode.ts: a Gemma 3 270M-shaped model (random weights) in Hugging
Face transformers on PyTorch (CPU, $BENCH_THREADS threads, default 2; inference mode), as a
long-lived worker.

  .venv-peers/bin/python bench/gemma3_transformers.py DIR DTYPE LAYERS

Builds Gemma3ForCausalLM from Gemma3TextConfig (the 270M sizes; LAYERS of them), saves it with
save_pretrained into DIR in DTYPE (float32 or bfloat16) and prints "ready". Then for each line
"PROMPT NEW SEED" on stdin it times one prefill of PROMPT random tokens and NEW greedy tokens
through transformers' cache, and prints one JSON line {"prefill": s, "decode": s, "tokens": [...],
"prompt": [...]}: seconds of the prefill (to the first token) and of the decode steps after it.
"""
import json
import os
import sys
import time

import torch
import transformers
from transformers import Gemma3ForCausalLM, Gemma3TextConfig

transformers.logging.set_verbosity_error()
torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "2")))
out, dtype, layers = sys.argv[1], getattr(torch, sys.argv[2]), int(sys.argv[3])
config = Gemma3TextConfig(
    vocab_size=262144, hidden_size=640, intermediate_size=2048, num_hidden_layers=layers,
    num_attention_heads=4, num_key_value_heads=1, head_dim=256, sliding_window=512,
    query_pre_attn_scalar=256, max_position_embeddings=32768,
)
torch.manual_seed(0)
model = Gemma3ForCausalLM(config)
with torch.no_grad():
    for name, p in model.named_parameters():
        p.copy_(torch.randn(p.shape) * (0.3 if p.ndim == 1 else p.shape[-1] ** -0.5))
model = model.to(dtype).eval()
if not os.path.exists(os.path.join(out, "config.json")):
    model.save_pretrained(out)
print("ready", flush=True)


class Timer(transformers.LogitsProcessor):
    """Notes when the first token's scores are ready (the end of the prefill)."""

    def __call__(self, input_ids, scores):
        if self.first is None:
            self.first = time.perf_counter()
        return scores


for line in sys.stdin:
    prompt_len, new, seed = (int(x) for x in line.split())
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(0, config.vocab_size, (1, prompt_len), generator=g)
    timer = Timer()
    timer.first = None
    with torch.inference_mode():
        t0 = time.perf_counter()
        res = model.generate(
            input_ids=ids, attention_mask=torch.ones_like(ids), do_sample=False, max_new_tokens=new,
            min_new_tokens=new, pad_token_id=0, eos_token_id=None, logits_processor=[timer],
        )
        t1 = time.perf_counter()
    print(json.dumps({
        "prefill": timer.first - t0, "decode": t1 - timer.first,
        "tokens": res[0, prompt_len:].tolist(), "prompt": ids[0].tolist(),
    }), flush=True)
