#!/usr/bin/env node
// Runs StableHLO's interpreter test suite (openxla/stablehlo, stablehlo/tests/interpret) on
// tsmlx's CPU plugin and prints passed / failed / skipped by op. The suite is not part of this
// repository: pass the directory of a stablehlo checkout (or of its tests/interpret folder).
//
//   make build && node scripts/stablehlo-interpret.mjs ~/src/stablehlo [--verbose] [--list-skipped] [--json out.json]
//
// --verbose adds each op's skip reasons to its row; --list-skipped names every skipped case.
//
// Each test case (a file's parts between `// -----` lines) is a function without parameters whose
// `check.expect_*` ops compare values with constants or with each other. The harness turns every
// check into results of the function (the checked value and, for the *_const forms, a
// stablehlo.constant of the expected literal, so the plugin itself decodes it), runs the function
// and compares: exactly for expect_eq (NaN equals NaN), within `tolerance` (default 1e-4, relative
// above 1) for expect_almost_eq, within max_ulp_difference ulps for expect_close.
// Skipped, with the reason: cases whose element types the plugin does not hold (i2, i4, f8, complex,
// tuple, token, quantized), cases for several processes or replicas (collectives, infeed, send/recv),
// and serialization probes.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { Tensor } from "../dist/src/core/tensor.js";
import { bf16ToF32, f16ToF32 } from "../dist/src/core/dtype.js";
import { defaultClient } from "../dist/src/runtime/index.js";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const listSkipped = args.includes("--list-skipped");
const jsonAt = args.indexOf("--json");
const jsonOut = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const root = args.find((a, i) => !a.startsWith("--") && (jsonAt < 0 || i !== jsonAt + 1));
if (!root) {
  console.error("usage: node scripts/stablehlo-interpret.mjs STABLEHLO_DIR [--verbose] [--json FILE]");
  process.exit(2);
}
const dir = [join(root, "stablehlo", "tests", "interpret"), join(root, "tests", "interpret"), root].find(
  (d) => existsSync(d) && statSync(d).isDirectory() && readdirSync(d).some((f) => f.endsWith(".mlir")),
);
if (!dir) {
  console.error(`no interpreter tests (*.mlir) under ${root}`);
  process.exit(2);
}

function files(d) {
  return readdirSync(d)
    .flatMap((f) => {
      const p = join(d, f);
      if (statSync(p).isDirectory()) return files(p);
      return f.endsWith(".mlir") ? [p] : [];
    })
    .sort();
}

const UNSUPPORTED_TYPE = /complex<|tuple<|!stablehlo\.token|!quant\.|!stablehlo\.buffer|[x<](?:[su]?i2|[su]?i4|ui2|ui4|f8E\w+|f4E\w+|f6E\w+)>/;
const MULTI = /\b(?:all_gather|all_reduce|all_to_all|collective_broadcast|collective_permute|collective_reduce|reduce_scatter|replica_id|partition_id|infeed|outfeed|send|recv|after_all|process_id)\b|num_replicas|num_partitions/;
// tsmlx's runtime (src/core/dtype.ts) has no u16 arrays to read such results back into.
const NO_HOST_ARRAY = /xui16>|<ui16>/;

/** Open brackets minus closed ones (`->` not counted). */
function depthOf(s) {
  let d = 0;
  const t = s.replace(/->/g, "");
  for (const c of t) {
    if (c === "<" || c === "[" || c === "(" || c === "{") d++;
    else if (c === ">" || c === "]" || c === ")" || c === "}") d--;
  }
  return d;
}

/** Splits a type list "tensor<2xf32>, tensor<f32>" at top-level commas. */
function splitTypes(s) {
  const out = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = s[i];
    if (c === "<" || c === "(" || c === "[") depth++;
    else if (c === ">" || c === ")" || c === "]") depth--;
    if ((c === "," && depth === 0) || i === s.length) {
      const t = s.slice(start, i).trim();
      if (t) out.push(t);
      start = i + 1;
    }
  }
  return out;
}

/**
 * The runnable module of one case and its checks, or { skip } with a reason.
 * Checks: { kind: "eq" | "almost" | "close", tolerance, ulps, type } over result pairs (2k, 2k+1).
 */
function prepare(text) {
  if (/check\.expect_serialized_eq|interpreter\.probe|stablehlo\.custom_call @check/.test(text))
    return { skip: "serialization probe" };
  if (MULTI.test(text)) return { skip: "several processes or replicas" };
  if (UNSUPPORTED_TYPE.test(text)) return { skip: "element type the plugin does not hold" };
  if (NO_HOST_ARRAY.test(text)) return { skip: "ui16 results (no u16 host arrays in tsmlx)" };
  // A check may span lines (long literals): join it up to where its brackets balance.
  const lines = [];
  for (const line of text.split("\n")) {
    const last = lines.length - 1;
    const open = last >= 0 && /^\s*check\./.test(lines[last]) && (depthOf(lines[last]) > 0 || /,\s*$/.test(lines[last]));
    if (open) lines[last] += ` ${line.trim()}`;
    else lines.push(line);
  }
  const checks = [];
  const results = [];
  const out = [];
  let n = 0;
  let checkedFunc = -1;
  let funcStart = -1;
  for (const line of lines) {
    if (/^\s*func\.func\b/.test(line)) funcStart = out.length;
    const m = /^(\s*)check\.(expect_\w+)\s+(.*)$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const [, indent, kind, rest] = m;
    checkedFunc = funcStart;
    // operands, options, then ": types"
    // A trailing attribute dictionary ({tolerance = 0.1 : f64}) holds options too.
    const attrs = /\s*(\{[^{}]*\})\s*$/.exec(rest);
    const body = attrs ? rest.slice(0, attrs.index) : rest;
    const colon = body.lastIndexOf(" : ");
    const types = splitTypes(body.slice(colon + 3).replace(/\s*loc\(.*\)\s*$/, ""));
    const head = body.slice(0, colon) + (attrs ? ` ${attrs[1]}` : "");
    const tol = /tolerance\s*=\s*([-+0-9.eE]+)/.exec(head);
    const ulp = /max_ulp_difference\s*=\s*(\d+)/.exec(head);
    const spec = {
      kind: kind.startsWith("expect_almost") ? "almost" : kind === "expect_close" ? "close" : "eq",
      tolerance: tol ? Number(tol[1]) : 1e-4,
      ulps: ulp ? Number(ulp[1]) : 0,
      type: types[0],
    };
    if (kind === "expect_eq_const" || kind === "expect_almost_eq_const") {
      const dense = /^(%[\w#.$-]+)\s*,\s*(dense<[\s\S]*>)\s*(?:\{[^{}]*\})?\s*$/.exec(head);
      if (!dense) return { skip: `unreadable check: ${line.trim()}` };
      const name = `%__expected${n++}`;
      out.push(`${indent}${name} = stablehlo.constant ${dense[2]} : ${types[0]}`);
      results.push([dense[1], types[0]], [name, types[0]]);
    } else if (kind === "expect_eq" || kind === "expect_almost_eq" || kind === "expect_close") {
      const ops = head.split(",").map((s) => s.trim()).filter((s) => s.startsWith("%"));
      if (ops.length !== 2) return { skip: `unreadable check: ${line.trim()}` };
      results.push([ops[0], types[0]], [ops[1], types[1] ?? types[0]]);
    } else {
      return { skip: `check.${kind}` };
    }
    checks.push(spec);
  }
  if (checks.length === 0) return { skip: "no checks" };
  // The checked function becomes @main and returns the checked values in place of nothing.
  const fnLine = out[checkedFunc];
  const fm = /^(\s*)func\.func\s+(?:public\s+|private\s+)?@[\w.$-]+\s*\(\s*\)\s*(?:->\s*\(\s*\))?\s*\{\s*$/.exec(fnLine);
  if (!fm) return { skip: "the checked function takes parameters or returns values" };
  const retTypes = results.map(([, t]) => t).join(", ");
  out[checkedFunc] = `${fm[1]}func.func @main() -> (${retTypes}) {`;
  // Its func.return is the first one after it at the function's own level.
  let depth = 0;
  for (let i = checkedFunc; i < out.length; i++) {
    const l = out[i];
    if (i > checkedFunc && depth === 1 && /^\s*(?:func\.)?return\b/.test(l)) {
      out[i] = `${/^(\s*)/.exec(l)[1]}func.return ${results.map(([v]) => v).join(", ")} : ${retTypes}`;
      break;
    }
    for (const c of l.replace(/"(?:[^"\\]|\\.)*"/g, "")) {
      if (c === "{") depth++;
      else if (c === "}") depth--;
    }
  }
  return { module: out.join("\n"), checks };
}

function floatAt(t, i) {
  const v = t.data[i];
  if (t.dtype === "f16") return f16ToF32(v);
  if (t.dtype === "bf16") return bf16ToF32(v);
  return Number(v);
}

function ulpDistance(a, b, dtype) {
  if (a === b) return 0;
  const buf = new DataView(new ArrayBuffer(8));
  const ord = (x) => {
    if (dtype === "f64") {
      buf.setFloat64(0, x);
      const v = buf.getBigInt64(0);
      return v < 0n ? -(v & 0x7fffffffffffffffn) : v;
    }
    buf.setFloat32(0, x);
    const v = buf.getInt32(0);
    return BigInt(v < 0 ? -(v & 0x7fffffff) : v);
  };
  const d = ord(a) - ord(b);
  const ulps = Number(d < 0n ? -d : d);
  return dtype === "f16" || dtype === "bf16" ? ulps / (dtype === "f16" ? 8192 : 65536) : ulps;
}

/** Why got differs from want under the check, or undefined. */
function compare(got, want, check) {
  if (got.shape.size !== want.shape.size) return `shape ${got.shape}, expected ${want.shape}`;
  const isFloat = ["f16", "bf16", "f32", "f64"].includes(want.dtype);
  for (let i = 0; i < want.shape.size; i++) {
    if (!isFloat) {
      if (got.data[i] !== want.data[i]) return `element ${i} is ${got.data[i]}, expected ${want.data[i]}`;
      continue;
    }
    const g = floatAt(got, i);
    const w = floatAt(want, i);
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    if (Object.is(g, w) || (g === w && check.kind !== "eq")) continue;
    if (g === w && w === 0) continue;
    if (check.kind === "almost") {
      if (Math.abs(g - w) <= check.tolerance * Math.max(1, Math.abs(w))) continue;
    } else if (check.kind === "close") {
      if (ulpDistance(g, w, want.dtype) <= check.ulps) continue;
    }
    return `element ${i} is ${g}, expected ${w}`;
  }
  return undefined;
}

const client = defaultClient();
const byOp = new Map();
const failures = [];
for (const path of files(dir)) {
  const op = path.slice(dir.length + 1).replace(/\.mlir$/, "");
  const cases = readFileSync(path, "utf8").split(/^\/\/ -----\s*$/m);
  const row = byOp.get(op) ?? { passed: 0, failed: 0, skipped: 0, reasons: new Map() };
  byOp.set(op, row);
  const perFunction = cases.flatMap((raw) => {
    const text = raw.replace(/^\/\/ RUN:.*$/gm, "");
    // Top-level functions: from a `func.func` at column 0 to the next `}` at column 0.
    const spans = [];
    const lines = text.split("\n");
    let start = -1;
    for (const [i, l] of lines.entries()) {
      if (/^func\.func\b/.test(l)) start = i;
      else if (start >= 0 && /^}/.test(l)) {
        spans.push(lines.slice(start, i + 1).join("\n"));
        start = -1;
      }
    }
    const checked = spans.filter((f) => /check\.expect/.test(f));
    if (checked.length <= 1) return [text];
    const helpers = spans.filter((f) => !/check\.expect/.test(f));
    return checked.map((f) => [...helpers, f].join("\n"));
  });
  for (const [k, text] of perFunction.entries()) {
    if (!/func\.func/.test(text)) continue;
    const name = /func\.func\s+(?:public\s+|private\s+)?@([\w.$-]+)/.exec(text)?.[1] ?? `case ${k}`;
    const p = prepare(text);
    const skip = (why) => {
      if (listSkipped) console.log(`skipped ${op} @${name}: ${why}`);
      row.skipped++;
      row.reasons.set(why, (row.reasons.get(why) ?? 0) + 1);
    };
    if (p.skip) {
      skip(p.skip);
      continue;
    }
    let problem;
    try {
      const exe = await client.compile(p.module);
      const outs = await exe.run([]);
      const ts = [];
      for (const o of outs) {
        ts.push(await o.toTensor());
        o.dispose();
      }
      for (const [c, check] of p.checks.entries()) {
        const d = compare(ts[2 * c], ts[2 * c + 1], check);
        if (d) {
          problem = `check ${c}: ${d}`;
          break;
        }
      }
    } catch (e) {
      const msg = String(e.message ?? e).split("\n")[0];
      if (/unsupported (tensor )?type|unsupported type|complex literals/.test(msg)) {
        skip("element type the plugin does not hold");
        continue;
      }
      problem = msg;
    }
    if (problem) {
      row.failed++;
      failures.push({ op, name, problem });
    } else {
      row.passed++;
    }
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
console.log(`StableHLO interpreter suite (${dir}) on ${basename(client.pluginPath)}\n`);
console.log("op".padEnd(32) + "passed".padStart(8) + "failed".padStart(8) + "skipped".padStart(9));
for (const [op, r] of [...byOp.entries()].sort()) {
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
  if (r.passed + r.failed + r.skipped === 0) continue;
  const why = [...r.reasons.entries()].map(([w, n]) => `${w} ×${n}`).join("; ");
  console.log(
    op.padEnd(32) +
      String(r.passed).padStart(8) +
      String(r.failed).padStart(8) +
      String(r.skipped).padStart(9) +
      (verbose && why ? `   ${why}` : ""),
  );
}
console.log("\nfailures:");
for (const f of failures) console.log(`  ${f.op} @${f.name}: ${f.problem.slice(0, 300)}`);
const rate = passed + failed ? ((100 * passed) / (passed + failed)).toFixed(1) : "0";
console.log(`\n${rate}% of the cases the plugin can hold pass`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (jsonOut) {
  const ops = Object.fromEntries(
    [...byOp.entries()].map(([op, r]) => [op, { ...r, reasons: Object.fromEntries(r.reasons) }]),
  );
  writeFileSync(jsonOut, JSON.stringify({ passed, failed, skipped, ops, failures }, null, 1));
}
process.exit(0);
