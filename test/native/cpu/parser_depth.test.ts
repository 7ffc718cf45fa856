// Deeply nested modules through the JS API: the CPU plugin's parser refuses regions nested
// deeper than its limit with a clear error instead of overflowing its stack (which used to end
// the whole process with SIGSEGV), and the process goes on compiling and running.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tm from "../../../src/index.js";
import { defaultClient } from "../../../src/runtime/client.js";

/** `depth` stablehlo.if ops, each inside the true branch of the one before. */
function nestedIfs(depth: number): string {
  const lines = ["func.func @main(%p: tensor<i1>, %x: tensor<f32>) -> tensor<f32> {"];
  for (let i = 0; i < depth; i++) lines.push(`  %r${i} = "stablehlo.if"(%p) ({`);
  lines.push('  "stablehlo.return"(%x) : (tensor<f32>) -> ()');
  for (let i = depth - 1; i >= 0; i--) {
    lines.push(
      "  }, {",
      '  "stablehlo.return"(%x) : (tensor<f32>) -> ()',
      "  }) : (tensor<i1>) -> tensor<f32>",
    );
    if (i > 0) lines.push(`  "stablehlo.return"(%r${i}) : (tensor<f32>) -> ()`);
  }
  lines.push("  return %r0 : tensor<f32>", "}");
  return lines.join("\n");
}

test("a module of 6,000 nested stablehlo.if regions is refused with the nesting limit and its line; the process lives", async () => {
  await assert.rejects(defaultClient().compile(nestedIfs(6000)), (e: Error & { codeName?: string }) => {
    assert.equal(e.message, "[parser] regions nested deeper than 256 at line 258");
    assert.equal(e.codeName, "INVALID_ARGUMENT");
    return true;
  });
  // Still alive and working: nesting up to the limit compiles and runs, and so does an ordinary function.
  const exe = await defaultClient().compile(nestedIfs(256));
  const client = defaultClient();
  const [out] = await exe.run([await client.upload(tm.tensor(true)), await client.upload(tm.tensor(2.5))]);
  assert.equal((await out!.toTensor()).toArray(), 2.5);
  const f = tm.exec((a: tm.Node) => tm.add(a, 1));
  assert.deepEqual([...(await (await f([1, 2])).toTensor()).data], [2, 3]);
});
