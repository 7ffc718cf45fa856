/**
 * The handshake between the I/O thread (which receives interrupt_request) and the main thread
 * (which runs cells), over one shared 32-bit word.
 *
 * Node stops synchronous code with SIGINT only while a `breakOnSigint` script runs. Around such
 * a script (while vm swaps its signal handlers in and out) a SIGINT either kills the process
 * (default disposition) or is swallowed by vm's watchdog after the script has ended. So the I/O
 * thread never signals blindly: it marks the interrupt pending, posts a message (handled when the
 * main thread is free, e.g. while a cell awaits), and raises SIGINT only after claiming the word
 * while the main thread is inside a cell step. The main thread claims the word back before it
 * leaves a step; if the I/O thread claimed it first, the step waits for the termination that the
 * signal brings, so a signal is never raised outside a step.
 *
 * Word: bits 0-1 the main thread's phase (OUTSIDE, INSIDE a step, SIGNALLED), bit 2 pending.
 */

/** The main thread is not running a cell step (it may be awaiting, idle or in kernel code). */
export const OUTSIDE = 0;
/** The main thread runs a cell step under vm's breakOnSigint watchdog. */
export const INSIDE = 1;
/** The I/O thread claimed an INSIDE step and raised SIGINT; the step must end by termination. */
export const SIGNALLED = 2;
/** An interrupt was requested and not yet delivered. */
export const PENDING = 4;

/** How long a signalled step waits for vm's termination before giving up on the signal. */
const SIGNAL_WAIT_MS = 2000;

/** Raised when a pending interrupt is delivered at a step boundary. */
export class GateInterrupt extends Error {
  constructor() {
    super("the cell was interrupted");
    this.name = "Interrupt";
  }
}

/**
 * One side of the interrupt handshake over a SharedArrayBuffer.
 * @example const gate = new InterruptGate(); new Worker(url, { workerData: { gate: gate.buffer } })
 */
export class InterruptGate {
  private readonly word: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.word = new Int32Array(buffer, 0, 1);
  }

  /** The raw word (for tests and logs). */
  get state(): number {
    return Atomics.load(this.word, 0);
  }

  // ----- I/O thread --------------------------------------------------------------------

  /** Marks an interrupt as requested (I/O thread). */
  request(): void {
    Atomics.or(this.word, 0, PENDING);
  }

  /** Whether a requested interrupt has not been delivered yet. */
  pending(): boolean {
    return (Atomics.load(this.word, 0) & PENDING) !== 0;
  }

  /**
   * Claims a pending interrupt while the main thread is inside a step (I/O thread); when this
   * returns true the caller must raise SIGINT, and the step cannot end before it lands.
   */
  claimForSignal(): boolean {
    return Atomics.compareExchange(this.word, 0, INSIDE | PENDING, SIGNALLED) === (INSIDE | PENDING);
  }

  // ----- main thread -------------------------------------------------------------------

  /** Takes a pending interrupt while outside a step (main thread); true if there was one. */
  takeOutside(): boolean {
    for (;;) {
      const w = Atomics.load(this.word, 0);
      if ((w & PENDING) === 0 || (w & 3) !== OUTSIDE) return false;
      if (Atomics.compareExchange(this.word, 0, w, w & ~PENDING) === w) return true;
    }
  }

  /** Drops an interrupt that arrived too late for the cell it was meant for (main thread). */
  clearPending(): void {
    Atomics.and(this.word, 0, ~PENDING);
  }

  /** Called first thing inside a step: a pending interrupt stops the step before it starts. */
  enter(): void {
    for (;;) {
      const w = Atomics.load(this.word, 0);
      if (w & PENDING) {
        if (Atomics.compareExchange(this.word, 0, w, OUTSIDE) === w) throw new GateInterrupt();
      } else if (Atomics.compareExchange(this.word, 0, w, INSIDE) === w) {
        return;
      }
    }
  }

  /**
   * Called last thing inside a step. If the I/O thread has signalled, waits (still inside the
   * step, so vm's watchdog is armed) for the termination; a pending interrupt ends the step here.
   */
  leave(): void {
    for (;;) {
      const w = Atomics.compareExchange(this.word, 0, INSIDE, OUTSIDE);
      if (w === INSIDE) return;
      if ((w & 3) === SIGNALLED) {
        const until = Date.now() + SIGNAL_WAIT_MS;
        // The termination interrupts this loop; the timeout only guards against a lost signal.
        while (Date.now() < until) Atomics.wait(this.word, 0, w, 5);
        Atomics.store(this.word, 0, OUTSIDE);
        throw new GateInterrupt();
      }
      // INSIDE | PENDING: take it here unless the I/O thread claims it for a signal first.
      if (Atomics.compareExchange(this.word, 0, w, OUTSIDE) === w) throw new GateInterrupt();
    }
  }

  /** Resets the phase after a step ended abnormally (terminated or threw through leave). */
  reset(): void {
    Atomics.store(this.word, 0, OUTSIDE);
  }
}
