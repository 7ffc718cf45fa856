/**
 * The trainer: one compiled program per training step that runs the model, the loss, the
 * gradients and the optimizer update. Variables and optimizer state stay on the device as
 * DeviceArrays between steps; the arrays a step replaces are donated to it, so each step
 * reuses their memory and nothing goes through the host. Only the loss and metric scalars
 * come back, and only when read.
 *
 * ```ts
 * const trainer = new Trainer({
 *   ctx, model: (c, x) => cnn(c, x), loss: softmaxCrossEntropy, optimizer: sgdUpdate(0.1),
 *   inputs: ["images"], labels: "labels", metrics: { accuracy },
 * });
 * const out = await trainer.trainStep(batch); console.log(await out.read()); // { loss: 2.3, accuracy: 0.1 }
 * ```
 */

import { grad } from "../autodiff/grad.js";
import type { CheckpointState, Checkpoints } from "../checkpoint/checkpoint.js";
import type { Context, ParamValue } from "../context/context.js";
import type { Variable } from "../context/variable.js";
import type { DType } from "../core/dtype.js";
import { isFloat } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";
import { Graph } from "../graph/graph.js";
import type { Node } from "../graph/node.js";
import { type Client, DeviceArray, defaultClient, type Executable } from "../runtime/client.js";
import { toStableHLO } from "../stablehlo/printer.js";

/** A batch as the trainer takes it: named host tensors or device arrays. */
export type Batch = Readonly<Record<string, Tensor | DeviceArray>>;

/** A model: a context view and the batch's input nodes to its output node (e.g. logits). */
export type TrainModelFn = (ctx: Context, ...inputs: Node[]) => Node;

/** A scalar function of the model's output and the labels (a loss or a metric). */
export type ScalarFn = (outputs: Node, labels: Node) => Node;

/**
 * Writes the updated values of the trainable variables (and any optimizer state, kept as
 * context variables) into the step graph with `variable.write(node)`; `grads` maps each
 * trainable variable the model read to its gradient node. The optimizers of ./optimizers.ts
 * have this shape as their `update` method.
 */
export type UpdateFn = (ctx: Context, grads: ReadonlyMap<Variable, Node>, options: { loss: Node }) => unknown;

/** Anything with an `update` method shaped like {@link UpdateFn} (an optimizer object). */
export interface OptimizerLike {
  update(ctx: Context, grads: ReadonlyMap<Variable, Node>, options: { loss: Node }): unknown;
}

/** Options of {@link Trainer}. */
export interface TrainerOptions {
  /** The context holding the model's variables (optimizer state goes there too). */
  ctx: Context;
  /** The model function. */
  model: TrainModelFn;
  /** Loss of the model's output and the labels; a float scalar. */
  loss: ScalarFn;
  /** The update rule: an optimizer object or a function. */
  optimizer: OptimizerLike | UpdateFn;
  /** Names of the batch tensors passed to the model, in order (default `["images"]`). */
  inputs?: readonly string[];
  /** Name of the labels tensor in each batch (default `labels`). */
  labels?: string;
  /** Extra scalar metrics computed in both steps, by name (e.g. `{ accuracy }`). */
  metrics?: Record<string, ScalarFn>;
  /** Client to run on (default {@link defaultClient}). */
  client?: Client;
}

/**
 * The scalars a step produced, still on the device. `read()` copies them to the host and
 * frees them; `dispose()` frees them unread.
 */
export class StepOutputs {
  readonly names: readonly string[];
  readonly #arrays: DeviceArray[];

  constructor(names: readonly string[], arrays: DeviceArray[]) {
    this.names = names;
    this.#arrays = arrays;
  }

  /** Copies the scalars to the host and frees them. `const { loss } = await out.read()` */
  async read(): Promise<Record<string, number>> {
    const values = await Promise.all(this.#arrays.map((a) => a.toTensor()));
    this.dispose();
    return Object.fromEntries(this.names.map((n, i) => [n, Number(values[i]!.data[0])]));
  }

  /** Frees the scalars without reading them. */
  dispose(): void {
    for (const a of this.#arrays) a.dispose();
  }
}

interface CompiledStep {
  readonly executable: Executable;
  readonly mlir: string;
  /** Variables fed after the batch inputs, in order. */
  readonly reads: readonly Variable[];
  /** Variables stored from the outputs after the scalars, in order. */
  readonly writes: readonly Variable[];
  /** Argument indices donated (variables that the step replaces). */
  readonly donate: readonly number[];
  readonly scalarNames: readonly string[];
}

const STEP_META = "tsmlx.trainer";

/**
 * Trains a model held in a context, one compiled step per batch signature.
 *
 * `const out = await new Trainer({ ctx, model, loss, optimizer }).trainStep(batch)`
 */
export class Trainer {
  readonly ctx: Context;
  readonly client: Client;
  readonly inputNames: readonly string[];
  readonly labelName: string;
  readonly #options: TrainerOptions;
  readonly #update: UpdateFn;
  readonly #train = new Map<string, Promise<CompiledStep>>();
  readonly #eval = new Map<string, Promise<CompiledStep>>();
  /** Number of training steps done (restored from checkpoints). */
  step = 0;

  constructor(options: TrainerOptions) {
    this.#options = options;
    this.ctx = options.ctx;
    this.client = options.client ?? defaultClient();
    this.inputNames = options.inputs ?? ["images"];
    this.labelName = options.labels ?? "labels";
    const opt = options.optimizer;
    this.#update = typeof opt === "function" ? opt : (ctx, g, o) => opt.update(ctx, g, o);
  }

  #signature(batch: Batch): { key: string; tensors: (Tensor | DeviceArray)[] } {
    const names = [...this.inputNames, this.labelName];
    const tensors = names.map((n) => {
      const t = batch[n] as Tensor | DeviceArray | undefined;
      if (!t) {
        throw new TsmlxError(
          "Trainer",
          `the batch has no "${n}" (it has ${Object.keys(batch).join(", ") || "nothing"})`,
        );
      }
      return t;
    });
    const key = tensors.map((t) => `${t.dtype}[${t.shape.dims.join(",")}]`).join(";");
    return { key, tensors };
  }

  #build(
    kind: "train" | "eval",
    specs: readonly { dtype: DType; dims: readonly number[] }[],
  ): Promise<CompiledStep> {
    const view = this.ctx.withTraining(kind === "train");
    const graph = new Graph(kind === "train" ? "train_step" : "eval_step");
    const params = specs.map((s, i) =>
      graph.parameter(i < this.inputNames.length ? `input${i}` : "labels", s.dtype as DType, s.dims),
    );
    const labels = params.at(-1)!;
    const outputs = this.#options.model(view, ...params.slice(0, -1));
    if (!outputs || outputs.graph !== graph) {
      throw new TsmlxError("Trainer", "the model must return a node of the graph built from its inputs");
    }
    const loss = this.#options.loss(outputs, labels);
    if (loss?.rank !== 0 || !isFloat(loss.dtype)) {
      throw new TsmlxError(
        "Trainer",
        `the loss must be a float scalar, got ${loss?.typeString ?? String(loss)}`,
      );
    }
    const scalars: Node[] = [loss];
    const scalarNames = ["loss"];
    for (const [name, fn] of Object.entries(this.#options.metrics ?? {})) {
      const m = fn(outputs, labels);
      if (m?.rank !== 0) {
        throw new TsmlxError(
          "Trainer",
          `metric "${name}" must be a scalar, got ${m?.typeString ?? String(m)}`,
        );
      }
      scalars.push(m.dtype === "f32" ? m : m.convert("f32"));
      scalarNames.push(name);
    }
    const trace = this.ctx.traceOf(graph);
    if (kind === "train") {
      // Gradients of the trainable variables the forward pass read, then the update.
      const trainable = [...trace.reads.entries()].filter(([v]) => v.trainable && isFloat(v.dtype));
      if (trainable.length === 0) throw new TsmlxError("Trainer", "the model reads no trainable variables");
      const grads = grad(
        loss,
        trainable.map(([, p]) => p),
      );
      this.#update(view, new Map(trainable.map(([v], i) => [v, grads[i]!])), { loss });
    }
    const reads = [...trace.reads.keys()];
    const writes = kind === "train" ? [...trace.writes.keys()] : [];
    const writeValues = writes.map((v) => trace.writes.get(v)!);
    const readParams = reads.map((v) => trace.reads.get(v)!);
    const mlir = toStableHLO(graph, [...scalars, ...writeValues], {
      parameters: [...params, ...readParams],
      name: graph.name,
    });
    const donate = reads.flatMap((v, i) => (writes.includes(v) ? [params.length + i] : []));
    return this.client
      .compile(mlir)
      .then((executable) => ({ executable, mlir, reads, writes, donate, scalarNames }));
  }

  #compiled(kind: "train" | "eval", batch: Batch) {
    const { key, tensors } = this.#signature(batch);
    const cache = kind === "train" ? this.#train : this.#eval;
    let hit = cache.get(key);
    if (!hit) {
      hit = this.#build(
        kind,
        tensors.map((t) => ({ dtype: t.dtype, dims: t.shape.dims })),
      );
      hit.catch(() => cache.delete(key));
      cache.set(key, hit);
    }
    return { compiled: hit, tensors };
  }

  /** The StableHLO text of the training step for batches like `batch`. */
  async trainStepMlir(batch: Batch): Promise<string> {
    return (await this.#compiled("train", batch).compiled).mlir;
  }

  /** The compiled training step for batches like `batch` (its executable, variables and donations). */
  async compiledTrainStep(batch: Batch): Promise<Readonly<CompiledStep>> {
    return this.#compiled("train", batch).compiled;
  }

  /** Copies a batch's tensors to the device (to overlap the copy with the running step). */
  async upload(batch: Batch): Promise<Record<string, DeviceArray>> {
    const out: Record<string, DeviceArray> = {};
    await Promise.all(
      [...this.inputNames, this.labelName].map(async (n) => {
        const t = batch[n] as Tensor | DeviceArray | undefined;
        if (t instanceof Tensor) out[n] = await this.client.upload(t);
        else if (t) out[n] = t;
      }),
    );
    return out;
  }

  async #run(kind: "train" | "eval", batch: Batch): Promise<StepOutputs> {
    const { compiled, tensors } = this.#compiled(kind, batch);
    const step = await compiled;
    const temporaries: DeviceArray[] = [];
    const args: DeviceArray[] = [];
    for (const t of tensors) {
      if (t instanceof DeviceArray) args.push(t);
      else {
        const d = await this.client.upload(t as Tensor);
        temporaries.push(d);
        args.push(d);
      }
    }
    for (const v of step.reads) args.push(await v.deviceValue(this.client));
    let outs: DeviceArray[];
    try {
      outs = await step.executable.run(args, { donate: step.donate });
    } finally {
      for (const d of temporaries) d.dispose();
    }
    const n = step.scalarNames.length;
    for (const [i, v] of step.writes.entries()) v.setValue(outs[n + i]!);
    return new StepOutputs(step.scalarNames, outs.slice(0, n));
  }

  /**
   * One training step on a batch (host tensors or device arrays by name): forward, loss,
   * gradients, update. Returns the loss and metrics, unread, on the device.
   * `const { loss } = await (await trainer.trainStep(batch)).read()`
   */
  async trainStep(batch: Batch): Promise<StepOutputs> {
    const out = await this.#run("train", batch);
    this.step++;
    return out;
  }

  /** Loss and metrics on a batch without updating anything. `await (await trainer.evalStep(b)).read()` */
  evalStep(batch: Batch): Promise<StepOutputs> {
    return this.#run("eval", batch);
  }

  /**
   * Mean loss and metrics over a dataset of batches, weighted by batch size.
   * `const { accuracy } = await trainer.evaluate(testSet.batch(1000))`
   */
  async evaluate(batches: Iterable<Batch> | AsyncIterable<Batch>): Promise<Record<string, number>> {
    const sums: Record<string, number> = {};
    let count = 0;
    for await (const b of batches as AsyncIterable<Batch>) {
      const rows = b[this.labelName]?.shape.dims[0] ?? 1;
      const r = await (await this.evalStep(b)).read();
      for (const [k, v] of Object.entries(r)) sums[k] = (sums[k] ?? 0) + v * rows;
      count += rows;
    }
    if (count === 0) throw new TsmlxError("Trainer.evaluate", "the dataset gave no batches");
    return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / count]));
  }

  // ------------------------------------------------------------------ checkpoints

  /** The training state as host tensors: every variable of the context by path, and the step. */
  async state(): Promise<CheckpointState> {
    const vars = this.ctx.variables();
    const tensors: Record<string, Tensor> = {};
    for (const v of vars) tensors[v.path] = await v.toTensor();
    return {
      step: this.step,
      tensors,
      hyperparameters: this.ctx.params() as Record<string, unknown>,
      metadata: { [STEP_META]: { trainable: vars.filter((v) => v.trainable).map((v) => v.path) } },
    };
  }

  /**
   * Saves a checkpoint. `await trainer.save(new Checkpoints("runs/a"))`
   */
  async save(checkpoints: Checkpoints, metadata: Record<string, unknown> = {}): Promise<string> {
    const s = await this.state();
    return checkpoints.save({ ...s, metadata: { ...s.metadata, ...metadata } });
  }

  /**
   * Loads the latest valid (or a given) checkpoint into the context and the step counter; a
   * corrupt newest one is passed over with a warning (see Checkpoints.loadNewestValid). Everything
   * is validated first (file, then every variable's dtype and shape against the context), so
   * a failure changes nothing. Returns the step restored, or undefined if there is none and
   * `{ optional: true }`. `await trainer.restore(new Checkpoints("runs/a"))`
   */
  async restore(
    checkpoints: Checkpoints,
    options: { step?: number; optional?: boolean } = {},
  ): Promise<number | undefined> {
    if (options.optional && options.step === undefined && checkpoints.latestStep() === undefined)
      return undefined;
    const s = options.step === undefined ? checkpoints.loadNewestValid() : checkpoints.load(options.step);
    this.apply(s);
    return s.step;
  }

  /** Puts a loaded state into the context (validated before anything changes). */
  apply(s: CheckpointState): void {
    const problems: string[] = [];
    for (const v of this.ctx.variables()) {
      const t = s.tensors[v.path];
      if (!t) problems.push(`missing "${v.path}" (${v.typeString})`);
      else if (t.dtype !== v.dtype || !t.shape.equals(v.shape)) {
        problems.push(
          `"${v.path}" is ${t.dtype}${t.shape} in the checkpoint, ${v.typeString} in the context`,
        );
      }
    }
    for (const path of Object.keys(s.tensors)) {
      if (!path.startsWith("/") || path.length < 2) problems.push(`"${path}" is not a variable path`);
    }
    if (problems.length > 0) {
      throw new TsmlxError(
        "Trainer.restore",
        `checkpoint of step ${s.step} does not fit the context: ${problems.join("; ")}`,
      );
    }
    const meta = s.metadata?.[STEP_META] as { trainable?: string[] } | undefined;
    const trainable = new Set(meta?.trainable ?? []);
    for (const [path, t] of Object.entries(s.tensors)) {
      const existing = this.ctx.variableAt(path);
      if (existing) existing.setValue(t);
      else {
        const i = path.lastIndexOf("/");
        const scope = i <= 0 ? "/" : path.slice(0, i);
        this.ctx
          .atScope(scope)
          .variable(path.slice(i + 1), t.dtype, t.shape, () => t, { trainable: trainable.has(path) });
      }
    }
    for (const [scope, params] of Object.entries(
      (s.hyperparameters ?? {}) as Record<string, Record<string, ParamValue>>,
    )) {
      for (const [k, v] of Object.entries(params)) this.ctx.atScope(scope).setParam(k, v);
    }
    this.step = s.step;
  }
}
