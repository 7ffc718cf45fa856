"""Tiny random-weight Gemma, Gemma 2 and Gemma 3 checkpoints made by Hugging Face transformers
itself, and transformers' own logits and greedy tokens for them: the reference the tsmlx
loader and model are checked against (test/models/gemma_checkpoint.test.ts).

  .venv-peers/bin/python gemma_hf_reference.py SPEC.json RESULT.json

SPEC is {"root": DIR, "cases": [CASE, ...]}; each CASE is
  {"name": str, "family": "gemma" | "gemma2" | "gemma3_text" | "gemma3",
   "config": {transformers config kwargs}, "dtype": "float32" | "bfloat16",
   "max_shard_size": null | "40KB", "spelling": "v5" | "v4", "v4_pattern": null | int, "seed": int,
   "tokens": [ids], "prompt": [ids], "new_tokens": int, "batch_prompts": null | [[ids], ...]}
For each case the model is built from transformers' config class with random weights (scaled so
that every part of the model moves the logits), saved with save_pretrained into ROOT/NAME (in
`dtype`, sharded when `max_shard_size` is set; with "v4" the config.json is rewritten in the
transformers 4 spelling: rope_theta, rope_local_base_freq, rope_scaling, sliding_window_pattern),
loaded back from that directory with from_pretrained in float32 with eager attention, and run:
RESULT gets {NAME: {"dir", "logits": [seq * vocab floats], "vocab", "generated": [ids],
"batch_generated": [[ids], ...]}}, the last from one `generate` call on `batch_prompts`
left-padded with id 0 and an attention mask hiding the padding.
"""
import json
import math
import os
import sys

import torch
import transformers
from transformers import (
    Gemma2Config,
    Gemma2ForCausalLM,
    Gemma3Config,
    Gemma3ForCausalLM,
    Gemma3ForConditionalGeneration,
    Gemma3TextConfig,
    GemmaConfig,
    GemmaForCausalLM,
    SiglipVisionConfig,
)

FAMILIES = {
    "gemma": (GemmaConfig, GemmaForCausalLM),
    "gemma2": (Gemma2Config, Gemma2ForCausalLM),
    "gemma3_text": (Gemma3TextConfig, Gemma3ForCausalLM),
    "gemma3": (Gemma3Config, Gemma3ForConditionalGeneration),
}
DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16}


# Fields transformers' strict config classes type as float (JSON from JavaScript writes 2.0 as 2).
FLOATS = {"final_logit_softcapping", "attn_logit_softcapping", "rope_theta", "rope_local_base_freq",
          "factor", "rms_norm_eps"}


def floats(d):
    return {k: (float(v) if k in FLOATS and isinstance(v, int) else floats(v) if isinstance(v, dict) else v)
            for k, v in d.items()}


def make_config(case):
    cls, _ = FAMILIES[case["family"]]
    kwargs = floats(case["config"])
    if case["family"] == "gemma3":
        text = Gemma3TextConfig(**kwargs)
        # A vision tower as small as the projector allows: 16 px images of 4 px patches, pooled
        # to 2 x 2 = 4 tokens per image.
        vision = SiglipVisionConfig(
            hidden_size=8, intermediate_size=16, num_hidden_layers=1, num_attention_heads=2,
            image_size=16, patch_size=4,
        )
        return cls(text_config=text, vision_config=vision, mm_tokens_per_image=4)
    return cls(**kwargs)


def randomize(model, seed):
    """Weights large enough that norms, caps, windows and RoPE all change the logits."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "vision_tower" in name or "multi_modal_projector" in name:
                continue
            if name.endswith("embed_tokens.weight"):
                std = 1 / math.sqrt(p.shape[1])
            elif p.ndim == 1:  # Gemma's norms scale by (1 + weight)
                std = 0.3
            else:  # nn.Linear [out, in]
                std = 1 / math.sqrt(p.shape[1])
            p.copy_(torch.randn(p.shape, generator=g) * std)


def to_v4(cfg, family, pattern):
    """A transformers 5 config.json dict rewritten as transformers 4 wrote it (with `pattern`,
    sliding_window_pattern in place of layer_types, as before transformers 4.53)."""
    def rewrite(c, gemma3):
        rp = c.pop("rope_parameters", None) or {}
        if gemma3:
            full, local = rp.get("full_attention", {}), rp.get("sliding_attention", {})
            c["rope_theta"] = full.get("rope_theta", 1e6)
            c["rope_local_base_freq"] = local.get("rope_theta", 1e4)
            scaling = {k: v for k, v in full.items() if k != "rope_theta"}
            c["rope_scaling"] = None if scaling.get("rope_type", "default") == "default" else scaling
            c.pop("_sliding_window_pattern", None)
            if pattern:
                c["sliding_window_pattern"] = pattern
                c.pop("layer_types", None)
        else:
            c["rope_theta"] = rp.get("rope_theta", 10000.0)
            scaling = {k: v for k, v in rp.items() if k != "rope_theta"}
            c["rope_scaling"] = None if scaling.get("rope_type", "default") == "default" else scaling
        return c

    if family == "gemma3":
        cfg["text_config"] = rewrite(cfg["text_config"], True)
        return cfg
    return rewrite(cfg, family == "gemma3_text")


def run_case(root, case):
    torch.manual_seed(case.get("seed", 0))
    family = case["family"]
    _, model_cls = FAMILIES[family]
    config = make_config(case)
    model = model_cls(config)
    randomize(model, case.get("seed", 0))
    model = model.to(DTYPES[case.get("dtype", "float32")])
    out = os.path.join(root, case["name"])
    kwargs = {}
    if case.get("max_shard_size"):
        kwargs["max_shard_size"] = case["max_shard_size"]
    model.save_pretrained(out, **kwargs)
    if case.get("spelling") == "v4":
        path = os.path.join(out, "config.json")
        with open(path) as f:
            cfg = json.load(f)
        with open(path, "w") as f:
            json.dump(to_v4(cfg, family, case.get("v4_pattern")), f, indent=2)
    # The reference is what transformers makes of the saved directory.
    ref = model_cls.from_pretrained(out, dtype=torch.float32, attn_implementation="eager").eval()
    with torch.no_grad():
        tokens = torch.tensor([case["tokens"]])
        logits = ref(input_ids=tokens).logits[0].float()
        prompt = torch.tensor([case["prompt"]])
        generated = ref.generate(
            input_ids=prompt, attention_mask=torch.ones_like(prompt), do_sample=False,
            max_new_tokens=case["new_tokens"], min_new_tokens=case["new_tokens"],
            pad_token_id=0, eos_token_id=None,
        )[0, prompt.shape[1]:]
        batch_generated = []
        if case.get("batch_prompts"):
            rows = case["batch_prompts"]
            longest = max(len(r) for r in rows)
            ids = torch.tensor([[0] * (longest - len(r)) + r for r in rows])
            mask = torch.tensor([[0] * (longest - len(r)) + [1] * len(r) for r in rows])
            batch_generated = ref.generate(
                input_ids=ids, attention_mask=mask, do_sample=False,
                max_new_tokens=case["new_tokens"], min_new_tokens=case["new_tokens"],
                pad_token_id=0, eos_token_id=None,
            )[:, longest:].tolist()
    return {
        "dir": out,
        "batch_generated": batch_generated,
        "vocab": logits.shape[-1],
        "logits": logits.flatten().tolist(),
        "generated": generated.tolist(),
        "files": sorted(os.listdir(out)),
    }


def main():
    spec_path, result_path = sys.argv[1], sys.argv[2]
    with open(spec_path) as f:
        spec = json.load(f)
    torch.set_num_threads(2)
    results = {"transformers": transformers.__version__, "torch": torch.__version__, "cases": {}}
    for case in spec["cases"]:
        results["cases"][case["name"]] = run_case(spec["root"], case)
    with open(result_path, "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    transformers.logging.set_verbosity_error()
    main()
