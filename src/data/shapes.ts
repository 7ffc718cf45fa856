/**
 * A small synthetic image set in CIFAR-10's layout (u8 [N,32,32,3] images, i32 labels 0..9):
 * ten classes of one coloured shape on a noisy background, with random position, size, hue
 * and background. It stands in for CIFAR-10 where the real data cannot be had (offline
 * tests); it is not CIFAR-10, and results on it say nothing about CIFAR-10.
 */
import { seededRandom } from "../context/initializers.js";
import { TsmlxError } from "../core/errors.js";
import { Tensor } from "../core/tensor.js";
import type { CifarSplit } from "./cifar.js";

const SIDE = 32;

/** The class names of {@link coloredShapes}: five shapes, each in warm or cool colours. */
export const COLORED_SHAPES_CLASSES = [
  "warm square",
  "warm disc",
  "warm triangle",
  "warm ring",
  "warm cross",
  "cool square",
  "cool disc",
  "cool triangle",
  "cool ring",
  "cool cross",
] as const;

/** HSV (hue in degrees, s and v in [0, 1]) to RGB bytes. */
function hsv(h: number, s: number, v: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + h / 60) % 6;
    return Math.round(255 * (v - v * s * Math.max(0, Math.min(k, 4 - k, 1))));
  };
  return [f(5), f(3), f(1)];
}

function inside(shape: number, dx: number, dy: number, r: number): boolean {
  const d = Math.hypot(dx, dy);
  switch (shape) {
    case 0:
      return Math.abs(dx) <= 0.8 * r && Math.abs(dy) <= 0.8 * r;
    case 1:
      return d <= r;
    case 2:
      return dy >= -r && dy <= r && Math.abs(dx) <= (dy + r) / 2;
    case 3:
      return d <= r && d >= 0.55 * r;
    default:
      return (Math.abs(dx) <= 0.3 * r && Math.abs(dy) <= r) || (Math.abs(dy) <= 0.3 * r && Math.abs(dx) <= r);
  }
}

/**
 * `count` images of coloured shapes, labels cycling 0..9 (class `COLORED_SHAPES_CLASSES[label]`),
 * the same for the same `seed`.
 * `const { images, labels } = coloredShapes(500, 1)`
 */
export function coloredShapes(count: number, seed = 0): CifarSplit {
  if (!Number.isInteger(count) || count < 0)
    throw new TsmlxError("coloredShapes", `count must be a non-negative integer, got ${count}`);
  const rand = seededRandom(seed * 0x9e3779b1 + 1);
  const images = new Uint8Array(count * SIDE * SIDE * 3);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 10;
    labels[i] = label;
    const shape = label % 5;
    const warm = label < 5;
    const r = 6 + 6 * rand();
    const cx = r + (SIDE - 2 * r) * rand();
    const cy = r + (SIDE - 2 * r) * rand();
    const hue = warm ? 50 * rand() : 180 + 70 * rand();
    const fg = hsv(hue, 0.7 + 0.3 * rand(), 0.7 + 0.3 * rand());
    const bg = hsv(360 * rand(), 0.25 * rand(), 0.15 + 0.4 * rand());
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const on = inside(shape, x + 0.5 - cx, y + 0.5 - cy, r);
        const base = ((i * SIDE + y) * SIDE + x) * 3;
        for (let c = 0; c < 3; c++) {
          const v = (on ? fg[c]! : bg[c]!) + Math.round(30 * (rand() - 0.5));
          images[base + c] = Math.max(0, Math.min(255, v));
        }
      }
    }
  }
  return {
    images: Tensor.fromTypedArray("u8", [count, SIDE, SIDE, 3], images),
    labels: Tensor.fromTypedArray("i32", [count], labels),
  };
}
