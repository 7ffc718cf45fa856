/**
 * Checkpoints in a directory: `ckpt-<step>.safetensors` holds the tensors (variables and
 * optimizer state by name) and `ckpt-<step>.json` beside it holds the step, hyperparameters,
 * metadata and the tensor file's size and SHA-256. Each file is written atomically (temp
 * file in the same directory, fsync, rename, fsync of the directory) and the JSON sidecar
 * is written last, so a checkpoint exists only once both are complete. Loading validates
 * everything (sizes, hash, header, names, dtypes, shapes) before anything is returned, and
 * never follows a path out of the directory: the sidecar's `file` must be a plain file name,
 * every file read must resolve (links followed) to a regular file inside the directory, and
 * its size is checked against what the sidecar says before a byte is read.
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, sep } from "node:path";
import type { DType } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import type { Tensor } from "../core/tensor.js";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.js";

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * Called once the temp file is complete and synced, just before it replaces `path`
   * (for tracing and for crash tests: a process that dies here leaves `path` as it was).
   */
  beforeRename?: (tempPath: string) => void;
}

/**
 * Writes `bytes` to `path` so that readers see the old file or the new one, never a part:
 * temp file in the same directory, fsync, rename over `path`, fsync the directory.
 * `writeFileAtomic("/ckpt/a.json", new TextEncoder().encode("{}"))`
 */
export function writeFileAtomic(path: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const fd = openSync(temp, "w", 0o644);
  try {
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, Math.min(bytes.length - at, 1 << 24));
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  closeSync(fd);
  options.beforeRename?.(temp);
  renameSync(temp, path);
  const dfd = openSync(dir, "r");
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}

/** The most a sidecar may hold (it lists names, dtypes and shapes: a few bytes per tensor). */
const MAX_SIDECAR_BYTES = 64 << 20;

/**
 * Reads a file that must resolve, links followed, to a regular file inside `dir` and hold
 * exactly `bytes` bytes (or at most `maxBytes`): checked on the open descriptor before reading,
 * and no more than that is read. `what` names the caller in errors.
 * Example: const b = readConfined("runs/a", "runs/a/ckpt-1.safetensors", { bytes: 1024 }, "Checkpoints.load");
 */
export function readConfined(
  dir: string,
  path: string,
  size: { bytes?: number; maxBytes?: number },
  what: string,
): Buffer {
  const realDir = realpathSync(dir);
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    throw new TsmlxError(what, `${path} cannot be opened: ${(e as Error).message}`);
  }
  if (!real.startsWith(realDir + sep)) {
    throw new TsmlxError(what, `${path} resolves to ${real}, outside ${realDir}`);
  }
  const fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new TsmlxError(what, `${path} is not a regular file`);
    if (size.bytes !== undefined && st.size !== size.bytes) {
      throw new TsmlxError(
        what,
        `${path} holds ${st.size} bytes, its sidecar says ${size.bytes} (truncated or replaced)`,
      );
    }
    if (size.maxBytes !== undefined && st.size > size.maxBytes) {
      throw new TsmlxError(what, `${path} holds ${st.size} bytes, more than the ${size.maxBytes} allowed`);
    }
    const out = Buffer.alloc(st.size);
    let at = 0;
    while (at < out.length) {
      const n = readSync(fd, out, at, out.length - at, at);
      if (n === 0) throw new TsmlxError(what, `${path} ended after ${at} of its ${out.length} bytes`);
      at += n;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** What a checkpoint holds. */
export interface CheckpointState {
  /** Training step at which it was taken. */
  step: number;
  /** Tensors by name (variables, optimizer state). */
  tensors: Record<string, Tensor>;
  /** Hyperparameters (JSON values). */
  hyperparameters?: Record<string, unknown>;
  /** Anything else worth keeping (JSON values): metrics, data position, … */
  metadata?: Record<string, unknown>;
}

/** The JSON sidecar of a checkpoint. */
export interface CheckpointInfo {
  format: "tsmlx-checkpoint";
  version: 1;
  step: number;
  /** The tensor file's name, relative to the directory. */
  file: string;
  bytes: number;
  sha256: string;
  tensors: Record<string, { dtype: DType; shape: number[] }>;
  hyperparameters: Record<string, unknown>;
  metadata: Record<string, unknown>;
  savedAt: string;
}

/** Options of {@link Checkpoints}. */
export interface CheckpointsOptions {
  /** How many checkpoints to keep; older ones are deleted after each save (default 3; 0 keeps all). */
  keep?: number;
  /** File name prefix (default `ckpt`). */
  prefix?: string;
}

/**
 * The checkpoints of one directory.
 *
 * `const ck = new Checkpoints("runs/a", { keep: 2 }); ck.save({ step, tensors }); const s = ck.load();`
 */
export class Checkpoints {
  readonly dir: string;
  readonly keep: number;
  readonly prefix: string;

  constructor(dir: string, options: CheckpointsOptions = {}) {
    this.dir = dir;
    this.keep = options.keep ?? 3;
    this.prefix = options.prefix ?? "ckpt";
    if (!Number.isInteger(this.keep) || this.keep < 0) {
      throw new TsmlxError("Checkpoints", `keep must be a non-negative integer, got ${options.keep}`);
    }
  }

  #base(step: number): string {
    return `${this.prefix}-${String(step).padStart(8, "0")}`;
  }

  /**
   * Writes a checkpoint atomically and prunes old ones; returns the sidecar's path.
   * `ck.save({ step: 100, tensors: { "dense/weights": w }, hyperparameters: { lr: 1e-3 } })`
   */
  save(state: CheckpointState, options: AtomicWriteOptions = {}): string {
    if (!Number.isSafeInteger(state.step) || state.step < 0) {
      throw new TsmlxError("Checkpoints.save", `step must be a non-negative integer, got ${state.step}`);
    }
    mkdirSync(this.dir, { recursive: true });
    this.removeLeftovers();
    const base = this.#base(state.step);
    const bytes = encodeSafetensors(state.tensors, { format: "tsmlx", step: String(state.step) });
    const info: CheckpointInfo = {
      format: "tsmlx-checkpoint",
      version: 1,
      step: state.step,
      file: `${base}.safetensors`,
      bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      tensors: Object.fromEntries(
        Object.entries(state.tensors).map(([n, t]) => [n, { dtype: t.dtype, shape: [...t.shape.dims] }]),
      ),
      hyperparameters: state.hyperparameters ?? {},
      metadata: state.metadata ?? {},
      savedAt: new Date().toISOString(),
    };
    writeFileAtomic(join(this.dir, info.file), bytes, options);
    const sidecar = join(this.dir, `${base}.json`);
    writeFileAtomic(sidecar, new TextEncoder().encode(`${JSON.stringify(info, null, 2)}\n`), options);
    this.prune();
    return sidecar;
  }

  /**
   * Removes what killed saves left behind: temp files of writers that are gone (or of this
   * process, which is not writing one now) and tensor files whose sidecar never arrived. Runs
   * at the start of every save; one process saves into a directory at a time. Returns the
   * names removed. `ck.removeLeftovers() // => [".ckpt-00000002.safetensors.tmp-4242-x1y2z3"]`
   */
  removeLeftovers(): string[] {
    if (!existsSync(this.dir)) return [];
    const esc = this.prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const temp = new RegExp(`^\\.${esc}-\\d+\\.(?:safetensors|json)\\.tmp-(\\d+)-[a-z0-9]*$`);
    const tensors = new RegExp(`^(${esc}-\\d+)\\.safetensors$`);
    const files = readdirSync(this.dir);
    const removed: string[] = [];
    for (const f of files) {
      const t = temp.exec(f);
      const orphan = tensors.exec(f);
      const stale = t ? !writerAlive(Number(t[1])) : orphan ? !files.includes(`${orphan[1]}.json`) : false;
      if (!stale) continue;
      rmSync(join(this.dir, f), { force: true });
      removed.push(f);
    }
    return removed;
  }

  /** Steps of the complete checkpoints (sidecar present), oldest first. `ck.steps()` */
  steps(): number[] {
    if (!existsSync(this.dir)) return [];
    const re = new RegExp(`^${this.prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(\\d+)\\.json$`);
    return readdirSync(this.dir)
      .map((f) => re.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  /** The step of the newest complete checkpoint, or undefined. `ck.latestStep()` */
  latestStep(): number | undefined {
    return this.steps().at(-1);
  }

  /** Deletes all but the newest `keep` checkpoints (sidecar first, so none is left half). */
  prune(): void {
    if (this.keep === 0) return;
    const steps = this.steps();
    for (const s of steps.slice(0, Math.max(0, steps.length - this.keep))) {
      rmSync(join(this.dir, `${this.#base(s)}.json`), { force: true });
      rmSync(join(this.dir, `${this.#base(s)}.safetensors`), { force: true });
    }
  }

  /**
   * Loads the newest checkpoint that validates, going back past any that do not, each with a
   * warning (to `warn`, default console.warn) naming its step and what is wrong. Throws, listing
   * every failure, when none is usable. `const { step } = ck.loadNewestValid()`
   */
  loadNewestValid(options: { warn?: (message: string) => void } = {}): CheckpointState {
    const steps = this.steps().reverse();
    if (steps.length === 0) throw new TsmlxError("Checkpoints.load", `no checkpoint in ${this.dir}`);
    const failures: string[] = [];
    for (const [i, step] of steps.entries()) {
      try {
        return this.load(step);
      } catch (e) {
        const why = (e as Error).message;
        failures.push(`step ${step}: ${why}`);
        const next = steps[i + 1];
        const then = next === undefined ? "no older checkpoint is left" : `using step ${next} instead`;
        (options.warn ?? console.warn)(
          `[Checkpoints] step ${step} in ${this.dir} is unusable (${why}); ${then}`,
        );
      }
    }
    throw new TsmlxError("Checkpoints.load", `no usable checkpoint in ${this.dir}: ${failures.join("; ")}`);
  }

  /**
   * Reads and validates a checkpoint (default: the newest). Throws, naming the file and the
   * problem, if it is missing, truncated, altered or malformed; returns nothing partial.
   * `const { step, tensors } = ck.load()`
   */
  load(step?: number): CheckpointState {
    const s = step ?? this.latestStep();
    if (s === undefined) throw new TsmlxError("Checkpoints.load", `no checkpoint in ${this.dir}`);
    const sidecar = join(this.dir, `${this.#base(s)}.json`);
    if (!existsSync(sidecar)) {
      throw new TsmlxError(
        "Checkpoints.load",
        `no checkpoint for step ${s} in ${this.dir} (have: ${this.steps().join(", ") || "none"})`,
      );
    }
    const sidecarText = readConfined(this.dir, sidecar, { maxBytes: MAX_SIDECAR_BYTES }, "Checkpoints.load");
    let info: CheckpointInfo;
    try {
      info = JSON.parse(sidecarText.toString("utf8")) as CheckpointInfo;
    } catch (e) {
      throw new TsmlxError("Checkpoints.load", `${sidecar} is not valid JSON: ${(e as Error).message}`);
    }
    if (info.format !== "tsmlx-checkpoint" || info.version !== 1 || info.step !== s) {
      throw new TsmlxError(
        "Checkpoints.load",
        `${sidecar} is not a version-1 tsmlx checkpoint sidecar for step ${s}`,
      );
    }
    const name = info.file;
    if (
      typeof name !== "string" ||
      name === "" ||
      name === "." ||
      name === ".." ||
      /[/\\\0]/.test(name) ||
      basename(name) !== name
    ) {
      throw new TsmlxError(
        "Checkpoints.load",
        `${sidecar} names the tensor file ${JSON.stringify(name)}, which is not a file in ${this.dir}`,
      );
    }
    if (!Number.isSafeInteger(info.bytes) || info.bytes < 8) {
      throw new TsmlxError(
        "Checkpoints.load",
        `${sidecar} says the tensor file holds ${JSON.stringify(info.bytes)} bytes, expected an integer of at least 8`,
      );
    }
    const file = join(this.dir, name);
    if (!existsSync(file))
      throw new TsmlxError("Checkpoints.load", `${file} is missing (its sidecar ${sidecar} exists)`);
    const bytes = readConfined(this.dir, file, { bytes: info.bytes }, "Checkpoints.load");
    const hash = createHash("sha256").update(bytes).digest("hex");
    if (hash !== info.sha256) {
      throw new TsmlxError(
        "Checkpoints.load",
        `${file} has SHA-256 ${hash.slice(0, 12)}…, its sidecar says ${info.sha256.slice(0, 12)}… (corrupted)`,
      );
    }
    const { tensors } = decodeSafetensors(bytes, file);
    checkTensors(tensors, info.tensors, file);
    return { step: info.step, tensors, hyperparameters: info.hyperparameters, metadata: info.metadata };
  }
}

/** Whether another live process may still be writing a temp file it named with `pid`. */
function writerAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Checks that `tensors` has exactly the names, dtypes and shapes of `expected`; the error
 * lists every missing, unexpected and mismatched name.
 * `checkTensors(state.tensors, { "dense/weights": { dtype: "f32", shape: [4, 2] } })`
 */
export function checkTensors(
  tensors: Record<string, Tensor>,
  expected: Record<string, { dtype: DType; shape: readonly number[] }>,
  what = "checkpoint",
): void {
  const problems: string[] = [];
  for (const [name, e] of Object.entries(expected)) {
    const t = tensors[name];
    if (!t) problems.push(`missing "${name}" (${e.dtype}[${e.shape.join(",")}])`);
    else if (t.dtype !== e.dtype || t.shape.dims.join(",") !== e.shape.join(",")) {
      problems.push(`"${name}" is ${t.dtype}${t.shape}, expected ${e.dtype}[${e.shape.join(",")}]`);
    }
  }
  for (const name of Object.keys(tensors)) {
    if (!(name in expected)) problems.push(`unexpected "${name}"`);
  }
  if (problems.length > 0) {
    throw new TsmlxError("checkpoint", `${what} does not match: ${problems.join("; ")}`);
  }
}
