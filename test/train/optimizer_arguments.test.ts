/**
 * A table of bad optimizer and schedule arguments: each is refused when the optimizer or
 * schedule is made (not later as a NaN loss or a TypeError inside the train step), with an
 * error naming the function, the argument and what it got.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { adam, adamW, cosineSchedule, rmsProp, sgd, stepSchedule } from "../../src/train/optimizers.js";

const bad: [string, () => unknown, RegExp][] = [
  [
    `adam({ learningRate: NaN })`,
    () => adam({ learningRate: Number.NaN }),
    /^TsmlxError: \[adam\] learningRate must be a finite number or a schedule, got NaN$/,
  ],
  [
    `adam({ learningRate: "fast" })`,
    () => adam({ learningRate: "fast" as any }),
    /^TsmlxError: \[adam\] learningRate must be a finite number or a schedule, got "fast"$/,
  ],
  [
    `adam({ learningRate: Infinity })`,
    () => adam({ learningRate: Number.POSITIVE_INFINITY }),
    /learningRate must be a finite number or a schedule, got Infinity/,
  ],
  [
    `adam({ learningRate: -0.1 })`,
    () => adam({ learningRate: -0.1 }),
    /^TsmlxError: \[adam\] learningRate must be >= 0, got -0\.1$/,
  ],
  [
    `adam({ beta1: 1 })`,
    () => adam({ beta1: 1 }),
    /^TsmlxError: \[adam\] beta1 must be a number in \[0, 1\), got 1$/,
  ],
  [
    `adam({ beta2: -0.5 })`,
    () => adam({ beta2: -0.5 }),
    /^TsmlxError: \[adam\] beta2 must be a number in \[0, 1\), got -0\.5$/,
  ],
  [
    `adam({ epsilon: 0 })`,
    () => adam({ epsilon: 0 }),
    /^TsmlxError: \[adam\] epsilon must be a finite number > 0, got 0$/,
  ],
  [
    `adam({ clipGlobalNorm: 0 })`,
    () => adam({ clipGlobalNorm: 0 }),
    /^TsmlxError: \[adam\] clipGlobalNorm must be a finite number > 0, got 0$/,
  ],
  [
    `adam({ nanGuard: "yes" })`,
    () => adam({ nanGuard: "yes" as any }),
    /^TsmlxError: \[adam\] nanGuard must be a boolean, got "yes"$/,
  ],
  [
    `adam({ learningrate: 0.1 })`,
    () => adam({ learningrate: 0.1 } as any),
    /^TsmlxError: \[adam\] unknown option "learningrate" \(known: .*learningRate.*\)$/,
  ],
  [`adam("fast")`, () => adam("fast" as any), /^TsmlxError: \[adam\] options must be an object, got "fast"$/],
  [
    `adamW({ weightDecay: -1 })`,
    () => adamW({ weightDecay: -1 }),
    /^TsmlxError: \[adamw\] weightDecay must be a finite number >= 0, got -1$/,
  ],
  [
    `adamW({ learningRate: NaN })`,
    () => adamW({ learningRate: Number.NaN }),
    /^TsmlxError: \[adamw\] learningRate must be a finite number or a schedule/,
  ],
  [
    `sgd({ momentum: 1.5 })`,
    () => sgd({ momentum: 1.5 }),
    /^TsmlxError: \[sgd\] momentum must be a number in \[0, 1\), got 1\.5$/,
  ],
  [
    `sgd({ nesterov: 1, momentum: 0.9 })`,
    () => sgd({ nesterov: 1 as any, momentum: 0.9 }),
    /^TsmlxError: \[sgd\] nesterov must be a boolean, got 1$/,
  ],
  [
    `sgd({ weightDecay: NaN })`,
    () => sgd({ weightDecay: Number.NaN }),
    /^TsmlxError: \[sgd\] weightDecay must be a finite number >= 0, got NaN$/,
  ],
  [
    `sgd({ learningRate: null })`,
    () => sgd({ learningRate: null as any }),
    /^TsmlxError: \[sgd\] learningRate must be a finite number or a schedule, got null$/,
  ],
  [
    `rmsProp({ rho: 2 })`,
    () => rmsProp({ rho: 2 }),
    /^TsmlxError: \[rmsprop\] rho must be a number in \[0, 1\), got 2$/,
  ],
  [
    `rmsProp({ epsilon: -1 })`,
    () => rmsProp({ epsilon: -1 }),
    /^TsmlxError: \[rmsprop\] epsilon must be a finite number > 0, got -1$/,
  ],
  [
    `rmsProp({ momentum: NaN })`,
    () => rmsProp({ momentum: Number.NaN }),
    /^TsmlxError: \[rmsprop\] momentum must be a number in \[0, 1\), got NaN$/,
  ],
  [
    `cosineSchedule({ base: NaN, totalSteps: 10 })`,
    () => cosineSchedule({ base: Number.NaN, totalSteps: 10 }),
    /^TsmlxError: \[cosineSchedule\] base must be a finite number >= 0, got NaN$/,
  ],
  [
    `cosineSchedule({ base: 1, totalSteps: 10.5 })`,
    () => cosineSchedule({ base: 1, totalSteps: 10.5 }),
    /^TsmlxError: \[cosineSchedule\] totalSteps must be a positive integer, got 10\.5$/,
  ],
  [
    `cosineSchedule({ base: 1 })`,
    () => cosineSchedule({ base: 1 } as any),
    /^TsmlxError: \[cosineSchedule\] totalSteps must be a positive integer, got undefined$/,
  ],
  [
    `cosineSchedule({ base: 1, totalSteps: 10, warmupSteps: -1 })`,
    () => cosineSchedule({ base: 1, totalSteps: 10, warmupSteps: -1 }),
    /^TsmlxError: \[cosineSchedule\] warmupSteps must be a non-negative integer, got -1$/,
  ],
  [
    `cosineSchedule({ base: 1, totalSteps: 10, minValue: "0" })`,
    () => cosineSchedule({ base: 1, totalSteps: 10, minValue: "0" as any }),
    /^TsmlxError: \[cosineSchedule\] minValue must be a finite number >= 0, got "0"$/,
  ],
  [
    `cosineSchedule({ base: 1, totalSteps: 10, warmupSteps: 10 })`,
    () => cosineSchedule({ base: 1, totalSteps: 10, warmupSteps: 10 }),
    /^TsmlxError: \[cosineSchedule\] totalSteps 10 must exceed warmupSteps 10$/,
  ],
  [
    `stepSchedule({ base: 1, stepSize: 0 })`,
    () => stepSchedule({ base: 1, stepSize: 0 }),
    /^TsmlxError: \[stepSchedule\] stepSize must be a finite number > 0, got 0$/,
  ],
  [
    `stepSchedule({ base: 1, stepSize: 10, gamma: NaN })`,
    () => stepSchedule({ base: 1, stepSize: 10, gamma: Number.NaN }),
    /^TsmlxError: \[stepSchedule\] gamma must be a finite number > 0, got NaN$/,
  ],
  [
    `stepSchedule({ base: "x", stepSize: 10 })`,
    () => stepSchedule({ base: "x" as any, stepSize: 10 }),
    /^TsmlxError: \[stepSchedule\] base must be a finite number >= 0, got "x"$/,
  ],
];

for (const [name, make, message] of bad) {
  test(`${name} is refused with an error naming the argument and its value`, () => {
    assert.throws(make, message);
  });
}

test("good arguments, schedules included, are accepted", () => {
  assert.equal(
    adam({ learningRate: cosineSchedule({ base: 1e-3, warmupSteps: 10, totalSteps: 100 }) }).name,
    "adam",
  );
  assert.equal(sgd({ learningRate: 0, momentum: 0.9, nesterov: true, weightDecay: 1e-4 }).name, "sgd");
  assert.equal(adamW({ beta1: 0, beta2: 0.99, epsilon: 1e-6, weightDecay: 0 }).name, "adamw");
  assert.equal(rmsProp({ rho: 0, momentum: 0.5, clipGlobalNorm: 1, nanGuard: false }).name, "rmsprop");
  assert.equal(typeof stepSchedule({ base: 0.1, stepSize: 100, gamma: 0.5 }), "function");
});
