"""Hugging Face `tokenizers` on a list of texts: the reference of test/text/gemma3_tokenizer.test.ts
and bench/tokenizer.ts.

  .venv-peers/bin/python tokenizers_reference.py < {"tokenizer": PATH, "texts": [...], "time": bool}

Prints {"ids": [[...]], "with_special": [[...]], "decoded": [...], "version": str} where ids have
no special tokens added, with_special has the post-processor's, and decoded is decode(ids) with
special tokens kept; with "time", also {"seconds": [...]}: encode time of each text, best of 3.
"""
import json
import sys
import time

import tokenizers
from tokenizers import Tokenizer

spec = json.load(sys.stdin)
tok = Tokenizer.from_file(spec["tokenizer"])
texts = spec["texts"]
out = {"version": tokenizers.__version__}
if spec.get("time"):
    seconds = []
    for t in texts:
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            tok.encode(t, add_special_tokens=False)
            best = min(best, time.perf_counter() - t0)
        seconds.append(best)
    out["seconds"] = seconds
else:
    ids = [e.ids for e in tok.encode_batch(texts, add_special_tokens=False)]
    out["ids"] = ids
    out["with_special"] = [e.ids for e in tok.encode_batch(texts[:20], add_special_tokens=True)]
    out["decoded"] = tok.decode_batch(ids, skip_special_tokens=False)
print(json.dumps(out))
