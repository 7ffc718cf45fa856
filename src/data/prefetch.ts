/**
 * Host-side prefetch: an async iterator that keeps up to `depth` items prepared ahead of
 * the consumer. Items are produced between the consumer's awaits (a device step runs off
 * the JS thread), so preparing batch k+1 overlaps with step k.
 */
import { TsmlxError } from "../core/errors.js";
import type { Dataset } from "./dataset.js";

/** Options of {@link prefetch}. */
export interface PrefetchOptions {
  /** How many items to hold ready (default 2). */
  depth?: number;
  /** Pass of the source to iterate (see {@link Dataset.iterate}); default 0. */
  epoch?: number;
}

/** Lets pending I/O and promise callbacks run before the next item is prepared. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Iterates `source` asynchronously with a bounded queue of prepared items. A producer loop
 * fills the queue while the consumer awaits other work; it pauses when `depth` items wait,
 * and stops when the consumer returns early (break out of `for await`).
 *
 * `for await (const batch of prefetch(ds, { depth: 2 })) await trainer.step(batch)`
 */
export function prefetch<T>(
  source: Dataset<T> | Iterable<T>,
  options: PrefetchOptions = {},
): AsyncIterableIterator<T> {
  const depth = options.depth ?? 2;
  if (!Number.isInteger(depth) || depth < 1) {
    throw new TsmlxError("prefetch", `depth must be a positive integer, got ${depth}`);
  }
  const it =
    "iterate" in source && typeof source.iterate === "function"
      ? source.iterate(options.epoch ?? 0)
      : source[Symbol.iterator]();
  const queue: IteratorResult<T>[] = [];
  let failure: { error: unknown } | undefined;
  let finished = false;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;

  const produce = async () => {
    while (!stopped && !finished) {
      if (queue.length >= depth) {
        await new Promise<void>((r) => {
          wakeProducer = r;
        });
        continue;
      }
      try {
        const r = it.next();
        if (r.done) finished = true;
        else queue.push(r);
      } catch (e) {
        failure = { error: e };
        finished = true;
      }
      wakeConsumer?.();
      wakeConsumer = undefined;
      await yieldToLoop();
    }
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  let started = false;

  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      if (!started) {
        started = true;
        void produce();
      }
      while (queue.length === 0) {
        if (failure) {
          const f = failure;
          failure = undefined;
          stopped = true;
          throw f.error;
        }
        if (finished || stopped) return { done: true, value: undefined };
        await new Promise<void>((r) => {
          wakeConsumer = r;
        });
      }
      const r = queue.shift()!;
      wakeProducer?.();
      wakeProducer = undefined;
      return r;
    },
    async return(): Promise<IteratorResult<T>> {
      stopped = true;
      queue.length = 0;
      wakeProducer?.();
      wakeProducer = undefined;
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
