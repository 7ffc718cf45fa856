"""Hugging Face transformers' own logits processors on rows of logits: the reference of
test/models/sampling.test.ts. Reads {"cases": [{"logits": [...], "seen": [ids],
"options": {"repetitionPenalty", "temperature", "topK", "topP", "minP"}}]} on stdin; prints
the probabilities (softmax of the processed scores) of each case, in transformers' order:
repetition penalty, temperature, top-k, top-p, min-p.
"""
import json
import sys

import torch
from transformers.generation.logits_process import (
    LogitsProcessorList,
    MinPLogitsWarper,
    RepetitionPenaltyLogitsProcessor,
    TemperatureLogitsWarper,
    TopKLogitsWarper,
    TopPLogitsWarper,
)

out = []
for case in json.load(sys.stdin)["cases"]:
    o = case["options"]
    procs = LogitsProcessorList()
    if o.get("repetitionPenalty") is not None:
        procs.append(RepetitionPenaltyLogitsProcessor(penalty=float(o["repetitionPenalty"])))
    if o.get("temperature") is not None:
        procs.append(TemperatureLogitsWarper(float(o["temperature"])))
    if o.get("topK") is not None:
        procs.append(TopKLogitsWarper(top_k=int(o["topK"])))
    if o.get("topP") is not None:
        procs.append(TopPLogitsWarper(top_p=float(o["topP"])))
    if o.get("minP") is not None:
        procs.append(MinPLogitsWarper(min_p=float(o["minP"])))
    scores = torch.tensor([case["logits"]], dtype=torch.float32)
    seen = torch.tensor([case["seen"] or [0]], dtype=torch.long)
    if not case["seen"] and o.get("repetitionPenalty") is not None:
        raise ValueError("a repetition penalty case needs seen ids")
    scores = procs(seen, scores)
    out.append(torch.softmax(scores.double(), dim=-1)[0].tolist())
print(json.dumps(out))
