/** Child process of hostile.test.ts: loads the newest checkpoint of argv[2] and prints the outcome as JSON. */
import { Checkpoints } from "../../src/checkpoint/index.js";

// Run without a directory (as the test runner does with every file under test/), it does nothing.
const dir = process.argv[2];
if (dir) {
  const started = Date.now();
  try {
    const s = new Checkpoints(dir).load();
    process.stdout.write(`${JSON.stringify({ ok: true, step: s.step, ms: Date.now() - started })}\n`);
  } catch (e) {
    process.stdout.write(
      `${JSON.stringify({ ok: false, message: (e as Error).message, ms: Date.now() - started })}\n`,
    );
  }
}
