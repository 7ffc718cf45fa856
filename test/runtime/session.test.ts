/**
 * The live session: named inputs, eval of any node (only its subgraph, cached), errors, and
 * memory that stays flat while a cell that builds a model is re-run many times.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as tm from "../../src/index.js";
import { loadAddon } from "../../src/runtime/addon.js";

const CHILD = process.env.TSMLX_SESSION_MEMORY_CHILD === "1";

/** Deterministic pseudo-random values in [-1, 1). */
function rand(n: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(
      Math.abs(actual[i]! - expected[i]!) <= tol * (1 + Math.abs(expected[i]!)),
      `at ${i}: ${actual[i]} vs ${expected[i]}`,
    );
  }
}

const LAYERS = 20;
const BATCH = 8;
const WIDTH = 32;

/**
 * A cell-like function: a 20-layer tanh MLP on session inputs; weights are inputs, biases are
 * constants (the same values on every run, so every run lowers to the same program text).
 */
function buildModel(s: tm.Session): tm.Node {
  let h = s.input("x", "f32", [BATCH, WIDTH]);
  for (let l = 0; l < LAYERS; l++) {
    const w = s.input(`w${l}`, "f32", [WIDTH, WIDTH]);
    const b = s.constant(tm.Tensor.fromValues("f32", [WIDTH], rand(WIDTH, 100 + l)));
    h = tm.tanh(tm.add(tm.matmul(h, w), b));
  }
  return h;
}

function modelFeeds(seed: number): Record<string, tm.Tensor> {
  const feeds: Record<string, tm.Tensor> = {
    x: tm.Tensor.fromValues("f32", [BATCH, WIDTH], rand(BATCH * WIDTH, seed)),
  };
  for (let l = 0; l < LAYERS; l++) {
    feeds[`w${l}`] = tm.Tensor.fromValues(
      "f32",
      [WIDTH, WIDTH],
      rand(WIDTH * WIDTH, seed * 31 + l).map((v) => v / 4),
    );
  }
  return feeds;
}

async function memoryChild(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  const addon = loadAddon();
  const s = tm.session();
  const samples: { run: number; heapMB: number; buffers: number; executables: number }[] = [];
  const measure = async (run: number) => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
    const live = addon.liveObjects();
    samples.push({ run, heapMB: process.memoryUsage().heapUsed / 2 ** 20, ...live });
  };
  const feeds = modelFeeds(7);
  for (let run = 1; run <= 200; run++) {
    const out = buildModel(s); // "re-running the cell": fresh nodes every time
    const t = await s.eval(out, feeds);
    if (t.shape.dims.join() !== `${BATCH},${WIDTH}`) throw new Error(`bad result ${t.dtype}${t.shape}`);
    if (run === 20 || run % 50 === 0) await measure(run);
  }
  process.stdout.write(
    `${JSON.stringify({ samples, nodesMade: s.graph.size, held: s.graph.nodes.length, lowerings: s.lowerings })}\n`,
  );
}

if (CHILD) {
  await memoryChild();
} else {
  test("an input declared again with the same type is the same node; another type is an error naming both", () => {
    const s = tm.session();
    const x = s.input("images", "f32", [4, 3]);
    assert.equal(s.input("images", "f32", [4, 3]), x);
    assert.throws(
      () => s.input("images", "f32", [4, 1]),
      /\[session\.input\] input "images" is already f32\[4,3\]; cannot declare it again as f32\[4,1\]/,
    );
    assert.throws(() => s.input("images", "i32", [4, 3]), /already f32\[4,3\].*as i32\[4,3\]/);
    assert.deepEqual(
      s.inputs.map((n) => n.toString()),
      ['f32[4,3] ← parameter "images"'],
    );
  });

  test("eval computes a node from the feeds it needs; one node gives a Tensor, several give one each", async () => {
    const s = tm.session();
    const x = s.input("x", "f32", [2, 3]);
    const y = s.input("y", "f32", [2, 3]);
    const sum = tm.add(x, y);
    const t = tm.tanh(sum);
    assert.equal(t.toString(), "f32[2,3] ← tanh ← add");
    const xs = [1, -2, 0.5, 3, 0, -1];
    const ys = [0.5, 1, 1, -2, 2, 0];
    const one = await s.eval(t, {
      x: [xs.slice(0, 3), xs.slice(3)],
      y: tm.Tensor.fromValues("f32", [2, 3], ys),
    });
    assert.ok(one instanceof tm.Tensor);
    close(
      one.toFloat64Array(),
      xs.map((v, i) => Math.tanh(v + ys[i]!)),
    );
    const [a, b] = await s.eval([sum, t], {
      x: tm.Tensor.fromValues("f32", [2, 3], xs),
      y: tm.Tensor.fromValues("f32", [2, 3], ys),
    });
    close(
      a!.toFloat64Array(),
      xs.map((v, i) => v + ys[i]!),
    );
    close(
      b!.toFloat64Array(),
      xs.map((v, i) => Math.tanh(v + ys[i]!)),
    );
  });

  test("eval compiles only the subgraph the node needs: other inputs need no feed and are not parameters", async () => {
    const s = tm.session();
    const x = s.input("x", "f32", [3]);
    const unused = s.input("unused", "f32", [1000]);
    tm.exp(unused); // a node nobody asks for
    const y = x.mul(2);
    const out = await s.eval(y, { x: [1, 2, 3] });
    close(out.toFloat64Array(), [2, 4, 6]);
    const mlir = s.explain(y).toString();
    assert.doesNotMatch(mlir, /unused|exponential/);
    assert.equal(s.explain(y).inputs.length, 1);
  });

  test("programs are cached by output nodes in an LRU of the size asked for", async () => {
    const s = tm.session({ cacheSize: 2 });
    const x = s.input("x", "f32", [2]);
    const [a, b, c] = [x.add(1), x.mul(3), x.sub(1)];
    const feeds = { x: [1, 2] };
    await s.eval(a, feeds);
    await s.eval(a, feeds);
    assert.equal(s.lowerings, 1);
    await s.eval(b, feeds);
    await s.eval(c, feeds);
    assert.equal(s.cachedPrograms, 2);
    assert.equal(s.lowerings, 3);
    close((await s.eval(a, feeds)).toFloat64Array(), [2, 3]); // evicted: lowered again
    assert.equal(s.lowerings, 4);
    await s.eval(c, feeds); // still cached
    assert.equal(s.lowerings, 4);
  });

  test("eval errors: missing feed, wrong dtype or shape (naming the input and both types), unknown feed, foreign node", async () => {
    const s = tm.session();
    const x = s.input("images", "f32", [2, 2]);
    const y = x.tanh();
    await assert.rejects(
      s.eval(y, {}),
      /\[session\.eval\] missing feed for input "images" \(f32\[2,2\]\), needed by f32\[2,2\] ← tanh/,
    );
    await assert.rejects(
      s.eval(y, { images: tm.Tensor.fromValues("i32", [2, 2], [1, 2, 3, 4]) }),
      /\[session\.eval\] feed "images" is i32\[2,2\]; input "images" is f32\[2,2\]/,
    );
    await assert.rejects(
      s.eval(y, { images: [1, 2, 3, 4] }),
      /feed "images" is f32\[4\]; input "images" is f32\[2,2\]/,
    );
    await assert.rejects(
      s.eval(y, {
        images: [
          [1, 2],
          [3, 4],
        ],
        imgs: [1],
      }),
      /feed "imgs" is not an input of the session \(inputs: images\)/,
    );
    const other = tm.session({ name: "other" });
    const z = other.input("images", "f32", [2, 2]).neg();
    await assert.rejects(
      s.eval(z, {
        images: [
          [1, 2],
          [3, 4],
        ],
      }),
      /output 0 \(f32\[2,2\] ← negate.*\) belongs to graph "other", not to this session's graph "session"/,
    );
    // the session still works after every error
    close(
      (
        await s.eval(y, {
          images: [
            [0, 1],
            [2, 3],
          ],
        })
      ).toFloat64Array(),
      [0, 1, 2, 3].map(Math.tanh),
    );
  });

  test("nodes that read context variables are evaluated with the variables' current values", async () => {
    const ctx = tm.context({ seed: 1 });
    const s = tm.session({ context: ctx });
    const x = s.input("x", "f32", [2, 3]);
    const v = ctx.in("dense").variable("w", "f32", [3, 2], tm.glorotUniform());
    const y = tm.matmul(x, v.read(s.graph));
    const xs = [
      [1, 2, 3],
      [-1, 0, 2],
    ];
    const expect = (w: number[]) =>
      xs.flatMap((row) => [0, 1].map((j) => row.reduce((acc, xv, k) => acc + xv * w[k * 2 + j]!, 0)));
    const w0 = Array.from((await v.toTensor()).toFloat64Array());
    close((await s.eval(y, { x: xs })).toFloat64Array(), expect(w0));
    const w1 = [1, 0, 0, 1, 2, -1];
    v.setValue(tm.Tensor.fromValues("f32", [3, 2], w1));
    close((await s.eval(y, { x: xs })).toFloat64Array(), expect(w1));
    assert.equal(s.lowerings, 1); // the same program, new values
    const bare = tm.session();
    const y2 = tm.matmul(bare.input("x", "f32", [2, 3]), v.read(bare.graph));
    await assert.rejects(
      bare.eval(y2, { x: xs }),
      /read variable \/dense\/w \(f32\[3,2\]\); make the session with tm\.session\(\{ context: ctx \}\)/,
    );
  });

  test("a cell re-run after setParam evaluates with the new hyperparameter; a node made before keeps its value", async () => {
    const ctx = tm.context();
    const s = tm.session({ context: ctx });
    const x = s.input("x", "f32", [3]);
    const cell = () => x.mul(ctx.getParam("scale", 1)); // a hyperparameter is read as the cell builds
    const feeds = { x: [1, -2, 3] };
    const h1 = cell();
    assert.deepEqual((await s.eval(h1, feeds)).values(), [1, -2, 3]);
    ctx.setParam("scale", 10);
    const h10 = cell();
    assert.deepEqual((await s.eval(h10, feeds)).values(), [10, -20, 30]);
    const fresh = tm.session({ context: tm.context().setParam("scale", 10) });
    const y = fresh.input("x", "f32", [3]);
    assert.deepEqual((await s.eval(h10, feeds)).values(), (await fresh.eval(y.mul(10), feeds)).values());
    assert.deepEqual(
      (await s.eval(h1, feeds)).values(),
      [1, -2, 3],
      "a built node is a value: it keeps scale 1",
    );
  });

  test("the C10ConvModel grown on a session input evaluates like ctx.exec of the same model function", async () => {
    const ctx = tm.context({ seed: 3 });
    const s = tm.session({ context: ctx });
    const images = s.input("images", "f32", [2, 32, 32, 3]);
    const h = tm.relu(tm.layers.conv(ctx.in("probe"), images).filters(4).kernelSize(3).padSame().done());
    assert.match(h.toString(), /^f32\[2,32,32,4\] ← /);
    const logits = tm.models.c10ConvModel(ctx, images);
    assert.match(logits.toString(), /^f32\[2,10\] ← /);
    const batch = tm.Tensor.fromValues("f32", [2, 32, 32, 3], rand(2 * 32 * 32 * 3, 11));
    const [hv, viaSession] = await s.eval([h, logits], { images: batch });
    assert.deepEqual(hv!.shape.dims, [2, 32, 32, 4]);
    assert.ok(hv!.toFloat64Array().every((v) => v >= 0));
    const viaExec = await (await ctx.exec((c, x) => tm.models.c10ConvModel(c, x))(batch)).toTensor();
    close(viaSession!.toFloat64Array(), viaExec.toFloat64Array(), 1e-5);
  });

  test("explain lists the ops from the inputs to the node, in order, and shows as text", () => {
    const s = tm.session();
    const x = s.input("x", "f32", [4, 8]);
    const w = s.input("w", "f32", [8, 2]);
    const h = tm.tanh(tm.matmul(x, w).add(1));
    const trace = s.explain(h);
    const text = trace.toString();
    const lines = text.split("\n");
    assert.match(lines[0]!, /^\d+ ops from inputs \(x f32\[4,8\], w f32\[8,2\]\)$/);
    assert.match(text, /parameter "x" : f32\[4,8\]/);
    assert.match(text, /dot_general\(%\d+, %\d+\) : f32\[4,2\]/);
    assert.match(lines.at(-1)!, /= tanh\(%\d+\) : f32\[4,2\] {2}◀$/);
    assert.equal(trace.nodes.at(-1), h);
    assert.equal(trace[Symbol.for("Jupyter.display") as never] !== undefined, true);
  });

  test("the session's graph holds only its inputs, not the nodes cells made", () => {
    const s = tm.session();
    const x = s.input("x", "f32", [2]);
    for (let i = 0; i < 10; i++) x.add(i).tanh();
    assert.deepEqual(s.graph.nodes, [x]);
    assert.ok(s.graph.size > 20);
    assert.match(
      s.toString(),
      /session "session" \(inputs: x: f32\[2\]; \d+ nodes made; 0 programs cached\)/,
    );
  });

  test("a 20-layer model cell re-run and evaluated 200 times keeps heap and live device buffers flat", () => {
    const child = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url)], {
      env: { ...process.env, TSMLX_SESSION_MEMORY_CHILD: "1" },
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const r = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as {
      samples: { run: number; heapMB: number; buffers: number; executables: number }[];
      nodesMade: number;
      held: number;
      lowerings: number;
    };
    for (const x of r.samples) {
      console.log(
        `run ${x.run}: heap ${x.heapMB.toFixed(2)} MB, live buffers ${x.buffers}, executables ${x.executables}`,
      );
    }
    // By run 50 the session's program cache (32 entries) is full; from then on nothing may grow.
    const base = r.samples.find((x) => x.run === 50)!;
    assert.ok(r.nodesMade > 200 * LAYERS * 4, `made ${r.nodesMade} nodes`);
    assert.equal(r.held, 1 + LAYERS); // the inputs only
    assert.equal(r.lowerings, 200); // every re-run made new nodes, so a new program
    for (const x of r.samples) {
      assert.equal(x.buffers, 0, `live buffers after eval at run ${x.run}: ${x.buffers}`);
      assert.ok(
        x.executables <= 1,
        `executables at run ${x.run}: ${x.executables} (identical programs compile once)`,
      );
      if (x.run < 50) continue;
      assert.ok(
        x.heapMB < base.heapMB + 1.5,
        `heap grew: ${base.heapMB.toFixed(2)} -> ${x.heapMB.toFixed(2)} MB at run ${x.run}`,
      );
    }
  });
}
