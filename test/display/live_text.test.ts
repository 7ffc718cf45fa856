/**
 * LiveText: one output (the same display id) added first and then updated in place per token,
 * showing the text so far (HTML-escaped) with the token count and rate.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { JUPYTER_DISPLAY, type MimeBundle } from "../../src/core/mime.js";
import { LiveText } from "../../src/display/live_text.js";

test("each token redraws one output in place with the text, count and rate", () => {
  const calls: { value: unknown; displayId: string; update: boolean }[] = [];
  const live = new LiveText({ title: "reply" });
  const onToken = live.update((value, o) => calls.push({ value, ...o }));
  onToken({ text: "Hello", tokensPerSecond: 0 });
  onToken({ text: " <world>", tokensPerSecond: 12.34 });
  assert.deepEqual(
    calls.map((c) => c.update),
    [false, true],
  );
  assert.equal(calls[0]!.displayId, calls[1]!.displayId);
  assert.equal(calls[1]!.value, live);
  const bundle = (live as unknown as { [JUPYTER_DISPLAY](): MimeBundle })[JUPYTER_DISPLAY]();
  assert.equal(bundle["text/plain"], "reply\nHello <world>\n— 2 tokens, 12.3 tokens/s");
  assert.match(bundle["text/html"]!, /<pre[^>]*>Hello &lt;world&gt;<\/pre>/);
  assert.equal(live.text, "Hello <world>");
  // Another LiveText is another output.
  const ids: string[] = [];
  new LiveText().update((_, o) => ids.push(o.displayId))({ text: "x", tokensPerSecond: 0 });
  assert.notEqual(ids[0], calls[0]!.displayId);
  assert.throws(() => live.update(undefined as never), /\[LiveText\] update needs a display function/);
});
