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
import { graphVariables, type TracedWithVariables } from "../context/exec.js";
import type { Variable } from "../context/variable.js";
import { isFloat } from "../core/dtype.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";
import { Graph } from "../graph/graph.js";
import type { Node } from "../graph/node.js";
import { type Client, type DeviceArray, defaultClient } from "../runtime/client.js";
import { type ArgSpec, CompiledFunction, type Program } from "../runtime/compiled.js";

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

/** The compiled training (or eval) step: its executable, variables, donations and scalars. */
export type CompiledStep = Pick<Program, "executable" | "mlir" | "donate"> &
  Pick<StepTrace, "reads" | "writes" | "scalarNames">;

/** What tracing a step gives the compiled core: the graph, its variables, the scalars' names. */
interface StepTrace extends TracedWithVariables {
  readonly scalarNames: readonly string[];
}

const STEP_META = "tsmlx.trainer";

/**
 * Trains a model held in a context, one compiled step per batch signature and hyperparameters.
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
  readonly #train: CompiledFunction<StepTrace>;
  readonly #eval: CompiledFunction<StepTrace>;
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
    const step = (kind: "train" | "eval") =>
      new CompiledFunction<StepTrace>({
        api: "Trainer",
        name: `${kind}_step`,
        client: this.client,
        donateState: true,
        trace: (specs) => this.#trace(kind, specs),
      });
    this.#train = step("train");
    this.#eval = step("eval");
  }

  /** The batch's tensors in argument order: the inputs, then the labels. */
  #arguments(batch: Batch): (Tensor | DeviceArray)[] {
    return [...this.inputNames, this.labelName].map((n) => {
      const t = batch[n] as Tensor | DeviceArray | undefined;
      if (!t) {
        throw new TsmlxError(
          "Trainer",
          `the batch has no "${n}" (it has ${Object.keys(batch).join(", ") || "nothing"})`,
        );
      }
      return t;
    });
  }

  #trace(kind: "train" | "eval", specs: readonly ArgSpec[]): StepTrace {
    const view = this.ctx.withTraining(kind === "train");
    const graph = new Graph(`${kind}_step`);
    const params = specs.map((s, i) =>
      graph.parameter(i < this.inputNames.length ? `input${i}` : "labels", s.dtype, s.dims),
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
    if (kind === "train") {
      // Gradients of the trainable variables the forward pass read, then the update.
      const trace = this.ctx.traceOf(graph);
      const trainable = [...trace.reads.entries()].filter(([v]) => v.trainable && isFloat(v.dtype));
      if (trainable.length === 0) throw new TsmlxError("Trainer", "the model reads no trainable variables");
      const grads = grad(
        loss,
        trainable.map(([, p]) => p),
      );
      this.#update(view, new Map(trainable.map(([v], i) => [v, grads[i]!])), { loss });
    }
    return {
      graph,
      inputs: params,
      outputs: scalars,
      scalarNames,
      ...graphVariables(this.ctx, graph, { writes: kind === "train" }),
    };
  }

  async #program(kind: "train" | "eval", batch: Batch): Promise<CompiledStep> {
    const p = await (kind === "train" ? this.#train : this.#eval).program(this.#arguments(batch));
    const { reads, writes, scalarNames } = p.traced;
    return { executable: p.executable, mlir: p.mlir, reads, writes, donate: p.donate, scalarNames };
  }

  /** The StableHLO text of the training step for batches like `batch`. */
  async trainStepMlir(batch: Batch): Promise<string> {
    return (await this.#program("train", batch)).mlir;
  }

  /** The compiled training step for batches like `batch` (its executable, variables and donations). */
  compiledTrainStep(batch: Batch): Promise<CompiledStep> {
    return this.#program("train", batch);
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
    const { outputs, program } = await (kind === "train" ? this.#train : this.#eval).run(
      this.#arguments(batch),
    );
    return new StepOutputs(program.traced.scalarNames, outputs);
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
