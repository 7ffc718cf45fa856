/** Child process of checkpoint.test.ts: saves step 2 into argv[2] and dies mid-save (SIGKILL). */
import { Checkpoints } from "../../src/checkpoint/index.js";
import { tensor } from "../../src/core/tensor.js";

// Run without a directory (as the test runner does with every file under test/), it does nothing.
const dir = process.argv[2];
if (dir) {
  new Checkpoints(dir).save(
    {
      step: 2,
      tensors: {
        "dense/w": tensor(
          [
            [9, 9],
            [9, 9],
          ],
          "f32",
        ),
        "opt/count": tensor(2, "i64"),
      },
    },
    { beforeRename: () => process.kill(process.pid, "SIGKILL") },
  );
}
