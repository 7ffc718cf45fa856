/**
 * Training loops: run a {@link Trainer} over a dataset for a number of steps or epochs, with
 * callbacks every N steps, N times per run, or at the end, and progress output.
 *
 * The dataset is read as an endless stream (pass after pass, `dataset.iterate(epoch)`);
 * training step s consumes item s of that stream, so a run resumed at step s (after
 * `trainer.restore`) sees exactly the batches an uninterrupted run would have.
 *
 * `await new Loop(trainer, train.shuffle(1).batch(64)).everySteps(100, log).runEpochs(3)`
 */
import { TsmlxError } from "../core/errors.js";
import type { Dataset, Example } from "../data/dataset.js";
import { prefetch } from "../data/prefetch.js";
import { type ProgressSink, progressSink } from "./progress.js";
import type { StepOutputs, Trainer } from "./trainer.js";

/** What a callback gets. */
export interface LoopEvent {
  /** Training steps done so far (the trainer's counter). */
  step: number;
  /** Pass over the dataset the last step came from (0-based). */
  epoch: number;
  /** Loss and metrics of the last step (read from the device for this event). */
  metrics: Record<string, number>;
  /** Steps per second since the run started. */
  stepsPerSecond: number;
  loop: Loop;
}

/** A callback; may be async (the loop waits for it). */
export type LoopCallback = (e: LoopEvent) => void | Promise<void>;

/** Options of {@link Loop}. */
export interface LoopOptions {
  /** Batches prepared ahead on the host (default 2). */
  prefetch?: number;
  /** Progress output: true (default) to show, false for none, or a custom sink. */
  progress?: boolean | ProgressSink;
  /** How often progress is refreshed, in seconds (default 1 on a terminal bar, 10 for plain lines). */
  progressInterval?: number;
}

interface Hook {
  kind: "every" | "times" | "end";
  n: number;
  fn: LoopCallback;
}

/**
 * Runs training steps over a dataset with callbacks and progress.
 * `const loop = new Loop(trainer, ds); loop.everySteps(500, (e) => console.log(e.metrics)); await loop.runSteps(2000)`
 */
export class Loop {
  readonly trainer: Trainer;
  readonly dataset: Dataset<Example>;
  readonly #options: LoopOptions;
  readonly #hooks: Hook[] = [];
  /** Set by a callback to end the run after the current step. */
  stopRequested = false;

  constructor(trainer: Trainer, dataset: Dataset<Example>, options: LoopOptions = {}) {
    this.trainer = trainer;
    this.dataset = dataset;
    this.#options = options;
  }

  /** Calls `fn` after every `n` training steps (counted by the trainer's step). `loop.everySteps(100, log)` */
  everySteps(n: number, fn: LoopCallback): this {
    if (!Number.isInteger(n) || n < 1)
      throw new TsmlxError("Loop.everySteps", `n must be a positive integer, got ${n}`);
    this.#hooks.push({ kind: "every", n, fn });
    return this;
  }

  /** Calls `fn` `n` times spread evenly over each run (the last at its end). `loop.nTimes(10, evalOnTest)` */
  nTimes(n: number, fn: LoopCallback): this {
    if (!Number.isInteger(n) || n < 1)
      throw new TsmlxError("Loop.nTimes", `n must be a positive integer, got ${n}`);
    this.#hooks.push({ kind: "times", n, fn });
    return this;
  }

  /** Calls `fn` once when a run ends. `loop.atEnd(save)` */
  atEnd(fn: LoopCallback): this {
    this.#hooks.push({ kind: "end", n: 0, fn });
    return this;
  }

  /** Trains one pass per epoch over the dataset (needs a dataset of known length). `await loop.runEpochs(2)` */
  runEpochs(n: number): Promise<Record<string, number>> {
    const len = this.dataset.length;
    if (len === undefined || !Number.isFinite(len)) {
      throw new TsmlxError("Loop.runEpochs", "the dataset's length is unknown; use runSteps");
    }
    return this.runSteps(n * len);
  }

  /**
   * Trains `n` steps from the trainer's current step; returns the last step's metrics.
   * `const { loss } = await loop.runSteps(1000)`
   */
  async runSteps(n: number): Promise<Record<string, number>> {
    if (!Number.isInteger(n) || n < 0)
      throw new TsmlxError("Loop.runSteps", `n must be a non-negative integer, got ${n}`);
    const trainer = this.trainer;
    const start = trainer.step;
    const end = start + n;
    const len = this.dataset.length;
    const progressOpt = this.#options.progress ?? true;
    const sink = progressOpt === true ? progressSink() : progressOpt === false ? undefined : progressOpt;
    const interval =
      (this.#options.progressInterval ?? (progressOpt === true && process.stdout.isTTY ? 1 : 10)) * 1000;
    const t0 = performance.now();
    let lastShown = t0;
    let last: StepOutputs | undefined;
    let lastMetrics: Record<string, number> = {};
    let epoch = len ? Math.floor(start / len) : 0;
    this.stopRequested = false;

    // Item `start` of the endless stream: whole passes skipped by epoch number, then items.
    const stream = this.#stream(start);
    const batches = prefetch(stream, { depth: this.#options.prefetch ?? 2 });
    const timesAt = (h: Hook) =>
      new Set(Array.from({ length: h.n }, (_, i) => start + Math.round(((i + 1) * n) / h.n)));
    const timeMarks = new Map(this.#hooks.filter((h) => h.kind === "times").map((h) => [h, timesAt(h)]));
    const rate = () => (trainer.step - start) / Math.max(1e-9, (performance.now() - t0) / 1000);
    const readLast = async () => {
      if (last) {
        lastMetrics = await last.read();
        last = undefined;
      }
      return lastMetrics;
    };
    try {
      let pending = n > 0 ? await batches.next() : undefined;
      let uploaded = pending && !pending.done ? trainer.upload(pending.value) : undefined;
      while (trainer.step < end && uploaded && !this.stopRequested) {
        const batch = await uploaded;
        const stepPromise = trainer.trainStep(batch);
        stepPromise.catch(() => {}); // handled below; avoids an unhandled-rejection report meanwhile
        // While this step runs: take the next prepared batch and start its copy to the device.
        pending = trainer.step + 1 < end ? await batches.next() : undefined;
        uploaded = pending && !pending.done ? trainer.upload(pending.value) : undefined;
        const out = await stepPromise.finally(() => {
          for (const t of Object.values(batch)) (t as { dispose?: () => void }).dispose?.();
        });
        last?.dispose();
        last = out;
        if (len) epoch = Math.floor((trainer.step - 1) / len);
        const s = trainer.step;
        const due = this.#hooks.filter(
          (h) => (h.kind === "every" && s % h.n === 0) || (h.kind === "times" && timeMarks.get(h)!.has(s)),
        );
        const now = performance.now();
        if (due.length > 0 || (sink && now - lastShown >= interval)) {
          const metrics = await readLast();
          for (const h of due) await h.fn({ step: s, epoch, metrics, stepsPerSecond: rate(), loop: this });
          if (sink && now - lastShown >= interval) {
            sink.update(s - start, n, rate(), metrics);
            lastShown = now;
          }
        }
      }
      // A batch uploaded ahead but not used (stop requested) is freed.
      if (uploaded)
        for (const t of Object.values(await uploaded)) (t as { dispose?: () => void }).dispose?.();
      const metrics = await readLast();
      for (const h of this.#hooks.filter((h) => h.kind === "end")) {
        await h.fn({ step: trainer.step, epoch, metrics, stepsPerSecond: rate(), loop: this });
      }
      sink?.done(trainer.step - start, n, rate(), metrics, (performance.now() - t0) / 1000);
      return metrics;
    } finally {
      last?.dispose();
      await batches.return?.();
    }
  }

  #stream(start: number): Dataset<Example> {
    const len = this.dataset.length;
    const ds = this.dataset;
    const firstEpoch = len ? Math.floor(start / len) : 0;
    const skip = len ? start - firstEpoch * len : start;
    const make = (): Iterator<Example> => {
      let epoch = firstEpoch;
      let it = ds.iterate(epoch);
      for (let i = 0; i < skip; i++) {
        if (it.next().done) break;
      }
      let emptyPass = false;
      return {
        next: () => {
          for (;;) {
            const r = it.next();
            if (!r.done) {
              emptyPass = false;
              return r;
            }
            if (emptyPass) return { done: true, value: undefined };
            emptyPass = true;
            it = ds.iterate(++epoch);
          }
        },
      };
    };
    return { iterate: make, [Symbol.iterator]: make, length: undefined } as unknown as Dataset<Example>;
  }
}
