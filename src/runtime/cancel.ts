/**
 * Stopping executions that run on a device: a deadline (`timeoutMs`), an `AbortSignal`, or
 * {@link cancelRunning} for everything in flight (the notebook kernel calls it on interrupt,
 * and it runs by itself when the process exits, so `process.exit` never waits on a run).
 *
 * The run is stopped through the plugin with the PJRT C API's own call for it,
 * PJRT_Device_PoisonExecution, addressed by the launch_id the run was started with: tsmlx's
 * CPU plugin then ends it at its next step or loop iteration. A plugin that cannot poison a run
 * (UNIMPLEMENTED) lets it finish in the background; the caller is answered at once either way
 * and whatever the run produces later is freed.
 */
import process from "node:process";
import { TsmlxError } from "../core/errors.js";
import type { NativeBuffer, NativeExecutable } from "./addon.js";

/** One execution in flight, as the registry knows it. */
interface InFlight {
  /** Asks the run to stop; the caller's promise rejects with `reason`. */
  stop(reason: Error): void;
}

/** PJRT_Error_Code values used here. */
const CANCELLED = 1;
const DEADLINE_EXCEEDED = 4;

// One registry per process, shared by every copy of tsmlx loaded in it (a notebook may import
// another build than the kernel's), so that an interrupt reaches all of them.
const REGISTRY = Symbol.for("tsmlx.runtime.inFlight");
const shared = globalThis as Record<symbol, unknown>;
shared[REGISTRY] ??= new Set<InFlight>();
const registry = shared[REGISTRY] as Set<InFlight>;
const EXIT_HOOK = Symbol.for("tsmlx.runtime.cancelOnExit");

function hookExit(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[EXIT_HOOK]) return;
  g[EXIT_HOOK] = true;
  // Node joins its worker threads at exit; a run that never ends would hold the process forever.
  process.on("exit", () => cancelRunning("the process is exiting"));
}

/** An Error named AbortError (what an aborted fetch or stream rejects with). */
function abortError(message: string): Error {
  const e = new Error(message);
  e.name = "AbortError";
  return Object.assign(e, { code: CANCELLED, codeName: "CANCELLED" });
}

/**
 * Stops every execution in flight in this process; each rejects with an AbortError saying
 * `reason`. Returns how many there were.
 * @example process.on("SIGINT", () => cancelRunning("interrupted"))
 */
export function cancelRunning(reason = "cancelled"): number {
  const all = [...registry];
  for (const r of all) r.stop(abortError(`[execute] ${reason}`));
  return all.length;
}

/** How many executions are in flight in this process. `inFlightCount() // => 0` */
export function inFlightCount(): number {
  return registry.size;
}

/** How a run may be stopped. */
export interface StopOptions {
  /** Stops the run when aborted; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Stops the run after this many milliseconds (an error with codeName DEADLINE_EXCEEDED). */
  timeoutMs?: number;
}

let nextLaunchId = 0;

/** A fresh PJRT launch_id (1 .. 2^31 - 1, then around again). `launchId() // => 1` */
export function launchId(): number {
  nextLaunchId = (nextLaunchId % 0x7ffffffe) + 1;
  return nextLaunchId;
}

/** Checks `timeoutMs` and `signal` of {@link StopOptions}; `op` names the caller in errors. */
export function checkStopOptions(op: string, options: StopOptions): void {
  const t = options.timeoutMs;
  if (t !== undefined && !(typeof t === "number" && t > 0 && Number.isFinite(t))) {
    throw new TsmlxError(op, `timeoutMs must be a positive finite number of milliseconds, got ${String(t)}`);
  }
  const s = options.signal;
  if (s !== undefined && !(s instanceof AbortSignal)) {
    throw new TsmlxError(op, `signal must be an AbortSignal, got ${typeof s}`);
  }
}

/**
 * Waits for `running` (the native execute of `exe` started with `launch`), stopping the run
 * when `options` say so or {@link cancelRunning} is called.
 * Example: const outs = await stoppable(exe, id, exe.execute(args, { launchId: id }), "main", { timeoutMs: 500 });
 */
export function stoppable(
  exe: NativeExecutable,
  launch: number,
  running: Promise<NativeBuffer[]>,
  what: string,
  options: StopOptions = {},
): Promise<NativeBuffer[]> {
  hookExit();
  return new Promise((resolve, reject) => {
    let settled = false;
    let reason: Error | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const entry: InFlight = { stop: (why) => stop(why) };
    const onAbort = () => stop(options.signal!.reason ?? abortError(`[execute] ${what} was aborted`));
    const finish = () => {
      settled = true;
      registry.delete(entry);
      clearTimeout(retry);
      clearTimeout(deadline);
      options.signal?.removeEventListener("abort", onAbort);
    };
    function stop(why: Error): void {
      if (settled || reason) return;
      reason = why;
      const code =
        (why as { codeName?: string }).codeName === "DEADLINE_EXCEEDED" ? DEADLINE_EXCEEDED : CANCELLED;
      const attempt = () => {
        if (settled) return;
        let poisoned: boolean;
        try {
          poisoned = exe.cancel(launch, code, why.message);
        } catch (e) {
          // The plugin cannot stop it: answer now, free what the run makes when it ends.
          finish();
          running.then(
            (outs) => {
              for (const b of outs) b.delete();
            },
            () => undefined,
          );
          reject(Object.assign(why, { cause: e }));
          return;
        }
        // Not started yet (queued behind other work) or just finishing: try again shortly.
        if (!poisoned) retry = setTimeout(attempt, 5);
      };
      attempt();
    }
    running.then(
      (outs) => {
        if (settled) return;
        finish();
        resolve(outs);
      },
      (e) => {
        if (settled) return;
        finish();
        reject(reason ?? e);
      },
    );
    if (settled) return;
    registry.add(entry);
    if (options.timeoutMs !== undefined) {
      const ms = options.timeoutMs;
      deadline = setTimeout(() => {
        const e = new TsmlxError("exec", `${what} did not finish within ${ms} ms; it was stopped`);
        stop(Object.assign(e, { code: DEADLINE_EXCEEDED, codeName: "DEADLINE_EXCEEDED" }));
      }, ms);
    }
    if (options.signal) {
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener("abort", onAbort, { once: true });
    }
  });
}
