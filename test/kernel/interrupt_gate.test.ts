/**
 * The interrupt handshake between the I/O thread and the main thread: a signal may only be
 * claimed while a step runs, a step never ends while a claimed signal is on its way, and a
 * pending interrupt is delivered once. (The real race, signals landing around vm's
 * breakOnSigint scripts, is exercised through a real kernel in client.test.ts.)
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  GateInterrupt,
  INSIDE,
  InterruptGate,
  OUTSIDE,
  PENDING,
  SIGNALLED,
} from "../../kernel/exec/interrupt_gate.js";

test("an interrupt requested outside a step is taken once by the main thread and never claimed for a signal", () => {
  const g = new InterruptGate();
  g.request();
  assert.equal(g.state, OUTSIDE | PENDING);
  assert.equal(g.claimForSignal(), false);
  assert.equal(g.takeOutside(), true);
  assert.equal(g.takeOutside(), false);
  assert.equal(g.state, OUTSIDE);
});

test("a pending interrupt stops the next step as it enters", () => {
  const g = new InterruptGate();
  g.request();
  assert.throws(() => g.enter(), GateInterrupt);
  assert.equal(g.state, OUTSIDE);
  g.enter();
  assert.equal(g.state, INSIDE);
  g.leave();
  assert.equal(g.state, OUTSIDE);
});

test("an interrupt requested inside a step is claimed for a signal, or else taken when the step leaves", () => {
  const g = new InterruptGate();
  g.enter();
  g.request();
  assert.equal(g.claimForSignal(), true);
  assert.equal(g.state, SIGNALLED);
  assert.equal(g.claimForSignal(), false);
  g.reset(); // what the executor does once vm reports the termination
  assert.equal(g.state, OUTSIDE);

  g.enter();
  g.request();
  assert.throws(() => g.leave(), GateInterrupt); // not claimed: the step ends as interrupted
  assert.equal(g.state, OUTSIDE);
});

test("clearPending withdraws an interrupt that came too late for its cell", () => {
  const g = new InterruptGate();
  g.request();
  g.clearPending();
  assert.equal(g.takeOutside(), false);
  g.enter();
  g.leave();
});
